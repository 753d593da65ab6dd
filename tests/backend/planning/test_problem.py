"""Tests that the planner's problem is built from the database as the network says."""

import datetime

import pytest

from backend.places.models import Closure, SeasonalOverride
from backend.planning.models import PlannedVisit, PlanRoute, VisitStatus
from backend.planning.services import problem_build
from backend.planning.services.plans import plan_save_from_routing


def build(network, monday, days=5, **kwargs):
    return problem_build(
        starts_on=monday, ends_on=monday + datetime.timedelta(days=days - 1), vehicles=[network["vehicle"]], **kwargs
    )


def test_every_active_site_never_visited_is_due_at_once(network, monday):
    built = build(network, monday)

    keys = sorted(v.id for v in built.problem.visits)
    assert keys == sorted(f"site:{s.id}#1" for s in network["sites"])
    assert all(v.dates[0] == monday for v in built.problem.visits)


def test_vehicle_works_its_weekdays_with_lunch(network, monday):
    built = build(network, monday, days=7)

    vehicle = built.problem.vehicles[0]
    assert [s.date.weekday() for s in vehicle.shifts] == [0, 1, 2, 3, 4, 5]
    assert vehicle.shifts[0].start_s == 7 * 3600 and vehicle.lunch.duration_s == 3600


def test_vehicle_without_its_minimum_crew_is_not_planned(network, monday):
    network["vehicle"].crew_assignments.first().delete()

    built = build(network, monday)

    assert built.problem.vehicles[0].shifts == ()
    assert built.crew_left_out[0]["reason"] == "crew_incomplete"
    assert built.crew_left_out[0]["message"] in built.notes[0]


def test_holidays_close_sites_and_vehicles(network, monday):
    Closure.objects.create(kind="holiday", name="Quốc khánh", starts_on=monday, ends_on=monday)

    built = build(network, monday)

    assert monday not in [s.date for s in built.problem.vehicles[0].shifts]
    assert all(monday not in v.dates for v in built.problem.visits)


def test_school_break_closes_school_sites(network, monday):
    Closure.objects.create(
        kind="school_break", name="Nghỉ hè", starts_on=monday, ends_on=monday + datetime.timedelta(days=6)
    )

    built = build(network, monday)

    assert built.problem.visits == ()
    assert len(built.problem.vehicles[0].shifts) == 5


def test_site_closure_and_closed_season_remove_dates(network, monday):
    first, second = network["sites"][:2]
    Closure.objects.create(kind="site", site=first, name="Sửa chữa", starts_on=monday, ends_on=monday)
    SeasonalOverride.objects.create(
        site=second,
        name="Đóng cửa",
        start_month=monday.month,
        start_day=monday.day,
        end_month=monday.month,
        end_day=monday.day,
        closed=True,
    )

    visits = {v.id: v for v in build(network, monday).problem.visits}

    assert monday not in visits[f"site:{first.id}#1"].dates
    assert monday not in visits[f"site:{second.id}#1"].dates


def test_recently_visited_site_is_due_only_after_its_interval(network, monday, depot):
    site = network["sites"][0]
    route = PlanRoute.objects.create(
        plan=_plan(),
        vehicle=network["vehicle"],
        date=monday - datetime.timedelta(days=10),
        starts_at=datetime.time(7),
        ends_at=datetime.time(12),
    )
    PlannedVisit.objects.create(
        route=route,
        position=1,
        key="x",
        site=site,
        arrives_at=datetime.time(8),
        starts_at=datetime.time(8),
        departs_at=datetime.time(10),
        status=VisitStatus.DONE,
    )

    visits = {v.id: v for v in build(network, monday, days=35).problem.visits}

    # due 21 days after the last visit (monday + 11); a third of the interval early is allowed
    assert visits[f"site:{site.id}#1"].dates[0] == monday + datetime.timedelta(days=4)
    assert visits[f"site:{site.id}#2"].dates[0] == monday + datetime.timedelta(days=32 - 7)


def _plan():
    from backend.planning.models import Plan

    return Plan.objects.create(
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 1, 31), network_revision=0, status="published"
    )


def test_periodic_visits_are_spaced(network, monday):
    built = build(network, monday, days=42)

    targets = {t.site_id: t for t in built.problem.periodic_targets}
    site = network["sites"][0]
    assert targets[f"site:{site.id}"].visits == 2
    assert targets[f"site:{site.id}"].min_gap_days == 14


@pytest.mark.parametrize("interval", [7])
def test_seasonal_override_shortens_the_interval(network, monday, interval):
    site = network["sites"][0]
    SeasonalOverride.objects.create(
        site=site, name="Ngày Sách", start_month=1, start_day=1, end_month=12, end_day=31, target_interval_days=interval
    )

    built = build(network, monday, days=14)

    assert len([v for v in built.problem.visits if v.site_id == f"site:{site.id}"]) == 2


def test_saving_a_plan_keeps_order_times_and_left_out(network, monday):
    import routing

    built = build(network, monday)
    plan = routing.solve(built.problem, routing.SolveParams(time_limit_s=2, seed=1))

    draft = plan_save_from_routing(run=None, built=built, plan=plan)

    assert draft.routes.count() == len(plan.routes)
    stored = PlannedVisit.objects.filter(route__plan=draft).count()
    assert stored == sum(len(r.stops) for r in plan.routes)
    assert stored + draft.left_out.count() == len(built.problem.visits)
    assert not routing.check(built.problem, plan)
