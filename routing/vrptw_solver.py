"""Solomon-style VRPTW: PyVRP's hybrid genetic search for a first share of the time, then OR-Tools'
guided local search and a ruin-and-recreate loop from its solution (or from OR-Tools' own first
solution when PyVRP is off, not installed, or found nothing valid)."""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
from ortools.constraint_solver import pywrapcp

from routing.exceptions import NoSolutionError
from routing.parallel import best_of_seeds
from routing.params import SolveParams
from routing.search import permutation, search_parameters
from routing.vrptw import VrptwInstance, VrptwSolution, check_vrptw, route_distance

# Solomon data have one decimal at most; x1000 keeps rounding-up errors below 0.1 % of a leg.
VRPTW_SCALE = 1000


def solve_vrptw(inst: VrptwInstance, params: SolveParams) -> VrptwSolution:
    """Minimise total Euclidean distance of a Solomon-style instance.

    Travel times are scaled by ``VRPTW_SCALE`` and rounded up, so every plan is feasible on
    exact times; the distance reported is recomputed unrounded. With ``params.pyvrp_share`` > 0,
    PyVRP searches first for that share of the time limit (:func:`pyvrp_start`) and OR-Tools
    continues from its solution; the better of the two is returned.

    Raises
    ------
    NoSolutionError
        If OR-Tools finds no assignment.
    """
    if params.workers > 1:
        return best_of_seeds(solve_vrptw, (inst,), params, key=lambda s: (len(s.unserved), s.distance))
    deadline = time.monotonic() + params.time_limit_s
    dist = inst.distances()
    start = pyvrp_start(inst, params)
    best: VrptwSolution | None = start
    for run in range(params.restarts):
        left = deadline - time.monotonic()
        share = left / (params.restarts - run)
        if share <= 0.05:
            break
        sol = _solve_vrptw_once(inst, dist, params, params.seed + run, share, start)
        if sol is not None and (best is None or _better(sol, best)):
            best = sol
    if best is None:
        raise NoSolutionError(f"{inst.name}: OR-Tools found no assignment")
    return best


def _better(a: VrptwSolution, b: VrptwSolution) -> bool:
    return (len(a.unserved), a.distance) < (len(b.unserved), b.distance)


def pyvrp_start(inst: VrptwInstance, params: SolveParams) -> VrptwSolution | None:
    """PyVRP's best solution after ``pyvrp_share`` of the time limit, if it serves every customer
    and passes the unrounded checker; None when the share is 0 or PyVRP is not installed."""
    from routing.pyvrp_vrptw import available, solve_pyvrp

    if params.pyvrp_share <= 0 or not available():
        return None
    sol = solve_pyvrp(inst, params.pyvrp_share * params.time_limit_s, params.seed)
    if sol.unserved or check_vrptw(inst, sol):
        return None
    return sol


def _solve_vrptw_once(inst, dist, params, seed, time_limit_s, start=None):
    n = len(inst.demand)
    perm = np.concatenate([[0], 1 + permutation(n - 1, seed)])  # node k holds customer perm[k]
    d = dist[np.ix_(perm, perm)]
    cost = np.rint(d * VRPTW_SCALE).astype(np.int64)
    travel = np.ceil(d * VRPTW_SCALE - 1e-9).astype(np.int64)
    transit_t = travel + np.ceil(inst.service[perm] * VRPTW_SCALE - 1e-9).astype(np.int64)[:, None]
    manager = pywrapcp.RoutingIndexManager(n, inst.fleet, 0)
    routing = pywrapcp.RoutingModel(manager)
    cost_cb = routing.RegisterTransitMatrix(cost.tolist())
    routing.SetArcCostEvaluatorOfAllVehicles(cost_cb)
    time_cb = routing.RegisterTransitMatrix(transit_t.tolist())
    horizon = int(inst.due[0] * VRPTW_SCALE)
    routing.AddDimension(time_cb, horizon, horizon, False, "Time")
    tdim = routing.GetDimensionOrDie("Time")
    for node in range(1, n):
        c = perm[node]  # ready rounded up, due rounded down: safe on exact times
        tdim.CumulVar(manager.NodeToIndex(node)).SetRange(
            math.ceil(inst.ready[c] * VRPTW_SCALE - 1e-9), math.floor(inst.due[c] * VRPTW_SCALE + 1e-9)
        )
    for v in range(inst.fleet):
        tdim.CumulVar(routing.Start(v)).SetRange(int(inst.ready[0] * VRPTW_SCALE), horizon)
        tdim.CumulVar(routing.End(v)).SetRange(int(inst.ready[0] * VRPTW_SCALE), horizon)
    dem_cb = routing.RegisterUnaryTransitVector([int(x) for x in inst.demand[perm]])
    routing.AddDimensionWithVehicleCapacity(dem_cb, 0, [inst.capacity] * inst.fleet, True, "Load")
    penalty = int(cost.max()) * 100 + 1
    for node in range(1, n):
        routing.AddDisjunction([manager.NodeToIndex(node)], penalty)
    deadline = time.monotonic() + time_limit_s
    gls_s = time_limit_s * (1 - params.lns_share)
    watch = {"on": params.stall_share > 0}
    if watch["on"]:
        # phases switched on stagnation: GLS until its best has not improved for a while
        gls_s = time_limit_s * 0.9
        _stop_on_stall(routing, max(0.3, params.stall_share * time_limit_s), watch)
    sp = search_parameters(params, gls_s)
    assignment = None
    if start is not None:
        node_of = {int(c): k for k, c in enumerate(perm)}
        routes = [[node_of[c] for c in r] for r in start.routes]
        routes += [[] for _ in range(inst.fleet - len(routes))]
        routing.CloseModelWithParameters(sp)
        initial = routing.ReadAssignmentFromRoutes(routes, True)
        if initial is not None:
            assignment = routing.SolveFromAssignmentWithParameters(initial, sp)
    if assignment is None:
        assignment = routing.SolveWithParameters(sp)
    watch["on"] = False
    if assignment is None:
        return None
    nodes = _node_routes(routing, manager, assignment, inst.fleet)
    if params.lns_share > 0:
        nodes = _ruin_and_recreate(routing, manager, d, nodes, params, seed, deadline)
    routes = tuple(tuple(int(perm[k]) for k in r) for r in nodes if r)
    served = {c for r in routes for c in r}
    unserved = tuple(c for c in range(1, n) if c not in served)
    total = sum(route_distance(dist, r) for r in routes)
    return VrptwSolution(routes, total, unserved)


