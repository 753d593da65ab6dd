"""OR-Tools model building and search: the only module that imports ortools."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util import optional_boolean_pb2

from routing.exceptions import NoSolutionError, SolveCancelled
from routing.matrix import MatrixProvider, TravelMatrix, matrix_for
from routing.params import SolveParams
from routing.plan import NO_ROOM, LeftOut, Plan, Route, Stop
from routing.precheck import candidate_shifts
from routing.problem import SECONDS_PER_DAY, Problem, Shift, Vehicle
from routing.schedule import Timing, schedule
from routing.vrptw import VrptwInstance, VrptwSolution, route_distance

# Solomon data have one decimal at most; ×1000 keeps rounding-up errors below 0.1 % of a leg.
VRPTW_SCALE = 1000

#: Called with the best distance so far (metres); returning False stops the search.
Progress = Callable[[int], bool | None]
PROGRESS_EVERY_S = 0.5


# Operators that find nothing on a VRPTW without pairs or optional visits, or cost more than they
# give within seconds; switching them off measured 2.73 % -> 2.40 % mean gap on 16 Solomon instances.
LEAN_OFF = (
    "use_relocate_pair",
    "use_light_relocate_pair",
    "use_exchange_pair",
    "use_relocate_subtrip",
    "use_exchange_subtrip",
    "use_global_cheapest_insertion_path_lns",
    "use_local_cheapest_insertion_path_lns",
    "use_relocate_path_global_cheapest_insertion_insert_unperformed",
    "use_global_cheapest_insertion_visit_types_lns",
    "use_local_cheapest_insertion_visit_types_lns",
    "use_shortest_path_swap_active",
    "use_shortest_path_two_opt",
    "use_swap_active_chain",
    "use_make_chain_inactive",
)


def _search_parameters(params: SolveParams, time_limit_s: float):
    sp = pywrapcp.DefaultRoutingSearchParameters()
    sp.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, params.first_solution.upper())
    sp.local_search_metaheuristic = getattr(routing_enums_pb2.LocalSearchMetaheuristic, params.metaheuristic.upper())
    sp.guided_local_search_lambda_coefficient = params.gls_lambda
    ms = max(1, int(time_limit_s * 1000))
    sp.time_limit.seconds = ms // 1000
    sp.time_limit.nanos = (ms % 1000) * 1_000_000
    sp.log_search = params.log_search
    if params.operators == "vrptw":
        for name in LEAN_OFF:
            setattr(sp.local_search_operators, name, optional_boolean_pb2.BOOL_FALSE)
    return sp


def _permutation(n: int, seed: int) -> np.ndarray:
    """Order in which customers become OR-Tools nodes; seed 0 keeps the input order."""
    if seed == 0:
        return np.arange(n)
    return np.random.default_rng(seed).permutation(n)


def solve_vrptw(inst: VrptwInstance, params: SolveParams) -> VrptwSolution:
    """Minimise total Euclidean distance of a Solomon-style instance.

    Travel times are scaled by ``VRPTW_SCALE`` and rounded up, so every plan is feasible on
    exact times; the distance reported is recomputed unrounded.

    Raises
    ------
    NoSolutionError
        If OR-Tools finds no assignment.
    """
    deadline = time.monotonic() + params.time_limit_s
    dist = inst.distances()
    best: VrptwSolution | None = None
    for run in range(params.restarts):
        left = deadline - time.monotonic()
        share = left / (params.restarts - run)
        if share <= 0.05:
            break
        sol = _solve_vrptw_once(inst, dist, params, params.seed + run, share)
        if sol is not None and (best is None or _better(sol, best)):
            best = sol
    if best is None:
        raise NoSolutionError(f"{inst.name}: OR-Tools found no assignment")
    return best


def _better(a: VrptwSolution, b: VrptwSolution) -> bool:
    return (len(a.unserved), a.distance) < (len(b.unserved), b.distance)


def _solve_vrptw_once(inst, dist, params, seed, time_limit_s):
    n = len(inst.demand)
    perm = np.concatenate([[0], 1 + _permutation(n - 1, seed)])  # node k holds customer perm[k]
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
    sp = _search_parameters(params, time_limit_s * (1 - params.lns_share))
    assignment = routing.SolveWithParameters(sp)
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


def _node_routes(routing, manager, assignment, fleet: int) -> list[list[int]]:
    out = []
    for v in range(fleet):
        route, idx = [], assignment.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(idx):
            route.append(manager.IndexToNode(idx))
            idx = assignment.Value(routing.NextVar(idx))
        out.append(route)
    return out


def _ruin_and_recreate(routing, manager, d, routes, params, seed, deadline, removed=10, step_s=0.25):
    """After GLS: remove a customer and its nearest neighbours, let OR-Tools reinsert and descend.

    Threshold acceptance (0.5 % of the current distance, shrinking to 0 at the deadline); the best
    full solution is kept. OR-Tools' own ruin-and-recreate ILS measured worse (README).
    """

    def length(rs):
        return sum(d[a, b] for r in rs if r for a, b in zip([0, *r], [*r, 0], strict=True))

    n = d.shape[0]
    rng = np.random.default_rng(seed)
    total = max(1e-9, deadline - time.monotonic())
    cur, cur_d = routes, length(routes)
    best, best_d = cur, cur_d
    descent = dataclasses.replace(params, metaheuristic="greedy_descent")
    served = sum(len(r) for r in routes)
    while time.monotonic() < deadline - 0.02:
        c = int(rng.integers(1, n))
        near = set(np.argsort(d[c])[: removed + 1].tolist()) - {0}
        init = routing.solver().Assignment()
        # RoutesToAssignment, not ReadAssignmentFromRoutes: the latter fails once the first
        # search's time limit has passed
        if not routing.RoutesToAssignment([[x for x in r if x not in near] for r in cur], True, True, init):
            continue
        left = deadline - time.monotonic()
        sol = routing.SolveFromAssignmentWithParameters(init, _search_parameters(descent, min(step_s, left)))
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


# --------------------------------------------------------------------------------------------
# Multi-day visit planning
# --------------------------------------------------------------------------------------------


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
        runs; returning ``False`` stops the search.

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
    (``(vehicle id, date) -> [visit ids]``).
    """

    assigned: dict[str, tuple[str, date]]
    move_cost_m: int = 30_000
    initial: dict[tuple[str, date], list[str]] | None = None


