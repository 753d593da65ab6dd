"""Access by water: ferry legs on departures, no_road sites left out, road legs across refused."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from routing import GeodesicMatrixProvider, ProblemBuilder, SolveParams, check, solve
from routing.access import Legs
from routing.plan import Plan

PORT, ISLE = (15.19, 108.88), (15.376, 109.11)


def coast(vehicles: int = 1):
    b = ProblemBuilder([date(2026, 3, 2), date(2026, 3, 3)])
    b.add_depot("library", 15.12, 108.80)
    for k in range(vehicles):
        b.add_vehicle(f"bus{k + 1}", "library", capacity_boxes=20, hours="07:00-17:00")
    b.add_ferry(
        "pha",
        PORT,
        ISLE,
        crossing_min=60,
        departures=["07:30", "09:00", "13:00"],
        return_departures=["11:30", "14:00", "15:30"],
        cost=50,
    )
    b.add_commune("dac-khu", kind="special_zone", ferry_id="pha")
    b.add_commune("dao-nho", kind="special_zone")  # no ferry named: no_road by default
    b.add_commune("ven-bien")
    school = {"duration_min": 60, "setup_min": 15, "windows": ["07:00-11:15", "13:30-16:45"]}
    b.add_visit("isle1", "isle-school-1", 15.38, 109.12, commune_id="dac-khu", **school)
    b.add_visit("isle2", "isle-school-2", 15.37, 109.10, commune_id="dac-khu", **school)
    b.add_visit("rock", "rock-school", 15.40, 109.16, commune_id="dao-nho", **school)
    b.add_visit("hamlet", "hamlet", 15.15, 108.85, commune_id="ven-bien", access="no_road", **school)
    b.add_visit("shore", "shore-school", 15.14, 108.83, commune_id="ven-bien", **school)
    problem = b.build()
    return problem, GeodesicMatrixProvider().build(problem.points())


@pytest.fixture(scope="module")
def solved():
    problem, matrix = coast(vehicles=2)
    return problem, matrix, solve(problem, SolveParams(time_limit_s=1.5), matrix=matrix)


def test_island_sites_are_reached_on_ferry_departures(solved):
    problem, matrix, plan = solved
    assert check(problem, plan, matrix) == []
    ferry = problem.ferry("pha")
    served = plan.served()
    assert {"isle1", "isle2", "shore"} <= set(served)
    legs = Legs(problem, matrix)
    for r in plan.routes:
        keys = ["depot:library", *(f"site:{s.site_id}" for s in r.stops), "depot:library"]
        taken = [s.ferry_departure_s for s in r.stops] + [r.return_ferry_departure_s]
        for (a, b), dep in zip(zip(keys, keys[1:], strict=False), taken, strict=True):
            c = legs.crossing(a, b)
            assert (c is None) == (dep is None), f"{a} -> {b}"
            if c is not None:
                assert dep in (ferry.departures if c.outbound else ferry.return_departures)
    assert plan.stats["ferry_crossings"] >= 2


def test_no_road_sites_are_left_out_with_their_own_reason(solved):
    _, _, plan = solved
    reasons = {lo.visit_id: lo.reason for lo in plan.left_out}
    assert reasons["rock"] == "no_road"  # special zone without a ferry
    assert reasons["hamlet"] == "no_road"  # marked on the site
    assert "rotation delivery" in next(lo.message for lo in plan.left_out if lo.visit_id == "hamlet")


def test_leg_to_the_island_goes_through_the_ports(solved):
    problem, matrix, _ = solved
    legs = Legs(problem, matrix)
    via = matrix.distance("depot:library", "port:pha") + matrix.distance("isle:pha", "site:isle-school-1")
    assert legs.distance("depot:library", "site:isle-school-1") == via
    assert legs.distance("site:isle-school-1", "site:isle-school-2") == matrix.distance(
        "site:isle-school-1", "site:isle-school-2"
    )


def _island_stop(plan):
    return next(
        (i, j) for i, r in enumerate(plan.routes) for j, s in enumerate(r.stops) if s.ferry_departure_s is not None
    )


def _edit(plan, i, j, **changes):
    routes = list(plan.routes)
    stops = list(routes[i].stops)
    stops[j] = dataclasses.replace(stops[j], **changes)
    routes[i] = dataclasses.replace(routes[i], stops=tuple(stops))
    return dataclasses.replace(plan, routes=tuple(routes))


def test_checker_rejects_a_road_leg_across_the_water(solved):
    problem, matrix, plan = solved
    i, j = _island_stop(plan)
    codes = {v.code for v in check(problem, _edit(plan, i, j, ferry_departure_s=None), matrix)}
    assert "road_across_water" in codes


def test_checker_rejects_a_ferry_off_the_timetable(solved):
    problem, matrix, plan = solved
    i, j = _island_stop(plan)
    codes = {v.code for v in check(problem, _edit(plan, i, j, ferry_departure_s=8 * 3600 + 60), matrix)}
    assert "ferry" in codes


def test_checker_rejects_serving_a_no_road_site(solved):
    problem, matrix, plan = solved
    i, j = next((i, j) for i, r in enumerate(plan.routes) for j, s in enumerate(r.stops) if s.visit_id == "shore")
    hamlet = problem.visit("hamlet")
    moved = _edit(plan, i, j, visit_id="hamlet", site_id=hamlet.site_id)
    assert "no_road" in {v.code for v in check(problem, moved, matrix)}


def test_plan_with_ferries_round_trips_through_json(solved):
    _, _, plan = solved
    assert Plan.from_dict(plan.to_dict()).routes == plan.routes


def test_json_instance_carries_ferries_communes_and_lodgings(data_dir):
    from routing.instance import load_instance

    problem, provider = load_instance(data_dir / "coast.json")
    assert problem.vehicle("bus1").max_trip_days == 2
    assert problem.access_of(problem.visit("isle1")) == ("ferry", "pha")
    assert problem.access_of(problem.visit("rock")) == ("no_road", None)  # special zone, no ferry named
    assert problem.access_of(problem.visit("hamlet")) == ("no_road", None)
    assert problem.access_of(problem.visit("shore")) == ("road", None)
    assert problem.lodging("nha-khach").cost_per_night == 50
    matrix = provider.build(problem.points())
    plan = solve(problem, SolveParams(time_limit_s=1.0), matrix=matrix)
    assert check(problem, plan, matrix) == []
    assert {"isle1", "shore"} <= set(plan.served())


def test_json_instance_rejects_a_ferry_commune_without_a_ferry():
    from routing.exceptions import InvalidInstanceError
    from routing.instance import parse_instance

    data = {
        "dates": ["2026-03-02"],
        "depots": [{"id": "d", "lat": 15.1, "lon": 108.8}],
        "vehicles": [{"id": "b", "depot": "d", "capacity_boxes": 5}],
        "communes": [{"id": "x", "access": "ferry"}],
        "visits": [],
    }
    with pytest.raises(InvalidInstanceError, match="communes"):
        parse_instance(data)
