"""PyVRP's search first, OR-Tools on the full model after: valid plans, and OR-Tools alone whenever
PyVRP's model would not hold the problem or its routes do not fit the full model."""

import dataclasses

import pytest

from routing import GeodesicMatrixProvider, SolveParams, check, solve
from routing.access import Legs
from routing.generate import afternoons_problem, coastal_problem, mountain_problem, province_problem
from routing.params import VRPTW_PARAMS
from routing.precheck import candidate_shifts
from routing.pyvrp_days import why_not_pyvrp
from routing.vrptw import VrptwSolution, check_vrptw, read_solomon
from routing.vrptw_solver import pyvrp_start, solve_vrptw


@pytest.fixture(scope="module")
def afternoons():
    problem = afternoons_problem(24, days=2, seed=1)
    return problem, GeodesicMatrixProvider().build(problem.points())


def test_a_problem_pyvrp_holds_is_started_by_pyvrp_and_checks_valid(afternoons):
    problem, matrix = afternoons
    plan = solve(problem, SolveParams(time_limit_s=2.0, seed=0), matrix=matrix)
    assert plan.stats["first_solution"] == "pyvrp"
    assert check(problem, plan, matrix) == []
    assert sum(len(r.stops) for r in plan.routes) + len(plan.left_out) == len(problem.visits)
    assert sum(len(r.stops) for r in plan.routes) >= 10  # four afternoons of 5.5 h, visits of 1 h or less


def test_pyvrp_share_zero_is_or_tools_alone(afternoons):
    problem, matrix = afternoons
    plan = solve(problem, SolveParams(time_limit_s=1.0, pyvrp_share=0.0), matrix=matrix)
    assert plan.stats["first_solution"] == "or-tools" and check(problem, plan, matrix) == []


def test_routes_the_full_model_refuses_fall_back_to_or_tools(afternoons, monkeypatch):
    problem, matrix = afternoons
    everything = {(problem.vehicles[0].id, problem.dates[0]): [v.id for v in problem.visits]}  # far too long
    monkeypatch.setattr("routing.solver.pyvrp_routes", lambda *args: everything)
    plan = solve(problem, SolveParams(time_limit_s=1.0), matrix=matrix)
    assert plan.stats["first_solution"] == "or-tools" and check(problem, plan, matrix) == []


def test_a_caller_can_stop_the_pyvrp_phase(afternoons):
    from routing import SolveCancelled

    problem, matrix = afternoons
    seen = []

    def stop(distance_m):
        seen.append(distance_m)
        return False

    with pytest.raises(SolveCancelled):
        solve(problem, SolveParams(time_limit_s=4.0), matrix=matrix, progress=stop)
    assert seen == [None]  # asked once, during PyVRP's phase, with no distance yet


def _why(problem):
    matrix = Legs.build(problem, GeodesicMatrixProvider().build(problem.points()))
    candidates, _ = candidate_shifts(problem, matrix)
    return why_not_pyvrp(problem, candidates, trips=False)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: province_problem(20, days=5, seed=0), "a lunch break"),
        (lambda: coastal_problem(12, days=3), "ferry crossings"),
        (lambda: mountain_problem(12, days=3), "a lunch break"),
    ],
)
def test_features_pyvrp_lacks_are_named(make, reason):
    assert _why(make()) == reason


def test_windows_and_restricted_dates_keep_or_tools_alone(afternoons):
    problem, _ = afternoons
    two = dataclasses.replace(problem.visits[0], windows=(*problem.visits[0].windows, *problem.visits[1].windows))
    assert "windows" in _why(dataclasses.replace(problem, visits=(two, *problem.visits[1:])))
    one_day = dataclasses.replace(problem.visits[0], dates=(problem.dates[0],))
    assert _why(dataclasses.replace(problem, visits=(one_day, *problem.visits[1:]))) == (
        "visits restricted to some buses or dates"
    )


def test_a_province_month_with_lunch_is_or_tools_alone(province60):
    problem, matrix, plan = province60
    assert plan.stats["first_solution"] == "or-tools" and check(problem, plan, matrix) == []


@pytest.fixture
def r101_25(data_dir):
    return read_solomon(data_dir / "r101_25.txt")


def test_solomon_hybrid_is_valid_and_no_worse_than_its_pyvrp_start(r101_25, monkeypatch):
    from routing import vrptw_solver

    starts = []
    first = vrptw_solver.pyvrp_start
    monkeypatch.setattr(vrptw_solver, "pyvrp_start", lambda *args: starts.append(first(*args)) or starts[-1])
    sol = solve_vrptw(r101_25, dataclasses.replace(VRPTW_PARAMS, time_limit_s=1.5, pyvrp_share=0.5))
    (start,) = starts
    assert start is not None and check_vrptw(r101_25, start) == []
    assert check_vrptw(r101_25, sol) == [] and sol.unserved == ()
    assert sol.distance <= start.distance + 1e-6  # OR-Tools continues from it and the best is kept
    assert sol.distance < 640  # best known for the 25-customer r101 is about 617


def test_solomon_falls_back_when_pyvrp_returns_an_invalid_solution(r101_25, monkeypatch):
    broken = VrptwSolution(((1, 2),), 0.0)  # serves two customers, wrong distance
    monkeypatch.setattr("routing.pyvrp_vrptw.solve_pyvrp", lambda *args: broken)
    params = dataclasses.replace(VRPTW_PARAMS, time_limit_s=1.0)
    assert pyvrp_start(r101_25, params) is None
    sol = solve_vrptw(r101_25, params)
    assert check_vrptw(r101_25, sol) == [] and sol.unserved == ()
