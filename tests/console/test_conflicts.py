"""The conflict inbox: each open sync conflict in words (copy by title, reader by name, the stop, what each side said,
never an id like ``library:2``), settled with htmx in place or by a plain form."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.crew.models import ConflictStatus, SyncConflict
from backend.crew.services import sync_batch_apply
from backend.stock.models import Loan
from backend.sync.services import device_register
from tests.backend.factories import (
    CopyFactory,
    LibraryFactory,
    PlannedVisitFactory,
    PlanRouteFactory,
    PublishedPlanFactory,
    ReaderFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def event(kind, visit=None, **data):
    body = {"id": str(uuid.uuid4()), "kind": kind, "device_time": timezone.now().isoformat(), "data": data}
    if visit is not None:
        body["visit"] = visit.pk
    return body


@pytest.fixture
def field(db, driver, vehicle, commune):
    """Today's route of the driver's bus, a copy the ledger keeps at the first stop's school library, a reader."""
    today = timezone.localdate()
    plan = PublishedPlanFactory(starts_on=today, ends_on=today + datetime.timedelta(days=6))
    route = PlanRouteFactory(plan=plan, vehicle=vehicle, date=today)
    visits = [
        PlannedVisitFactory(
            route=route,
            position=n + 1,
            site=SiteFactory(commune=commune, school__commune=commune),
            starts_at=datetime.time(8 + 3 * n),
        )
        for n in range(2)
    ]
    school_library = LibraryFactory(kind="school", commune=commune, name="Thư viện Trường Tiểu học Lê Lợi")
    return {
        "visits": visits,
        "device": device_register(user=driver, name="Điện thoại Lan")[0],
        "at_school": CopyFactory(library=school_library, record__title="Đất rừng phương Nam"),
        "on_bus": [CopyFactory(library=None, vehicle=vehicle) for _ in range(3)],
        "reader": ReaderFactory(site=visits[0].site, school=visits[0].site.school, full_name="Lê Thị Hoa"),
        "library": school_library,
    }


@pytest.fixture
def lend_conflict(field, settings):
    settings.BOOKBUS = {**settings.BOOKBUS, "SYNC_WAIT_HOURS": 0}  # no waiting for the copy to arrive: a conflict now
    copy, reader = field["at_school"], field["reader"]
    sync_batch_apply(
        device=field["device"],
        events=[event("lend", field["visits"][0], barcode=copy.barcode, card_number=reader.card_number)],
    )
    return SyncConflict.objects.get(code="copy_not_on_bus")


def test_an_open_conflict_is_shown_in_words(client, coordinator, field, lend_conflict, django_assert_max_num_queries):
    on_bus = [c.barcode for c in field["on_bus"]]
    sync_batch_apply(device=field["device"], events=[event("stocktake", barcodes=on_bus[1:])])
    client.force_login(coordinator)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("console:conflicts"))

    page = response.content.decode()
    assert response.status_code == 200 and len(response.context["views"]) == 2
    assert "Đất rừng phương Nam" in page and field["at_school"].barcode in page
    assert "Lê Thị Hoa" in page and field["reader"].card_number in page
    assert field["visits"][0].site.name in page and "Thư viện Trường Tiểu học Lê Lợi" in page
    assert field["on_bus"][0].record.title in page  # the copy the stocktake did not find, by its title
    assert "library:" not in page and "vehicle:" not in page and "site:" not in page


def test_accepting_with_htmx_settles_the_conflict_in_place(client, coordinator, lend_conflict):
    client.force_login(coordinator)

    response = client.post(
        reverse("console:conflict-resolve", args=[lend_conflict.pk]),
        {"resolution": "accept", "note": "Sách đã lên xe từ hôm trước"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200 and b"<html" not in response.content
    assert f'id="conflict-{lend_conflict.pk}"'.encode() in response.content and b"hx-post" not in response.content
    lend_conflict.refresh_from_db()
    assert lend_conflict.status == ConflictStatus.ACCEPTED and lend_conflict.resolved_by == coordinator
    assert Loan.objects.get(copy__barcode=lend_conflict.details["barcode"]).reader.full_name == "Lê Thị Hoa"


def test_keeping_the_servers_record_without_script_redirects_with_a_message(client, coordinator, lend_conflict):
    client.force_login(coordinator)

    response = client.post(
        reverse("console:conflict-resolve", args=[lend_conflict.pk]), {"resolution": "dismiss"}, follow=True
    )

    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    lend_conflict.refresh_from_db()
    assert lend_conflict.status == ConflictStatus.DISMISSED and not Loan.objects.exists()


def test_a_settled_conflict_or_a_missing_choice_is_refused_in_the_card(client, coordinator, lend_conflict):
    client.force_login(coordinator)
    url = reverse("console:conflict-resolve", args=[lend_conflict.pk])

    no_choice = client.post(url, {"resolution": "maybe"}, HTTP_HX_REQUEST="true")
    client.post(url, {"resolution": "dismiss"}, HTTP_HX_REQUEST="true")
    twice = client.post(url, {"resolution": "accept"}, HTTP_HX_REQUEST="true")

    assert no_choice.status_code == 200 and no_choice.context["error"] and b'role="alert"' in no_choice.content
    assert twice.context["error"] and not Loan.objects.exists()
    assert SyncConflict.objects.get(pk=lend_conflict.pk).status == ConflictStatus.DISMISSED


def test_only_coordinators_settle_conflicts(client, driver, lend_conflict):
    client.force_login(driver)
    assert client.get(reverse("console:conflicts")).status_code == 403
    assert (
        client.post(reverse("console:conflict-resolve", args=[lend_conflict.pk]), {"resolution": "accept"}).status_code
        == 403
    )
    assert SyncConflict.objects.get(pk=lend_conflict.pk).status == ConflictStatus.OPEN
