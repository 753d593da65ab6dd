"""Tests that the independent checker catches each kind of broken plan."""

import dataclasses

import pytest

from routing import Plan, check


@pytest.fixture
def solved_tiny(tiny, fast):
    from routing import solve

    problem, matrix = tiny
    return problem, matrix, solve(problem, fast, matrix=matrix)


def edit_stop(plan, route_i, stop_i, **changes):
    routes = list(plan.routes)
    stops = list(routes[route_i].stops)
    stops[stop_i] = dataclasses.replace(stops[stop_i], **changes)
    routes[route_i] = dataclasses.replace(routes[route_i], stops=tuple(stops))
    return dataclasses.replace(plan, routes=tuple(routes))


def codes(problem, plan, matrix):
    return {v.code for v in check(problem, plan, matrix)}


def test_valid_plan_has_no_violations(solved_tiny):
    problem, matrix, plan = solved_tiny
    assert check(problem, plan, matrix) == []


def test_start_outside_window_is_caught(solved_tiny):
    problem, matrix, plan = solved_tiny
    s = plan.routes[0].stops[1]
    bad = edit_stop(plan, 0, 1, start_s=s.start_s - 600, departure_s=s.departure_s - 600)
    assert "time_window" in codes(problem, bad, matrix)


def test_too_fast_travel_is_caught(solved_tiny):
    problem, matrix, plan = solved_tiny
    s = plan.routes[0].stops[0]
    assert "travel_time" in codes(problem, edit_stop(plan, 0, 0, arrival_s=s.arrival_s - 60), matrix)


def test_wrong_distance_is_caught(solved_tiny):
    problem, matrix, plan = solved_tiny
    assert "distance" in codes(problem, edit_stop(plan, 0, 0, distance_m=10), matrix)


def test_silent_drop_and_double_visit_are_caught(solved_tiny):
    problem, matrix, plan = solved_tiny
    r0 = plan.routes[0]
    dropped = dataclasses.replace(plan, routes=(dataclasses.replace(r0, stops=r0.stops[:1]), plan.routes[1]))
    assert "silent_drop" in codes(problem, dropped, matrix)
    twice = dataclasses.replace(plan, routes=(r0, dataclasses.replace(plan.routes[1], stops=r0.stops[:1])))
    assert "visited_twice" in codes(problem, twice, matrix)


def test_missing_or_misplaced_lunch_is_caught(solved_tiny):
    problem, matrix, plan = solved_tiny
    r0 = plan.routes[0]
    no_break = dataclasses.replace(plan, routes=(dataclasses.replace(r0, break_start_s=None), plan.routes[1]))
    assert codes(problem, no_break, matrix) == {"break"}
    inside = r0.stops[1].start_s - 1800  # lunch window ends 13:30 = the visit's start
    wrong = dataclasses.replace(plan, routes=(dataclasses.replace(r0, break_start_s=inside), plan.routes[1]))
    assert "break" in codes(problem, wrong, matrix)


def test_capacity_and_load_are_checked(solved_tiny):
    problem, matrix, plan = solved_tiny
    small = dataclasses.replace(
        problem, vehicles=tuple(dataclasses.replace(v, capacity_boxes=3) for v in problem.vehicles)
    )
    assert "capacity" in codes(small, plan, matrix)
    assert "load" in codes(problem, edit_stop(plan, 0, 0, load_after=0), matrix)


def test_date_and_shift_rules_are_checked(solved_tiny):
    problem, matrix, plan = solved_tiny
    r1 = plan.routes[1]
    moved = dataclasses.replace(plan, routes=(plan.routes[0], dataclasses.replace(r1, date=plan.routes[0].date)))
    assert {"duplicate_route", "date_not_allowed"} <= codes(problem, moved, matrix)
    late = dataclasses.replace(plan, routes=(plan.routes[0], dataclasses.replace(r1, end_s=80000)))
    assert "working_hours" in codes(problem, late, matrix)


def test_mandatory_left_out_is_reported(solved_tiny):
    problem, matrix, plan = solved_tiny
    must = dataclasses.replace(
        problem, visits=tuple(dataclasses.replace(v, mandatory=v.id == "c") for v in problem.visits)
    )
    from routing.plan import LeftOut

    without_c = Plan(plan.routes[:1], (LeftOut("c", "house-c", "no_room", "site house-c: ..."),))
    assert codes(must, without_c, matrix) == {"mandatory_left_out"}


def test_spacing_is_checked():
    from datetime import date, timedelta

    from routing import GeodesicMatrixProvider, ProblemBuilder
    from routing.plan import Route, Stop

    d0 = date(2026, 3, 2)
    b = ProblemBuilder([d0, d0 + timedelta(1)])
    b.add_depot("lib", 10.03, 105.78)
    b.add_vehicle("bus", "lib", capacity_boxes=5, lunch=None)
    b.add_periodic_visits("s", 10.03, 105.78, count=2, min_gap_days=7, duration_min=60)
    problem = b.build()
    matrix = GeodesicMatrixProvider().build(problem.points())
    routes = tuple(
        Route("bus", d0 + timedelta(i), 30000, 33600, (Stop(f"s#{i + 1}", "s", 30000, 30000, 33600, 0, 0),), 0)
        for i in range(2)
    )
    assert codes(problem, Plan(routes), matrix) == {"spacing"}


def test_is_feasible_agrees_with_check(solved_tiny):
    problem, matrix, plan = solved_tiny
    assert plan.is_feasible(problem, matrix)
    assert not edit_stop(plan, 0, 0, distance_m=1).is_feasible(problem, matrix)
