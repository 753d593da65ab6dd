"""Tests of the multi-day solver on tiny named instances with exact expected plans."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing import GeodesicMatrixProvider, ProblemBuilder, SolveParams, check, solve
from routing import plan as p
from routing.generate import province_problem

D0 = date(2026, 3, 2)
LIB = (10.03, 105.78)


def small(days=2, capacity=10, lunch="11:30-13:30"):
    b = ProblemBuilder([D0 + timedelta(i) for i in range(days)])
    b.add_depot("lib", *LIB)
    b.add_vehicle("bus", "lib", capacity_boxes=capacity, speed_kmh=36, lunch=lunch)
    return b


def solved(problem, seconds=1.0):
    matrix = GeodesicMatrixProvider().build(problem.points())
    plan = solve(problem, SolveParams(time_limit_s=seconds), matrix=matrix)
    assert check(problem, plan, matrix) == []
    return plan


def sequences(plan):
    return {(r.vehicle_id, r.date): [s.visit_id for s in r.stops] for r in plan.routes}


def test_tiny_instance_has_the_exact_expected_plan(tiny, fast):
    """Capacity 6 forbids one day for all three; a is morning-only, b afternoon-only, c on day 2."""
    problem, matrix = tiny
    plan = solve(problem, fast, matrix=matrix)
    assert check(problem, plan, matrix) == []
    assert sequences(plan) == {("bus1", D0): ["a", "b"], ("bus1", D0 + timedelta(1)): ["c"]}
    day1, day2 = plan.routes
    assert [s.start_s for s in day1.stops] == [25848, 48600]  # 07:10:48 after 6471 m at 36 km/h
    assert day1.start_s == 25200 and day1.end_s == 55812
    assert day1.break_start_s == 41400  # lunch taken on the way to b
    assert (day1.distance_m, day2.distance_m) == (6471 + 6413 + 9111, 2 * 6471)
    assert day2.stops[0].start_s == 46800 and day2.start_s == 46800 - 648
    assert day1.load_start == 4 and [s.load_after for s in day1.stops] == [3, 3]
    assert plan.left_out == ()


def test_same_seed_gives_the_same_plan(tiny, fast):
    problem, matrix = tiny
    assert solve(problem, fast, matrix=matrix).routes == solve(problem, fast, matrix=matrix).routes


def test_capacity_splits_deliveries_over_two_days():
    b = small(capacity=6)
    b.add_visit("a", "a", 10.06, 105.78, duration_min=60, deliver_boxes=4)
    b.add_visit("b", "b", 10.06, 105.79, duration_min=60, deliver_boxes=4)
    plan = solved(b.build())
    assert sorted(len(r.stops) for r in plan.routes) == [1, 1]


def test_collections_count_against_capacity_after_pickup():
    b = small(capacity=6)
    b.add_visit("a", "a", 10.06, 105.78, duration_min=60, collect_boxes=4)
    b.add_visit("b", "b", 10.06, 105.79, duration_min=60, collect_boxes=4)
    plan = solved(b.build())
    assert sorted(len(r.stops) for r in plan.routes) == [1, 1]


def test_delivery_then_collection_share_one_route():
    b = small(capacity=6)
    b.add_visit("a", "a", 10.06, 105.78, duration_min=60, deliver_boxes=6, windows=["07:00-10:00"])
    b.add_visit("b", "b", 10.06, 105.79, duration_min=60, collect_boxes=6, windows=["10:00-12:00"])
    plan = solved(b.build())
    assert list(sequences(plan).values()) == [["a", "b"]]
    assert [s.load_after for s in plan.routes[0].stops] == [0, 6]


def test_periodic_visits_keep_their_gap():
    b = small(days=4)
    b.add_periodic_visits("s", 10.06, 105.78, count=2, min_gap_days=3, duration_min=60)
    plan = solved(b.build())
    assert [(r.date, r.stops[0].visit_id) for r in plan.routes] == [(D0, "s#1"), (D0 + timedelta(3), "s#2")]


def test_periodic_visit_without_room_is_left_out_not_squeezed():
    b = small(days=3)
    b.add_periodic_visits("s", 10.06, 105.78, count=2, min_gap_days=3, duration_min=60)
    plan = solved(b.build())
    assert len(plan.routes) == 1 and [lo.reason for lo in plan.left_out] == [p.NO_ROOM]


def test_allowed_dates_and_per_date_windows_are_respected():
    b = small(days=3)
    b.add_visit(
        "a",
        "a",
        10.06,
        105.78,
        duration_min=60,
        dates=[D0 + timedelta(1), D0 + timedelta(2)],
        windows=["07:00-09:00"],
        windows_by_date={D0 + timedelta(1): ["14:00-16:00"]},
    )
    plan = solved(b.build())
    (route,) = plan.routes
    assert route.date in (D0 + timedelta(1), D0 + timedelta(2))
    assert route.stops[0].start_s >= (14 * 3600 if route.date == D0 + timedelta(1) else 7 * 3600)


def test_mandatory_visit_wins_the_only_slot_over_priority():
    b = small(days=1)
    b.add_visit("opt", "x", 10.06, 105.78, duration_min=240, windows=["08:00-12:30"], priority=50)
    b.add_visit("must", "y", 10.06, 105.79, duration_min=240, windows=["08:00-12:30"], mandatory=True)
    plan = solved(b.build())
    assert sequences(plan) == {("bus", D0): ["must"]}
    assert [lo.visit_id for lo in plan.left_out] == ["opt"]


def test_lunch_break_is_never_inside_a_visit():
    b = small(days=1)
    b.add_visit("long", "x", 10.06, 105.78, duration_min=300, windows=["07:00-17:00"])
    plan = solved(b.build())
    (route,) = plan.routes
    stop = route.stops[0]
    assert route.break_start_s + 3600 <= stop.start_s or route.break_start_s >= stop.departure_s


@pytest.mark.parametrize(
    "kwargs, reason",
    [
        ({"duration_min": 180, "windows": ["07:00-09:00"]}, p.WINDOW_TOO_SHORT),
        ({"duration_min": 60, "lat": 15.0}, p.UNREACHABLE),
        ({"duration_min": 60, "deliver_boxes": 11}, p.TOO_HEAVY),
        ({"duration_min": 60, "dates": [D0 + timedelta(1)]}, p.NO_WORKING_DATE),
    ],
)
def test_impossible_visit_is_left_out_with_its_reason(kwargs, reason):
    b = small(days=2)
    b.vehicles[0] = b.vehicles[0].__class__(**{**b.vehicles[0].__dict__, "shifts": b.vehicles[0].shifts[:1]})
    b.add_visit("ok", "fine", 10.06, 105.78, duration_min=60)
    lat = kwargs.pop("lat", 10.07)
    b.add_visit("bad", "bad-site", lat, 105.78, **kwargs)
    plan = solved(b.build())
    assert [s.visit_id for r in plan.routes for s in r.stops] == ["ok"]
    (lo,) = plan.left_out
    assert (lo.visit_id, lo.reason) == ("bad", reason)
    assert "bad-site" in lo.message


def test_generated_province_plan_passes_the_checker(province60):
    problem, matrix, plan = province60
    assert check(problem, plan, matrix) == []
    served = {s.visit_id for r in plan.routes for s in r.stops}
    assert served | {lo.visit_id for lo in plan.left_out} == {v.id for v in problem.visits}
    assert len(served) > 30


def test_plan_round_trips_through_json(province60):
    from routing import Plan

    _, _, plan = province60
    assert Plan.from_dict(plan.to_dict()) == plan


@st.composite
def random_problems(draw):
    days = draw(st.integers(1, 3))
    b = small(days=days, capacity=draw(st.integers(3, 12)), lunch=draw(st.sampled_from([None, "11:00-13:30"])))
    if draw(st.booleans()):
        b.add_vehicle("bus2", "lib", capacity_boxes=8, hours="07:30-16:00", dates=b.dates[:1])
    for i in range(draw(st.integers(1, 6))):
        start = draw(st.integers(7, 14))
        b.add_visit(
            f"v{i}",
            f"s{i}",
            10.03 + draw(st.floats(-0.2, 0.2)),
            105.78 + draw(st.floats(-0.2, 0.2)),
            duration_min=draw(st.sampled_from([45, 90, 150])),
            windows=[f"{start:02d}:00-{start + draw(st.integers(1, 4)):02d}:00"],
            deliver_boxes=draw(st.integers(0, 4)),
            collect_boxes=draw(st.integers(0, 4)),
            priority=draw(st.integers(1, 3)),
        )
    return b


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_problems())
def test_random_small_problems_always_give_valid_plans(b):
    """Tests that whatever the windows, loads and fleet, the plan passes the checker."""
    solved(b.build(), seconds=0.3)


def test_no_visits_and_only_impossible_visits_give_empty_plans():
    b = small(days=1)
    assert solved(b.build(), seconds=0.3).routes == ()
    b.add_visit("x", "x", 10.04, 105.78, duration_min=60, deliver_boxes=50)
    plan = solved(b.build(), seconds=0.3)
    assert plan.routes == () and [lo.reason for lo in plan.left_out] == [p.TOO_HEAVY]


def test_a_fleet_that_works_no_day_leaves_every_visit_out_without_crashing():
    """OR-Tools crashes (a segmentation fault) on a model without vehicles: the solver must not build one."""
    b = ProblemBuilder([D0])
    b.add_depot("lib", *LIB)
    b.add_vehicle("bus", "lib", capacity_boxes=10, dates=[])  # e.g. no full crew on any date
    b.add_visit("x", "x", 10.04, 105.78, duration_min=60)
    plan = solved(b.build(), seconds=0.3)
    assert plan.routes == () and [lo.reason for lo in plan.left_out] == [p.NO_WORKING_DATE]


def test_progress_reports_the_best_distance_and_can_stop_the_search():
    import time

    from routing import SolveCancelled

    problem = province_problem(60, days=10, seed=3)
    matrix = GeodesicMatrixProvider().build(problem.points())
    reports = []
    plan = solve(problem, SolveParams(time_limit_s=2.0, seed=1), matrix=matrix, progress=reports.append)
    assert reports, "a 2 s search reports at least once"
    # the distance of the best plan so far: it may grow when a better plan serves more visits
    assert all(distance > 0 for distance in reports) and plan.distance_m > 0

    started = time.monotonic()
    with pytest.raises(SolveCancelled):
        solve(problem, SolveParams(time_limit_s=30.0, seed=1), matrix=matrix, progress=lambda best: False)
    assert time.monotonic() - started < 10


def test_best_of_two_seeds_in_two_processes_is_valid(tiny):
    problem, matrix = tiny
    plan = solve(problem, SolveParams(time_limit_s=1.0, workers=2), matrix=matrix)
    assert check(problem, plan, matrix) == []
    assert plan.stats["seed"] in (0, 1)
