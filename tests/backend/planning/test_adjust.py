"""Adjusting a draft by hand: moves checked by the planner's checker, refusals that say why, pins kept by re-plans."""

import datetime
from collections import Counter

import pytest

from backend.places.models import Closure, ClosureKind
from backend.planning.models import Plan, PlannedVisit, PlanRoute, RunStatus
from backend.planning.services import (
    PlanNotDraftError,
    VisitMoveRefusedError,
    plan_publish,
    planned_visit_move,
    planned_visit_pin,
    planning_run_execute,
    planning_run_start,
)
from tests.backend.planning.test_planning_flow import assert_plan_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(coordinator, network, monday):
    run = planning_run_start(
        user=coordinator,
        starts_on=monday,
        ends_on=monday + datetime.timedelta(days=4),
        vehicles=[network["vehicle"]],
        time_limit_s=2,
    )
    run = planning_run_execute(run_id=run.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error
    return Plan.objects.get(run=run)


def _snapshot(plan):
    return sorted(
        PlannedVisit.objects.filter(route__plan=plan).values_list("key", "route__date", "position", "starts_at")
    )


def _quiet_date(plan):
    """The plan's date with the fewest visits (a date without any counts as zero)."""
    counts = Counter(PlannedVisit.objects.filter(route__plan=plan).values_list("route__date", flat=True))
    dates = [plan.starts_on + datetime.timedelta(days=n) for n in range(5)]
    return min(dates, key=lambda d: counts.get(d, 0))


def test_a_visit_moved_to_another_date_is_re_timed_pinned_and_valid(draft, network):
    quiet = _quiet_date(draft)
    visit = PlannedVisit.objects.filter(route__plan=draft).exclude(route__date=quiet).order_by("id").first()

    moved = planned_visit_move(visit=visit, date=quiet, vehicle=network["vehicle"])

    assert moved.route.date == quiet and moved.pinned
    assert_plan_valid(draft)
    positions = list(PlanRoute.objects.get(pk=moved.route_id).visits.values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))
    draft.refresh_from_db()
    assert draft.distance_m == sum(draft.routes.values_list("distance_m", flat=True))


def test_a_move_to_a_date_the_site_is_closed_is_refused_naming_the_site(draft, network):
    visit = PlannedVisit.objects.filter(route__plan=draft).select_related("site", "route").first()
    other = next(d for d in (draft.starts_on + datetime.timedelta(days=n) for n in range(5)) if d != visit.route.date)
    Closure.objects.create(kind=ClosureKind.SITE, site=visit.site, name="Thi học kỳ", starts_on=other, ends_on=other)
    before = _snapshot(draft)

    with pytest.raises(VisitMoveRefusedError) as refused:
        planned_visit_move(visit=visit, date=other, vehicle=network["vehicle"])

    assert refused.value.code == "move_refused"
    assert visit.site.name in refused.value.message and "site:" not in refused.value.message
    assert _snapshot(draft) == before
    assert not PlannedVisit.objects.get(pk=visit.pk).pinned


def test_a_move_onto_a_full_day_is_refused_with_the_broken_rule(draft, network):
    counts = Counter(PlannedVisit.objects.filter(route__plan=draft).values_list("route__date", flat=True))
    full = max(counts, key=counts.get)
    visit = PlannedVisit.objects.filter(route__plan=draft).exclude(route__date=full).first()
    before = _snapshot(draft)

    with pytest.raises(VisitMoveRefusedError) as refused:
        planned_visit_move(visit=visit, date=full, vehicle=network["vehicle"], position=1)

    assert refused.value.extra["reasons"]
    assert _snapshot(draft) == before


def test_only_drafts_are_changed_by_hand(draft, coordinator, network):
    plan_publish(plan=draft, user=coordinator)
    visit = PlannedVisit.objects.filter(route__plan=draft).first()
    with pytest.raises(PlanNotDraftError):
        planned_visit_move(visit=visit, date=draft.starts_on, vehicle=network["vehicle"])


def test_the_next_re_plan_keeps_pinned_visits(draft, coordinator, network):
    visit = PlannedVisit.objects.filter(route__plan=draft).select_related("route").order_by("-id").first()
    planned_visit_pin(visit=visit, pinned=True)

    run = planning_run_start(
        user=coordinator,
        starts_on=draft.starts_on,
        ends_on=draft.ends_on,
        vehicles=[network["vehicle"]],
        time_limit_s=2,
        base_plan=draft,
    )
    run = planning_run_execute(run_id=run.pk)

    assert run.status == RunStatus.SUCCEEDED, run.error
    kept = PlannedVisit.objects.select_related("route").get(route__plan__run=run, key=visit.key)
    assert (kept.route.date, kept.route.vehicle_id, kept.starts_at, kept.pinned) == (
        visit.route.date,
        visit.route.vehicle_id,
        visit.starts_at,
        True,
    )