def _stop_on_stall(routing, stall_s: float, watch: dict) -> None:
    best = [None, time.monotonic()]

    def at_solution():
        if not watch["on"]:
            return
        cost, now = routing.CostVar().Value(), time.monotonic()
        if best[0] is None or cost < best[0]:
            best[0], best[1] = cost, now
        elif now - best[1] > stall_s:
            routing.solver().FinishCurrentSearch()

    routing.AddAtSolutionCallback(at_solution)


def _node_routes(routing, manager, assignment, fleet: int) -> list[list[int]]:
    out = []
    for v in range(fleet):
        route, idx = [], assignment.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(idx):
            route.append(manager.IndexToNode(idx))
            idx = assignment.Value(routing.NextVar(idx))
        out.append(route)
    return out


def _ruin_and_recreate(routing, manager, d, routes, params, seed, deadline, step_s=0.25):
    """After GLS: remove a customer and its nearest neighbours, let OR-Tools reinsert and descend.

    With ``params.route_ruin_every`` = k, every k-th move removes the shortest route instead (route
    elimination: its customers must fit in the others).

    Threshold acceptance (0.5 % of the current distance, shrinking to 0 at the deadline); the best
    full solution is kept. OR-Tools' own ruin-and-recreate ILS measured worse (README).
    """

    def length(rs):
        return sum(d[a, b] for r in rs if r for a, b in zip([0, *r], [*r, 0], strict=True))

    n = d.shape[0]
    removed = 10
    rng = np.random.default_rng(seed)
    moves = 0
    total = max(1e-9, deadline - time.monotonic())
    cur, cur_d = routes, length(routes)
    best, best_d = cur, cur_d
    descent = dataclasses.replace(params, metaheuristic="greedy_descent")
    served = sum(len(r) for r in routes)
    while time.monotonic() < deadline - 0.02:
        moves += 1
        used = [r for r in cur if r]
        if params.route_ruin_every and moves % params.route_ruin_every == 0 and len(used) > 1:
            near = set(min(used, key=len))
        else:
            c = int(rng.integers(1, n))
            near = set(np.argsort(d[c])[: removed + 1].tolist()) - {0}
        init = routing.solver().Assignment()
        # RoutesToAssignment, not ReadAssignmentFromRoutes: the latter fails once the first
        # search's time limit has passed
        if not routing.RoutesToAssignment([[x for x in r if x not in near] for r in cur], True, True, init):
            continue
        left = deadline - time.monotonic()
        sol = routing.SolveFromAssignmentWithParameters(init, search_parameters(descent, min(step_s, left)))
        if sol is None:
            continue
        rs = _node_routes(routing, manager, sol, len(cur))
        if sum(len(r) for r in rs) < served:
            continue
        new_d = length(rs)
        if new_d < cur_d * (1 + 0.005 * max(0.0, deadline - time.monotonic()) / total):
            cur, cur_d = rs, new_d
            if new_d < best_d - 1e-9:
                best, best_d = rs, new_d
    return best
