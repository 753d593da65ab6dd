"""The console's forms and the schools' request page refuse dates out of bounds (year 9999, year 1), like both
APIs: the form names the field and nothing is saved."""

import pytest

from backend.planning.forms import VisitRequestForm
from backend.stock.models import RotationProposal

pytestmark = pytest.mark.django_db
FAR = "9999-12-31"


def _form(name, request):
    from backend.console.forms import PlanningRunForm
    from backend.console.views.disruptions import SiteClosedForm, VehicleOutForm
    from backend.console.views.readers import ReaderForm
    from backend.console.views.requests import SlotForm

    if name == "run":
        return PlanningRunForm({"starts_on": FAR, "ends_on": FAR}), "starts_on"
    if name == "bus out":
        return VehicleOutForm({"starts_on": FAR, "ends_on": FAR, "reason": "x"}), "ends_on"
    if name == "site closed":
        return SiteClosedForm({"starts_on": "0001-01-01", "ends_on": "0001-01-02", "reason": "x"}), "starts_on"
    if name == "reader":
        return ReaderForm({"card_number": "BD-1", "full_name": "Lê Văn A", "card_expires_on": FAR}), "card_expires_on"
    if name == "slot":
        return SlotForm({"date": FAR, "vehicle": 1, "starts_at": "08:00"}), "date"
    school = request.getfixturevalue("school")
    return VisitRequestForm({"preferred_from": FAR, "preferred_until": FAR}, school=school), "preferred_from"


@pytest.mark.parametrize("name", ["run", "bus out", "site closed", "reader", "slot", "school request"])
def test_a_form_refuses_a_date_out_of_bounds(request, name):
    form, field = _form(name, request)

    assert not form.is_valid()
    assert field in form.errors


def test_a_rotation_proposal_for_year_9999_is_refused_with_a_message(client, coordinator):
    client.force_login(coordinator)

    response = client.post("/console/collections/proposals/new/", {"starts_on": FAR}, follow=True)

    assert not RotationProposal.objects.exists()
    assert [m for m in response.context["messages"] if "1900" in str(m)]  # "Choose a date from 01/01/1900 to …"
