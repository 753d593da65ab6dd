"""Trips of several days: nights at lodgings, hours and lunch every day, the checker's night rules."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from routing import GeodesicMatrixProvider, ProblemBuilder, SolveParams, check, solve
from routing.plan import Plan

DAYS = [date(2026, 3, 2) + timedelta(d) for d in range(3)]  # Monday to Wednesday


def far_problem(max_trip_days: int = 3):
    """A library and, 100 km north on slow roads, a commune no day trip reaches (a lodging there)."""
    b = ProblemBuilder(DAYS)
    b.add_depot("library", 22.0, 104.0)
    b.add_vehicle(
        "bus1",
        "library",
        capacity_boxes=12,
        hours="07:00-17:00",
        lunch="11:00-13:30",
        lunch_min=60,
        speed_kmh=25,
        max_trip_days=max_trip_days,
    )
    b.add_commune("xa-xa")
    b.add_commune("xa-gan")
    b.add_lodging("nha-nghi", "xa-xa", 22.90, 104.0, cost_per_night=40)
    for k, (lat, lon) in enumerate([(22.92, 104.02), (22.88, 103.98), (22.91, 103.97)]):
        b.add_visit(
            f"far{k}",
            f"far-school-{k}",
            lat,
            lon,
            duration_min=90,
            setup_min=15,
            windows=["07:00-11:15", "13:30-16:45"],
            deliver_boxes=3,
            collect_boxes=2,
            commune_id="xa-xa",
        )
    b.add_visit("near", "near-school", 22.05, 104.02, duration_min=90, windows=["07:00-11:15", "13:30-16:45"])
    problem = b.build()
    return problem, GeodesicMatrixProvider().build(problem.points())


@pytest.fixture(scope="module")
def trip():
    problem, matrix = far_problem()
    plan = solve(problem, SolveParams(time_limit_s=2.0, seed=0), matrix=matrix)
    return problem, matrix, plan


def test_far_sites_are_served_on_a_trip_with_nights_at_the_lodging(trip):
    problem, matrix, plan = trip
    assert check(problem, plan, matrix) == []
    trips = [t for t in plan.trips() if len(t.routes) > 1]
    assert len(trips) == 1
    (t,) = trips
    assert t.lodgings and set(t.lodgings) == {"nha-nghi"}
    served = {s.visit_id for r in t.routes for s in r.stops}
    assert {"far0", "far1", "far2"} <= served
    assert t.routes[0].start_at is None and t.routes[-1].end_at is None  # from and back to the library
    assert plan.stats["nights"] == len(t.routes) - 1
    assert plan.stats["night_cost"] == 40 * (len(t.routes) - 1)


def test_every_day_of_a_trip_keeps_working_hours_and_lunch(trip):
    problem, _, plan = trip
    bus = problem.vehicle("bus1")
    for r in plan.routes:
        shift = bus.shift_on(r.date)
        assert shift.start_s <= r.start_s <= r.end_s <= shift.end_s
        assert r.break_start_s is not None
        assert bus.lunch.earliest_start_s <= r.break_start_s
        assert r.break_start_s + bus.lunch.duration_s <= bus.lunch.latest_end_s
        for s in r.stops:  # no visit during lunch
            assert s.departure_s <= r.break_start_s or s.start_s >= r.break_start_s + bus.lunch.duration_s


def test_a_trip_leaves_with_all_its_deliveries(trip):
    problem, _, plan = trip
    (t,) = [t for t in plan.trips() if len(t.routes) > 1]
    total = sum(problem.visit(s.visit_id).deliver_boxes for r in t.routes for s in r.stops)
    assert t.routes[0].load_start == total
    for a, b in zip(t.routes, t.routes[1:], strict=False):
        assert b.load_start == (a.stops[-1].load_after if a.stops else a.load_start)


def test_without_trips_the_far_sites_are_unreachable():
    problem, matrix = far_problem(max_trip_days=1)
    plan = solve(problem, SolveParams(time_limit_s=1.0), matrix=matrix)
    reasons = {lo.visit_id: lo.reason for lo in plan.left_out}
    assert reasons == {"far0": "unreachable", "far1": "unreachable", "far2": "unreachable"}
    assert check(problem, plan, matrix) == []


def _replace_route(plan: Plan, i: int, **changes) -> Plan:
    routes = list(plan.routes)
    routes[i] = dataclasses.replace(routes[i], **changes)
    return dataclasses.replace(plan, routes=tuple(routes))


def _codes(problem, plan, matrix):
    return {v.code for v in check(problem, plan, matrix)}


def test_checker_rejects_a_night_drive(trip):
    problem, matrix, plan = trip
    i = next(i for i, r in enumerate(plan.routes) if r.end_at)
    # the crew do not sleep at the lodging: they drive home that night and start from the lodging anyway
    assert "night_drive" in _codes(problem, _replace_route(plan, i, end_at=None), matrix)
    # or the next day starts from the library without the drive back
    assert "night_drive" in _codes(problem, _replace_route(plan, i + 1, start_at=None), matrix)


def test_checker_rejects_a_trip_longer_than_allowed(trip):
    problem, matrix, plan = trip
    if max(len(t.routes) for t in plan.trips()) < 3:
        pytest.skip("the planner chose a two-day trip")
    shorter = dataclasses.replace(problem, vehicles=(dataclasses.replace(problem.vehicle("bus1"), max_trip_days=2),))
    assert "trip_length" in _codes(shorter, plan, matrix)


def test_checker_rejects_a_trip_that_leaves_without_its_later_deliveries(trip):
    problem, matrix, plan = trip
    i = next(i for i, r in enumerate(plan.routes) if r.end_at and r.start_at is None)
    first = plan.routes[i]
    own = sum(problem.visit(s.visit_id).deliver_boxes for s in first.stops)
    wrong = own if own != first.load_start else own - 1  # only the first day's boxes
    assert "load" in _codes(problem, _replace_route(plan, i, load_start=wrong), matrix)


def test_plan_with_trips_round_trips_through_json(trip):
    _, _, plan = trip
    again = Plan.from_dict(plan.to_dict())
    assert again.routes == plan.routes


def test_no_slot_is_offered_on_a_day_of_a_trip(trip):
    from routing import Location, TimeWindow, Visit, offer_slots

    problem, matrix, plan = trip
    ask = Visit("ask", "new-school", Location(22.06, 104.01), 3600, windows=(TimeWindow.parse("07:00-11:15"),))
    away = {r.date for r in plan.routes if r.start_at or r.end_at}
    offers = offer_slots(problem, plan, ask, matrix=matrix, limit=None)
    assert away and not any(o.date in away for o in offers)


def test_replanning_during_a_trip_keeps_the_trip_under_way(trip):
    from routing import replan

    problem, matrix, plan = trip
    (t,) = [t for t in plan.trips() if len(t.routes) > 1]
    res = replan(problem, plan, today=t.dates[1], params=SolveParams(time_limit_s=1.0), matrix=matrix)
    assert check(res.problem, res.plan, matrix) == []
    for r in t.routes:
        assert res.plan.route_for(r.vehicle_id, r.date) == r
