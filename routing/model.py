"""The OR-Tools model of a multi-day visit-planning problem (built by :func:`routing.solver.solve_with`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import numpy as np
from ortools.constraint_solver import pywrapcp

from routing.extract import extract_plan
from routing.ferry_nodes import across, add_crossings, arcs, ferry_nodes, sides
from routing.matrix import UNREACHABLE as NO_WAY
from routing.plan import LeftOut, Plan
from routing.problem import SECONDS_PER_DAY
from routing.search import permutation, search_parameters

#: Called with the best distance so far (metres; None while PyVRP searches first); returning False
#: stops the search.
Progress = Callable[[int | None], bool | None]
PROGRESS_EVERY_S = 0.5


class VisitModel:
    """OR-Tools model: one vehicle per (vehicle, shift), one node per (visit, window pattern).

    The time dimension is day-relative (seconds since midnight of the route's date): a node's
    date comes from the vehicle serving it. A visit whose windows differ between dates gets one
    node per distinct pattern, in a single disjunction, so windows are plain domain holes within
    one day (holes on a multi-day axis made OR-Tools' domains slow: ~1 ms per hole).

    A day of a trip (``ends``: (vehicle, date) -> (start key, end key), from
    :func:`routing.trips.plan_trips`) starts or ends at a lodging node instead of the depot, is used
    even when empty, and carries its load over the night (``_capacity``). Ferry crossings are extra
    nodes (:mod:`routing.ferry_nodes`).
    """

    def __init__(self, problem, params, matrix, candidates, preferences, ends=None):
        self.problem, self.params, self.matrix = problem, params, matrix
        self.prefs = preferences
        self.ends = ends or {}
        self.shifts = [(v, s) for v in problem.vehicles for s in v.shifts]
        self.shift_pos = {(v.id, s.date): k for k, (v, s) in enumerate(self.shifts)}
        self.day_of = [problem.day_index(sh.date) for _, sh in self.shifts]
        visits = [v for v in problem.visits if v.id in candidates]
        self.visits = [visits[i] for i in permutation(len(visits), params.seed)]
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
        # fixed nodes: depots, then the lodgings where trip days start or end
        fixed = [f"depot:{d.id}" for d in problem.depots]
        fixed += sorted({k for pair in self.ends.values() for k in pair} - set(fixed))
        self.n_depots = len(fixed)
        self.route_ends = [
            self.ends.get((v.id, s.date), (f"depot:{v.depot_id}", f"depot:{v.depot_id}")) for v, s in self.shifts
        ]
        self.ferries = ferry_nodes(problem, matrix, self.copies, self.visits, self.route_ends)
        self.first_ferry = self.n_depots + len(self.copies)
        node_keys = fixed + [f"site:{self.visits[c[0]].site_id}" for c in self.copies]
        in_keys = node_keys + [f.keys(problem)[0] for f in self.ferries]
        out_keys = node_keys + [f.keys(problem)[1] for f in self.ferries]
        node_keys = in_keys
        # the model's arcs are road legs; crossings are nodes (routing.ferry_nodes)
        self.road = getattr(matrix, "matrix", matrix)
        self.idx_in = np.array([self.road.index(k) for k in in_keys])
        self.idx_out = np.array([self.road.index(k) for k in out_keys])
        self.across = across(*sides(problem, matrix, in_keys, out_keys))
        self.idx = self.idx_in
        self.dist = arcs(
            self.road.distance_m[np.ix_(self.idx_out, self.idx_in)],
            matrix.distance_m[np.ix_(self.idx_in, self.idx_in)],
            self.across,
            self.first_ferry,
        )
        starts = [fixed.index(a) for a, _ in self.route_ends]
        finishes = [fixed.index(b) for _, b in self.route_ends]
        self.manager = pywrapcp.RoutingIndexManager(len(node_keys), len(self.shifts), starts, finishes)
        self.routing = pywrapcp.RoutingModel(self.manager)
        self.trips = self._trip_chains()
        for chain in self.trips:
            for k in chain:
                self.routing.SetVehicleUsedWhenEmpty(True, k)
        self._costs()
        self._time()
        add_crossings(self, self.ferries, self.first_ferry)
        self._capacity()
        self._spacing()
        self._disjunctions()

    def _trip_chains(self) -> list[list[int]]:
        """Shift positions of each trip of several days, in order."""
        chains = []
        for k, (veh, sh) in enumerate(self.shifts):
            a, b = self.route_ends[k]
            if not a.startswith("depot:") or b.startswith("depot:"):
                continue
            chain = [k]
            while not self.route_ends[chain[-1]][1].startswith("depot:"):
                nxt = self.shift_pos.get((veh.id, self.shifts[chain[-1]][1].date + timedelta(days=1)))
                if nxt is None:
                    raise ValueError(f"trip of {veh.id} from {sh.date} does not come back")
                chain.append(nxt)
            chains.append(chain)
        return chains

    def index_of(self, c: int) -> int:
        """Routing index of copy ``c``."""
        return self.manager.NodeToIndex(self.n_depots + c)

    def _node_values(self, values) -> list[int]:
        return [0] * self.n_depots + [int(values[i]) for i, _, _ in self.copies] + [0] * len(self.ferries)

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
                cost = np.rint(self.dist * factor + self._ferry_costs(base)).astype(np.int64)
                cost[self.dist >= NO_WAY] = NO_WAY
                if extra is not None:
                    cost = cost + extra[None, :]
                self.max_leg_cost = max(self.max_leg_cost, int(cost[self.dist < NO_WAY].max(initial=1)))
                cbs[key] = r.RegisterTransitMatrix(cost.tolist())
            r.SetArcCostEvaluatorOfVehicle(cbs[key], k)

    def _ferry_costs(self, base: float) -> np.ndarray | float:
        """A crossing's cost in metres of driving at the cheapest vehicle's cost per km."""
        if not self.problem.ferries:
            return 0.0
        out = np.zeros(self.dist.shape)
        direct = self.matrix.crossing_costs()[np.ix_(self.idx_in, self.idx_in)]
        out[: self.first_ferry, : self.first_ferry] = direct[: self.first_ferry, : self.first_ferry]
        for n, f in enumerate(self.ferries):
            out[:, self.first_ferry + n] = self.problem.ferries[f.link].cost
        return out * (1000 / base)

    def _time(self):
        r = self.routing
        service = np.array(self._node_values([v.total_s for v in self.visits]), dtype=np.int64)
        for n, f in enumerate(self.ferries):
            service[self.first_ferry + n] = self.problem.ferries[f.link].crossing_s
        cbs, per_vehicle = {}, []
        for veh, _ in self.shifts:
            if veh.speed_kmh not in cbs:
                travel = arcs(
                    self.road.durations(veh.speed_kmh)[np.ix_(self.idx_out, self.idx_in)],
                    self.matrix.durations(veh.speed_kmh)[np.ix_(self.idx_in, self.idx_in)],
                    self.across,
                    self.first_ferry,
                )
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
        for n, f in enumerate(self.ferries):  # no lunch during a crossing
            visit_transit[self.manager.NodeToIndex(self.first_ferry + n)] = self.problem.ferries[f.link].crossing_s
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
        r.AddDimensionWithVehicleCapacity(r.RegisterUnaryTransitVector(deliver), 0, caps, False, "Delivered")
        r.AddDimensionWithVehicleCapacity(r.RegisterUnaryTransitVector(net), 0, caps, False, "Load")
        delivered, load = r.GetDimensionOrDie("Delivered"), r.GetDimensionOrDie("Load")
        solver = r.solver()
        on_trip = {k for chain in self.trips for k in chain}
        for k in range(len(self.shifts)):
            if k in on_trip:
                continue
            # the bus leaves loaded with exactly the boxes it will deliver on this route
            delivered.CumulVar(r.Start(k)).SetValue(0)
            solver.Add(load.CumulVar(r.Start(k)) == delivered.CumulVar(r.End(k)))
        for chain in self.trips:
            # a trip leaves with all its deliveries; boxes stay on board overnight
            delivered.CumulVar(r.Start(chain[0])).SetValue(0)
            solver.Add(load.CumulVar(r.Start(chain[0])) == delivered.CumulVar(r.End(chain[-1])))
            for a, b in zip(chain, chain[1:], strict=False):
                solver.Add(delivered.CumulVar(r.Start(b)) == delivered.CumulVar(r.End(a)))
                solver.Add(load.CumulVar(r.Start(b)) == load.CumulVar(r.End(a)))

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
        keep = mandatory // 10
        for i, v in enumerate(self.visits):
            penalty = mandatory if v.mandatory else base * v.priority
            if self.prefs and v.id in self.prefs.keep:
                penalty = max(penalty, keep)
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
        return self._search(time_limit_s, stopped), stopped[0]

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

    def _search(self, time_limit_s: float, stopped: list[bool]):
        """Search from the given routes if they hold, else from the first-solution strategy; if neither gives an
        assignment (routes that no longer fit, a heuristic that fails on a side constraint or runs out of time
        under load), from empty routes: every visit is optional, so that start always holds and the search fills
        it. The answer is None only when a mandatory visit cannot be served at all."""
        r = self.routing
        deadline = time.monotonic() + max(0.1, time_limit_s)

        def parameters():
            return search_parameters(self.params, max(0.1, deadline - time.monotonic()))

        r.CloseModelWithParameters(parameters())
        self.seeded = False  # whether the answer grew from the given routes
        if self.prefs and self.prefs.initial:
            initial = r.ReadAssignmentFromRoutes(self._initial_routes(), True)
            found = r.SolveFromAssignmentWithParameters(initial, parameters()) if initial is not None else None
            self.seeded = found is not None
            if found is not None or stopped[0]:
                return found
        found = r.SolveWithParameters(parameters())
        if found is not None or stopped[0]:
            return found
        empty = r.ReadAssignmentFromRoutes([[] for _ in self.shifts], True)
        return r.SolveFromAssignmentWithParameters(empty, parameters()) if empty is not None else None

    def _initial_routes(self) -> list[list[int]]:
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
        return routes

    def extract(self, assignment, left: list[LeftOut]) -> Plan:
        """The plan of an assignment, every route re-timed exactly (:mod:`routing.extract`)."""
        return extract_plan(self, assignment, left)
