"""PyVRP's search as the first phase of a plan whose model it holds exactly.

A problem qualifies when PyVRP's model is the planner's: one depot, day trips only, no ferry, no
lunch break required on any shift, no spacing between visits of a site, one speed and one cost per
km for every bus, and every visit allowed on every (bus, working date) with the same single window
on each. Each (bus, date) is then a PyVRP vehicle (shifts with the same hours and capacity share a
vehicle type), a visit an optional client with the planner's drop penalty as its prize, set-up
plus service its service time, and its latest start the window's end less that time. Its routes
seed OR-Tools' search on the full model (:func:`routing.solver.solve_with`), which re-checks them.
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np

from routing.exceptions import SolveCancelled
from routing.matrix import UNREACHABLE
from routing.problem import Problem, Shift, Vehicle

#: visit id -> the (vehicle, shift) pairs that could serve it (routing.precheck.candidate_shifts)
Candidates = dict[str, list[tuple[Vehicle, Shift]]]


def why_not_pyvrp(problem: Problem, candidates: Candidates, trips: bool) -> str | None:
    """The first feature of the problem that PyVRP's model lacks, or None when it holds it all."""
    shifts = [(v, s) for v in problem.vehicles for s in v.shifts]
    if trips:
        return "trips of several days"
    if problem.ferries:
        return "ferry crossings"
    if len({v.depot_id for v in problem.vehicles}) > 1:
        return "several depots"
    if any(v.lunch is not None and v.lunch.required_on(s) for v, s in shifts):
        return "a lunch break"
    if len({v.speed_kmh for v in problem.vehicles}) > 1 or len({v.cost_per_km for v in problem.vehicles}) > 1:
        return "buses of different speeds or costs"
    spaced = {t.site_id for t in problem.periodic_targets if t.min_gap_days > 0}
    sites = [problem.visit(i).site_id for i in candidates]
    if any(sites.count(s) > 1 for s in spaced):
        return "spacing between visits of a site"
    everywhere = {(v.id, s.date) for v, s in shifts}
    for visit_id, pairs in candidates.items():
        if {(v.id, s.date) for v, s in pairs} != everywhere:
            return "visits restricted to some buses or dates"
        visit = problem.visit(visit_id)
        windows = {visit.windows_on(s.date, s) for _, s in shifts}
        if len(windows) > 1 or len(windows.pop()) > 1:
            return "several windows, or windows that change with the date"
    return None


class _StopOrCancel:
    """PyVRP's stopping criterion: the time limit, or ``progress`` returning False (asked with
    ``None`` for the distance, at most every ``every_s``: PyVRP's best cost is not a distance)."""

    def __init__(self, time_limit_s: float, progress, every_s: float):
        from pyvrp.stop import MaxRuntime

        self.runtime, self.progress, self.every_s = MaxRuntime(max(0.01, time_limit_s)), progress, every_s
        self.last, self.cancelled = time.monotonic(), False

    def __call__(self, best_cost: float) -> bool:
        if self.runtime(best_cost):
            return True
        now = time.monotonic()
        if self.progress is None or now - self.last < self.every_s:
            return False
        self.last = now
        self.cancelled = self.progress(None) is False
        return self.cancelled


def pyvrp_routes(
    problem: Problem,
    matrix,
    candidates: Candidates,
    time_limit_s: float,
    seed: int,
    progress=None,
    progress_every_s: float = 0.5,
) -> dict[tuple[str, date], list[str]] | None:
    """PyVRP's best routes after ``time_limit_s`` as ``(vehicle id, date) -> [visit ids]``; None if
    its best solution breaks a constraint. Call only when :func:`why_not_pyvrp` returns None.

    Raises
    ------
    SolveCancelled
        If ``progress`` returned False.
    """
    from pyvrp import Model

    shifts = [(v, s) for v in problem.vehicles for s in v.shifts]
    visits = [problem.visit(i) for i in candidates]
    keys = [f"depot:{problem.vehicles[0].depot_id}", *(f"site:{v.site_id}" for v in visits)]
    idx = np.array([matrix.index(k) for k in keys])
    dist = matrix.distance_m[np.ix_(idx, idx)]
    travel = matrix.durations(problem.vehicles[0].speed_kmh)[np.ix_(idx, idx)]
    base = 10 * int(dist[dist < UNREACHABLE].max(initial=1)) + 1  # the OR-Tools model's drop penalties
    mandatory = base * 1000 * max(v.priority for v in visits)

    m = Model()
    types: dict[tuple[int, int, int], list[tuple[Vehicle, Shift]]] = {}
    for v, s in shifts:
        types.setdefault((s.start_s, s.end_s, v.capacity_boxes), []).append((v, s))
    for (start, end, capacity), pairs in types.items():
        m.add_vehicle_type(num_available=len(pairs), capacity=[capacity], tw_early=start, tw_late=end)
    # coordinates unused: every leg is an edge taken from the planner's matrix
    locations = [m.add_location(0, 0)]
    m.add_depot(locations[0])
    for visit in visits:
        (window,) = visit.windows_on(shifts[0][1].date, shifts[0][1])
        loc = m.add_location(0, 0)
        locations.append(loc)
        m.add_client(
            loc,
            delivery=[visit.deliver_boxes],
            pickup=[visit.collect_boxes],
            service_duration=visit.total_s,
            tw_early=window.start_s,
            tw_late=window.end_s - visit.total_s,
            prize=mandatory if visit.mandatory else base * visit.priority,
            required=False,
        )
    for i, a in enumerate(locations):
        for j, b in enumerate(locations):
            m.add_edge(a, b, distance=int(dist[i, j]), duration=int(travel[i, j]))
    stop = _StopOrCancel(time_limit_s, progress, progress_every_s)
    best = m.solve(stop=stop, seed=seed, display=False, collect_stats=False).best
    if stop.cancelled:
        raise SolveCancelled("the search was stopped by its caller")
    if not best.is_feasible():
        return None
    free = {t: list(pairs) for t, pairs in enumerate(types.values())}
    routes: dict[tuple[str, date], list[str]] = {}
    for route in best.routes():
        v, s = free[route.vehicle_type()].pop(0)
        routes[(v.id, s.date)] = [visits[int(a.idx)].id for a in route if a.is_client()]
    return routes
