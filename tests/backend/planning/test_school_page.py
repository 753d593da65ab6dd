"""The school's page: the coming visits of its sites, its notifications, and slot offers soonest first."""

import datetime

from django.urls import reverse

from backend.notifications.services import notification_send_to_school
from backend.planning.models import PlannedVisit, VisitRequest
from backend.planning.services import slot_offers_for
from tests.backend.planning.test_planning_flow import contact, coordinator_api, planned  # noqa: F401


def test_the_school_sees_its_coming_visits_notifications_and_offers_by_date(
    coordinator_api,  # noqa: F811
    contact,  # noqa: F811
    network,
    monday,
    client,
):
    plan = planned(coordinator_api, network, monday, days=12)
    assert coordinator_api.post(f"/api/v1/plans/{plan.id}/publish/").status_code == 200
    school = contact.school
    notification_send_to_school(school=school, kind="visit_time", subject="Giờ mới", body="Xe đến lúc 08:00.")
    client.force_login(contact)

    page = client.get(reverse("visits:request-list")).content.decode()

    ours = PlannedVisit.objects.filter(route__plan=plan, site__school=school)
    assert ours.exists()
    for visit in ours:
        assert visit.route.date.strftime("%d/%m/%Y") in page
    assert "Xe đến lúc 08:00." in page

    site = network["sites"][0]
    form = {
        "site": site.pk,
        "preferred_from": monday.isoformat(),
        "preferred_until": (monday + datetime.timedelta(days=11)).isoformat(),
        "window_start": "07:00",
        "window_end": "16:30",
        "students": 40,
        "grades": "3",
        "theme": "Ngày sách",
        "notes": "",
    }
    created = client.post(reverse("visits:request-list"), form)
    assert created.status_code == 302, created.content
    request = VisitRequest.objects.get(school=school)
    offers = slot_offers_for(request=request)
    assert offers
    assert [(o.date, o.starts_at) for o in offers] == sorted((o.date, o.starts_at) for o in offers)
    detail = client.get(reverse("visits:request-detail", args=[request.pk])).content.decode()
    assert offers[0].date.strftime("%d/%m/%Y") in detail