def solve_with(
    problem: Problem,
    params: SolveParams,
    matrix: TravelMatrix,
    preferences: Preferences | None = None,
    progress: Progress | None = None,
) -> Plan:
    """:func:`solve` with a prebuilt matrix and optional re-planning preferences."""
    t0 = time.monotonic()
    candidates, left = candidate_shifts(problem, matrix)
    if not candidates:  # nothing can be served (OR-Tools also crashes on a model without vehicles)
        return Plan((), tuple(left), {"seed": params.seed, "solve_time_s": round(time.monotonic() - t0, 3)})
    model = _Model(problem, params, matrix, candidates, preferences)
    assignment, cancelled = model.search(params.time_limit_s - (time.monotonic() - t0), progress)
    if cancelled:
        raise SolveCancelled("the search was stopped by its caller")
    if assignment is None:
        raise NoSolutionError("OR-Tools found no assignment")
    plan = model.extract(assignment, left)
    plan.stats.update(solve_time_s=round(time.monotonic() - t0, 3), objective=assignment.ObjectiveValue())
    return plan


class _Model:
    """OR-Tools model: one vehicle per (vehicle, shift), one node per (visit, window pattern).

    The time dimension is day-relative (seconds since midnight of the route's date): a node's
    date comes from the vehicle serving it. A visit whose windows differ between dates gets one
    node per distinct pattern, in a single disjunction, so windows are plain domain holes within
    one day (holes on a multi-day axis made OR-Tools' domains slow: ~1 ms per hole).
    """

    def __init__(self, problem, params, matrix, candidates, preferences):
        self.problem, self.params, self.matrix = problem, params, matrix
        self.prefs = preferences
        self.shifts = [(v, s) for v in problem.vehicles for s in v.shifts]
        self.shift_pos = {(v.id, s.date): k for k, (v, s) in enumerate(self.shifts)}
        self.day_of = [problem.day_index(sh.date) for _, sh in self.shifts]
        visits = [v for v in problem.visits if v.id in candidates]
        self.visits = [visits[i] for i in _permutation(len(visits), params.seed)]
        self.copies = []  # (visit position, windows or None, allowed shift positions)
        self.copies_of = []
        for i, v in enumerate(self.visits):
            groups: dict = {}
            for veh, sh in candidates[v.id]:
                pattern = v.windows_on(sh.date) if (v.windows or v.date_windows) else None
                groups.setdefault(pattern, []).append(self.shift_pos[(veh.id, sh.date)])
            self.copies_of.append([])
            for pattern, allowed in groups.items():
                self.copies_of[i].append(len(self.copies))
                self.copies.append((i, pattern, sorted(allowed)))
        depots = [d.id for d in problem.depots]
        self.n_depots = len(depots)
        node_keys = [f"depot:{d}" for d in depots] + [f"site:{self.visits[c[0]].site_id}" for c in self.copies]
        self.idx = np.array([matrix.index(k) for k in node_keys])
        self.dist = matrix.distance_m[np.ix_(self.idx, self.idx)]
        starts = [depots.index(v.depot_id) for v, _ in self.shifts]
        self.manager = pywrapcp.RoutingIndexManager(len(node_keys), len(self.shifts), starts, starts)
        self.routing = pywrapcp.RoutingModel(self.manager)
        self._costs()
        self._time()
        self._capacity()
        self._spacing()
        self._disjunctions()

    def index_of(self, c: int) -> int:
        """Routing index of copy ``c``."""
        return self.manager.NodeToIndex(self.n_depots + c)

    def _node_values(self, values) -> list[int]:
        return [0] * self.n_depots + [int(values[i]) for i, _, _ in self.copies]

    def _costs(self):
        r = self.routing
        positive = [v.cost_per_km for v, _ in self.shifts if v.cost_per_km > 0]
        base = min(positive) if positive else 1.0
        self.max_leg_cost = 1
        cbs = {}
        for k, (veh, sh) in enumerate(self.shifts):
            factor = veh.cost_per_km / base if veh.cost_per_km > 0 else 1.0
            extra = None
            if self.prefs:
                # moving a visit off its previous (vehicle, date) costs as much as a detour
                extra = np.zeros(len(self.idx), dtype=np.int64)
                for c, (i, _, _) in enumerate(self.copies):
                    had = self.prefs.assigned.get(self.visits[i].id)
                    if had and had != (veh.id, sh.date):
                        extra[self.n_depots + c] = (
                            self.prefs.move_cost_m if had[1] != sh.date else self.prefs.move_cost_m // 2
                        )
            key = (factor, None if extra is None else extra.tobytes())
            if key not in cbs:
                cost = np.rint(self.dist * factor).astype(np.int64)
                if extra is not None:
                    cost = cost + extra[None, :]
                self.max_leg_cost = max(self.max_leg_cost, int(cost.max()))
                cbs[key] = r.RegisterTransitMatrix(cost.tolist())
            r.SetArcCostEvaluatorOfVehicle(cbs[key], k)

    def _time(self):
        r = self.routing
        service = np.array(self._node_values([v.total_s for v in self.visits]), dtype=np.int64)
        cbs, per_vehicle = {}, []
        for veh, _ in self.shifts:
            if veh.speed_kmh not in cbs:
                travel = self.matrix.durations(veh.speed_kmh)[np.ix_(self.idx, self.idx)]
                cbs[veh.speed_kmh] = r.RegisterTransitMatrix((travel + service[:, None]).tolist())
            per_vehicle.append(cbs[veh.speed_kmh])
        r.AddDimensionWithVehicleTransits(per_vehicle, SECONDS_PER_DAY, SECONDS_PER_DAY, False, "Time")
        self.time = r.GetDimensionOrDie("Time")
        for k, (_, sh) in enumerate(self.shifts):
            for end in (r.Start(k), r.End(k)):
                self.time.CumulVar(end).SetRange(sh.start_s, sh.end_s)
            r.AddVariableMinimizedByFinalizer(self.time.CumulVar(r.End(k)))
            r.AddVariableMaximizedByFinalizer(self.time.CumulVar(r.Start(k)))
        for c, (i, pattern, allowed) in enumerate(self.copies):
            index = self.index_of(c)
            # SetAllowedVehiclesForIndex's Span binding rejects Python lists in 9.15; -1 = unperformed
            r.VehicleVar(index).SetValues([-1, *allowed])
            total = self.visits[i].total_s
            if pattern is None:
                continue
            spans = [(w.start_s, w.end_s - total) for w in pattern if w.end_s - total >= w.start_s]
            cumul = self.time.CumulVar(index)
            cumul.SetRange(spans[0][0], max(b for _, b in spans))
            reach = spans[0][1]
            for a, b in spans[1:]:
                if a > reach + 1:
                    cumul.RemoveInterval(reach + 1, a - 1)
                reach = max(reach, b)
        solver = r.solver()
        visit_transit = [0] * r.Size()
        for c, (i, _, _) in enumerate(self.copies):
            visit_transit[self.index_of(c)] = self.visits[i].total_s
        self.breaks = {}
        for k, (veh, sh) in enumerate(self.shifts):
            if veh.lunch and veh.lunch.required_on(sh):
                lb = veh.lunch
                iv = solver.FixedDurationIntervalVar(
                    lb.earliest_start_s, lb.latest_end_s - lb.duration_s, lb.duration_s, False, f"lunch{k}"
                )
                self.time.SetBreakIntervalsOfVehicle([iv], k, visit_transit)
                self.breaks[k] = iv

    def _capacity(self):
        if not any(v.deliver_boxes or v.collect_boxes for v in self.visits):
            return
        r = self.routing
        caps = [veh.capacity_boxes for veh, _ in self.shifts]
        deliver = self._node_values([v.deliver_boxes for v in self.visits])
        net = self._node_values([v.collect_boxes - v.deliver_boxes for v in self.visits])
        r.AddDimensionWithVehicleCapacity(r.RegisterUnaryTransitVector(deliver), 0, caps, True, "Delivered")
        r.AddDimensionWithVehicleCapacity(r.RegisterUnaryTransitVector(net), 0, caps, False, "Load")
        delivered, load = r.GetDimensionOrDie("Delivered"), r.GetDimensionOrDie("Load")
        solver = r.solver()
        for k in range(len(self.shifts)):
            # the bus leaves loaded with exactly the boxes it will deliver on this route
            solver.Add(load.CumulVar(r.Start(k)) == delivered.CumulVar(r.End(k)))

    def _spacing(self):
        targets = [t for t in self.problem.periodic_targets if t.min_gap_days > 0]
        if not targets:
            return
        r = self.routing
        zero = r.RegisterUnaryTransitVector([0] * len(self.idx))
        n_days = max(self.day_of) + 1
        r.AddDimension(zero, 0, n_days, False, "Day")
        day = r.GetDimensionOrDie("Day")
        for k in range(len(self.shifts)):
            day.CumulVar(r.Start(k)).SetValue(self.day_of[k])
        solver = r.solver()
        for t in targets:
            members = [i for i, v in enumerate(self.visits) if v.site_id == t.site_id]
            # symmetry breaking: the site's visits in order of earliest allowed day, then id
            members.sort(
                key=lambda i: (
                    min(self.day_of[k] for c in self.copies_of[i] for k in self.copies[c][2]),
                    self.visits[i].id,
                )
            )
            big = n_days + t.min_gap_days
            for pos, a in enumerate(members):
                for b in members[pos + 1 :]:
                    for ca in self.copies_of[a]:
                        for cb in self.copies_of[b]:
                            ia, ib = self.index_of(ca), self.index_of(cb)
                            solver.Add(
                                day.CumulVar(ib) - day.CumulVar(ia) + big * (2 - r.ActiveVar(ia) - r.ActiveVar(ib))
                                >= t.min_gap_days
                            )

    def _disjunctions(self):
        base = 10 * self.max_leg_cost + 1
        mandatory = base * 1000 * max([v.priority for v in self.visits] or [1])
        for i, v in enumerate(self.visits):
            penalty = mandatory if v.mandatory else base * v.priority
            if self.prefs and v.id in self.prefs.assigned:
                # dropping a planned visit for an unplanned one of equal priority is also a change
                penalty += 2 * self.prefs.move_cost_m
            self.routing.AddDisjunction([self.index_of(c) for c in self.copies_of[i]], penalty, 1)

    def search(self, time_limit_s: float, progress: Progress | None = None):
        """Run OR-Tools; returns (assignment or None, whether ``progress`` stopped it)."""
        r = self.routing
        for iv in self.breaks.values():
            r.AddIntervalToAssignment(iv)
        stopped = [False]
        if progress is not None:
            self._report_progress_to(progress, stopped)
        return self._search(time_limit_s), stopped[0]

    def _report_progress_to(self, progress: Progress, stopped: list[bool]) -> None:
        r = self.routing
        best_cost: list[int | None] = [None]
        best_distance = [0]
        last = [float("-inf")]

        def at_solution():
            # Called on every solution the search accepts, some worse than the best (guided local search
            # wanders, and may drop visits): follow the best by objective, report its distance, throttled.
            cost = r.CostVar().Value()
            if best_cost[0] is None or cost < best_cost[0]:
                best_cost[0], best_distance[0] = cost, self._current_distance_m()
            now = time.monotonic()
            if now - last[0] < PROGRESS_EVERY_S:
                return
            last[0] = now
            if progress(best_distance[0]) is False:
                stopped[0] = True
                r.solver().FinishCurrentSearch()

        r.AddAtSolutionCallback(at_solution)

    def _current_distance_m(self) -> int:
        r, m = self.routing, self.manager
        total = 0
        for k in range(len(self.shifts)):
            index = r.Start(k)
            while not r.IsEnd(index):
                following = r.NextVar(index).Value()
                total += self.dist[m.IndexToNode(index), m.IndexToNode(following)]
                index = following
        return int(total)

    def _search(self, time_limit_s: float):
        r = self.routing
        sp = _search_parameters(self.params, max(0.1, time_limit_s))
        if self.prefs and self.prefs.initial:
            where = {v.id: i for i, v in enumerate(self.visits)}
            routes = [[] for _ in self.shifts]
            for key, ids in self.prefs.initial.items():
                k = self.shift_pos.get(key)
                if k is None:
                    continue
                for vid in ids:
                    c = (
                        next((c for c in self.copies_of[where[vid]] if k in self.copies[c][2]), None)
                        if vid in where
                        else None
                    )
                    if c is not None:
                        routes[k].append(self.n_depots + c)
            r.CloseModelWithParameters(sp)
            initial = r.ReadAssignmentFromRoutes(routes, True)
            if initial is not None:
                return r.SolveFromAssignmentWithParameters(initial, sp)
        return r.SolveWithParameters(sp)

    def extract(self, assignment, left: list[LeftOut]) -> Plan:
        r, m = self.routing, self.manager
        routes, served = [], set()
        for k, (veh, sh) in enumerate(self.shifts):
            seq = []
            index = assignment.Value(r.NextVar(r.Start(k)))
            while not r.IsEnd(index):
                seq.append(self.visits[self.copies[m.IndexToNode(index) - self.n_depots][0]])
                index = assignment.Value(r.NextVar(index))
            if not seq:
                continue
            served.update(v.id for v in seq)
            timing = schedule(veh, sh, seq, self.matrix)
            if timing is None:  # should not happen: fall back on OR-Tools' own times
                timing = self._timing_from(assignment, k, seq)
            routes.append(make_route(veh, sh, seq, timing))
        routes.sort(key=lambda rt: (rt.date, rt.vehicle_id))
        for v in self.visits:
            if v.id not in served:
                left.append(
                    LeftOut(
                        v.id,
                        v.site_id,
                        NO_ROOM,
                        f"site {v.site_id}: no room left in the plan "
                        "(working hours, windows, capacity or spacing), or not worth the detour "
                        "at its priority",
                    )
                )
        order = {v.id: n for n, v in enumerate(self.problem.visits)}
        left.sort(key=lambda lo: order[lo.visit_id])
        return Plan(tuple(routes), tuple(left), {"seed": self.params.seed})

    def _timing_from(self, assignment, k, seq) -> Timing:
        r = self.routing
        veh = self.shifts[k][0]
        keys = [f"depot:{veh.depot_id}", *(f"site:{v.site_id}" for v in seq), f"depot:{veh.depot_id}"]
        legs = tuple(self.matrix.distance(a, b) for a, b in zip(keys, keys[1:], strict=False))
        index, starts = r.Start(k), []
        t_start = assignment.Value(self.time.CumulVar(index))
        index = assignment.Value(r.NextVar(index))
        while not r.IsEnd(index):
            starts.append(assignment.Value(self.time.CumulVar(index)))
            index = assignment.Value(r.NextVar(index))
        end = assignment.Value(self.time.CumulVar(index))
        deps = [s + v.total_s for s, v in zip(starts, seq, strict=True)]
        arrivals = [t_start + self.matrix.duration(keys[0], keys[1], veh.speed_kmh)]
        for j in range(1, len(seq)):
            arrivals.append(deps[j - 1] + self.matrix.duration(keys[j], keys[j + 1], veh.speed_kmh))
        brk = self.breaks.get(k)
        return Timing(
            t_start,
            end,
            tuple(arrivals),
            tuple(starts),
            tuple(deps),
            legs,
            None if brk is None else assignment.StartValue(brk),
        )


def make_route(vehicle: Vehicle, shift: Shift, seq, timing: Timing) -> Route:
    """A :class:`Route` from a sequence of visits and its timing."""
    load = sum(v.deliver_boxes for v in seq)
    stops = []
    for j, v in enumerate(seq):
        load += v.collect_boxes - v.deliver_boxes
        stops.append(
            Stop(v.id, v.site_id, timing.arrivals[j], timing.starts[j], timing.departures[j], timing.legs_m[j], load)
        )
    return Route(
        vehicle.id,
        shift.date,
        timing.start_s,
        timing.end_s,
        tuple(stops),
        sum(timing.legs_m),
        sum(v.deliver_boxes for v in seq),
        timing.break_start_s,
    )
