"""Entry points of the planner: :func:`solve` a problem, :func:`solve_with` a prebuilt matrix.

The OR-Tools model is in :mod:`routing.model`, the Solomon solver in :mod:`routing.vrptw_solver`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from routing.access import Legs, crossing
from routing.exceptions import NoSolutionError, SolveCancelled
from routing.matrix import MatrixProvider, TravelMatrix, matrix_for
from routing.model import PROGRESS_EVERY_S, Progress, VisitModel
from routing.parallel import best_of_seeds
from routing.params import SolveParams
from routing.plan import UNREACHABLE, Plan
from routing.precheck import candidate_shifts
from routing.problem import Problem
from routing.pyvrp_days import pyvrp_routes, why_not_pyvrp
from routing.schedule import make_route
from routing.trips import plan_trips
from routing.vrptw_solver import VRPTW_SCALE, solve_vrptw

__all__ = [
    "PROGRESS_EVERY_S",
    "VRPTW_SCALE",
    "Preferences",
    "Progress",
    "make_route",
    "solve",
    "solve_vrptw",
    "solve_with",
]


def solve(
    problem: Problem,
    params: SolveParams | None = None,
    *,
    matrix: TravelMatrix | None = None,
    provider: MatrixProvider | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Plan the visits of ``problem``: one route per (vehicle, working date).

    Parameters
    ----------
    problem
        The problem; see :mod:`routing.problem`.
    params
        Time limit, seed and strategies; defaults to ``SolveParams()``.
    matrix, provider
        Travel data, or the provider to build it (default ``GeodesicMatrixProvider()``).
    progress
        Called with the distance (metres) of the best plan found so far — best by the objective, which
        also counts the visits left out — at most every ``PROGRESS_EVERY_S`` seconds while the search
        runs; returning ``False`` stops the search. During a first phase in PyVRP
        (``params.pyvrp_share``, only for problems its model holds:
        :func:`routing.pyvrp_days.why_not_pyvrp`) it is called with ``None``: no distance yet.

    Returns
    -------
    Plan
        Timed routes; visits that cannot be served are in ``plan.left_out`` with a reason.

    Raises
    ------
    NoSolutionError
        If OR-Tools finds no assignment at all.
    SolveCancelled
        If ``progress`` returned ``False``.
    """
    return solve_with(
        problem, params or SolveParams(), matrix_for(problem.points(), matrix, provider), progress=progress
    )


@dataclass(frozen=True)
class Preferences:
    """Soft wishes for re-planning: visit id -> (vehicle id, date) it had, and the cost of moving it.

    ``move_cost_m`` is charged, in metres of driving, for serving a visit on another date; half of
    it for the same date on another vehicle. ``initial`` seeds the search with routes
    (``(vehicle id, date) -> [visit ids]``). Leaving out a visit in ``keep`` costs far more than leaving out any
    number of the others (short of a mandatory visit): a re-plan finds room for what an event displaced without
    dropping what it did not touch.
    """

    assigned: dict[str, tuple[str, date]]
    move_cost_m: int = 30_000
    initial: dict[tuple[str, date], list[str]] | None = None
    keep: frozenset[str] = frozenset()


def solve_with(
    problem: Problem,
    params: SolveParams,
    matrix: TravelMatrix,
    preferences: Preferences | None = None,
    progress: Progress | None = None,
) -> Plan:
    """:func:`solve` with a prebuilt matrix and optional re-planning preferences."""
    if params.workers > 1 and progress is None:
        objective = lambda plan: plan.stats.get("objective", float("inf"))  # noqa: E731
        return best_of_seeds(solve_with, (problem,), params, objective, (matrix, preferences))
    t0 = time.monotonic()
    matrix = Legs.build(problem, matrix)
    candidates, left = candidate_shifts(problem, matrix)
    far = [problem.visit(lo.visit_id) for lo in left if lo.reason == UNREACHABLE]
    layout = plan_trips(problem, matrix, far)
    if layout.reachable:
        candidates, left = candidate_shifts(problem, matrix, layout.ends, set(layout.reachable))
    if not candidates:  # nothing can be served (OR-Tools also crashes on a model without vehicles)
        return Plan((), tuple(left), {"seed": params.seed, "solve_time_s": round(time.monotonic() - t0, 3)})
    start = "or-tools"
    if params.pyvrp_share > 0 and preferences is None and not why_not_pyvrp(problem, candidates, bool(layout.ends)):
        budget = params.pyvrp_share * (params.time_limit_s - (time.monotonic() - t0))
        routes = pyvrp_routes(problem, matrix, candidates, budget, params.seed, progress, PROGRESS_EVERY_S)
        if routes is not None:
            preferences, start = Preferences({}, initial=routes), "pyvrp"
    model = VisitModel(problem, params, matrix, candidates, preferences, layout.ends)
    assignment, cancelled = model.search(params.time_limit_s - (time.monotonic() - t0), progress)
    if cancelled:
        raise SolveCancelled("the search was stopped by its caller")
    if assignment is None:
        raise NoSolutionError("OR-Tools found no assignment")
    plan = model.extract(assignment, left)
    plan.stats.update(solve_time_s=round(time.monotonic() - t0, 3), objective=assignment.ObjectiveValue())
    # where OR-Tools' search started: PyVRP's routes (when they held in the full model) or its own
    plan.stats["first_solution"] = "pyvrp" if start == "pyvrp" and model.seeded else "or-tools"
    plan.stats.update(away_costs(problem, plan, matrix))
    return plan


def away_costs(problem: Problem, plan: Plan, legs) -> dict:
    """Nights away and ferry crossings of a plan, with their costs (unit of ``cost_per_km``)."""
    nights = [r.end_at for r in plan.routes if r.end_at]
    fares = []
    for r in plan.routes:
        depot = f"depot:{problem.vehicle(r.vehicle_id).depot_id}"
        keys = [f"lodging:{r.start_at}" if r.start_at else depot, *(f"site:{s.site_id}" for s in r.stops)]
        keys.append(f"lodging:{r.end_at}" if r.end_at else depot)
        fares += [c.link.cost for a, b in zip(keys, keys[1:], strict=False) if (c := crossing(legs, a, b))]
    return {
        "nights": len(nights),
        "night_cost": sum(problem.lodging(n).cost_per_night for n in nights),
        "ferry_crossings": len(fares),
        "ferry_cost": sum(fares),
    }
