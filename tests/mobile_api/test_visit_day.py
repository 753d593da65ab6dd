"""An event belongs to its visit's day (give or take SYNC_VISIT_DAY_TOLERANCE_H): a phone playing another day's
run sheet cannot mark visits made."""

import datetime

from django.utils import timezone

from backend.crew.models import SyncConflict
from backend.planning.models import PlannedVisit
from tests.backend.factories import PlannedVisitFactory, PlanRouteFactory, SiteFactory
from tests.mobile_api.conftest import event


def sync(phone, events):
    response = phone.post("/api/mobile/v1/sync/", {"events": events}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _visit_on(day, plan, vehicle, commune):
    route = PlanRouteFactory(plan=plan, vehicle=vehicle, date=day)
    return PlannedVisitFactory(route=route, position=1, site=SiteFactory(commune=commune, school__commune=commune))


def test_an_event_for_a_visit_two_days_ahead_is_refused_and_changes_nothing(phone, day, vehicle, commune, today):
    monday = _visit_on(today + datetime.timedelta(days=2), day["plan"], vehicle, commune)

    (result,) = sync(phone, [event("arrive", monday)])

    assert (result["status"], result["code"]) == ("rejected", "before_visit_day")
    assert PlannedVisit.objects.get(pk=monday.pk).status == "planned"


def test_an_event_dated_after_its_visit_s_day_waits_for_a_coordinator(phone, day, vehicle, commune, today):
    last_week = _visit_on(today - datetime.timedelta(days=3), day["plan"], vehicle, commune)

    (result,) = sync(phone, [event("arrive", last_week)])

    assert (result["status"], result["code"]) == ("conflict", "after_visit_day")
    assert SyncConflict.objects.get().visit_id == last_week.pk
    assert PlannedVisit.objects.get(pk=last_week.pk).status == "planned"


def test_a_stop_that_runs_past_midnight_is_within_the_tolerance(phone, day, settings):
    visit = day["visits"][2]
    just_after_midnight = timezone.make_aware(
        datetime.datetime.combine(visit.route.date + datetime.timedelta(days=1), datetime.time(0, 30))
    )
    too_late = just_after_midnight + datetime.timedelta(hours=settings.BOOKBUS["SYNC_VISIT_DAY_TOLERANCE_H"])
    now = timezone.now()
    events = [event("leave", visit, at=just_after_midnight), event("leave", visit, at=too_late)]
    if just_after_midnight > now:  # the server refuses device times in its future: check the day's other edge
        midnight = timezone.make_aware(datetime.datetime.combine(visit.route.date, datetime.time(0)))
        before = midnight - datetime.timedelta(hours=1)
        events = [event("arrive", visit, at=before)]
        (result,) = sync(phone, events)
        assert result["status"] == "applied"
        return

    results = sync(phone, events)

    assert [r["status"] for r in results] == ["applied", "conflict"]
