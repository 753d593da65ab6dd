"""Trips of several days: which far visits need one, and when and where the crew spends the nights.

Before the search, the visits that no day trip from the depot reaches are grouped by the lodging
nearest to them (from which a day's round trip reaches them); each group gets trips of up to the
bus's ``max_trip_days``: day 1 from the depot to the lodging, middle days from the lodging back
to it, the last day from the lodging home, every day inside the crew's hours with its lunch.
The trips take free consecutive working days of a bus (the nights between them, so calendar
days in a row). The search then fills every day, trip days included, like any other route.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from routing.access import arrive
from routing.matrix import TravelMatrix
from routing.precheck import Ends, reachable
from routing.problem import Lodging, Problem, Vehicle, Visit

VISITS_PER_DAY = 2  # long visits: two a working day


@dataclass(frozen=True)
class TripLayout:
    """Routes that start or end at a lodging, and the visits some trip could reach."""

    ends: Ends
    reachable: frozenset[str]
    trips: tuple[tuple[str, tuple[date, ...], str], ...] = ()  # (vehicle, dates, lodging)


def plan_trips(problem: Problem, matrix: TravelMatrix, far: list[Visit]) -> TripLayout:
    """Trips for the visits in ``far`` (those no day trip reaches)."""
    buses = [v for v in problem.vehicles if v.max_trip_days > 1]
    if not far or not buses or not problem.lodgings:
        return TripLayout({}, frozenset())
    groups: dict[str, list[Visit]] = {}
    for visit in far:
        best = _best_lodging(problem, matrix, buses, visit)
        if best is not None:
            groups.setdefault(best.id, []).append(visit)
    busy: set[tuple[str, date]] = set()
    ends: Ends = {}
    trips = []
    order = sorted(groups, key=lambda lid: -sum(v.priority for v in groups[lid]))
    for n, lid in enumerate(order):
        todo = sorted(groups[lid], key=lambda v: -v.priority)
        while todo:
            placed = _place_trip(problem, matrix, buses, problem.lodging(lid), todo, busy, n, len(order))
            if placed is None:
                break
            vehicle, days, taken = placed
            key = f"lodging:{lid}"
            depot = f"depot:{vehicle.depot_id}"
            for j, d in enumerate(days):
                ends[(vehicle.id, d)] = (depot if j == 0 else key, depot if j == len(days) - 1 else key)
                busy.add((vehicle.id, d))
            trips.append((vehicle.id, tuple(days), lid))
            todo = [v for v in todo if v not in taken]
    reach = frozenset(v.id for g in groups.values() for v in g)
    return TripLayout(ends, reach, tuple(trips))


def _best_lodging(problem, matrix, buses, visit) -> Lodging | None:
    site = f"site:{visit.site_id}"
    options = []
    for lodging in problem.lodgings:
        key = f"lodging:{lodging.id}"
        for bus in buses:
            if serves(problem, matrix, bus, lodging, visit):
                options.append((matrix.distance(key, site) + matrix.distance(site, key), lodging.id, lodging))
                break
    return min(options)[2] if options else None


def serves(problem, matrix, bus: Vehicle, lodging: Lodging, visit: Visit) -> bool:
    """Whether a trip of ``bus`` through ``lodging`` could serve ``visit`` on some day."""
    key, depot = f"lodging:{lodging.id}", f"depot:{bus.depot_id}"
    pairs = [(depot, key), (key, depot)] + ([(key, key)] if bus.max_trip_days > 2 else [])
    for shift in bus.shifts:
        if not visit.allowed_on(shift.date, bus.id):
            continue
        if not _can_drive(matrix, bus, shift, depot, key):
            return False
        if any(reachable(bus, shift, visit, matrix, a, b) for a, b in pairs):
            return True
    return False


def _can_drive(matrix, bus, shift, a, b) -> bool:
    """The day from the depot to the lodging (or back) fits in working hours (ferries on departures)."""
    there, _ = arrive(matrix, a, b, bus.speed_kmh, shift.start_s)
    back, _ = arrive(matrix, b, a, bus.speed_kmh, shift.start_s)
    return there is not None and back is not None and max(there, back) <= shift.end_s


def _place_trip(problem, matrix, buses, lodging, todo, busy, n, n_groups):
    """(vehicle, dates, visits it is meant for) of the best free slot, or ``None``."""
    best = None
    used = {b.id: sum(1 for v, _ in busy if v == b.id) for b in buses}
    for bus in sorted(buses, key=lambda b: (used[b.id], b.id)):
        # meant for: by priority, up to two a day and the bus's capacity
        k = min(bus.max_trip_days, max(2, 2 + math.ceil(max(0, len(todo) - 2) / VISITS_PER_DAY)))
        dates = [s.date for s in bus.shifts]
        target = len(dates) * n // max(1, n_groups)  # spread the groups' trips over the horizon
        for i in sorted(range(len(dates)), key=lambda i: abs(i - target)):
            days = [dates[i] + timedelta(days=j) for j in range(k)]
            if any(bus.shift_on(d) is None or (bus.id, d) in busy for d in days):
                continue
            taken, boxes = [], 0
            for v in todo:
                if len(taken) >= VISITS_PER_DAY * (k - 1) or boxes + v.deliver_boxes > bus.capacity_boxes:
                    break
                if any(v.allowed_on(d, bus.id) for d in days):
                    taken.append(v)
                    boxes += v.deliver_boxes
            score = (len(taken), -used[bus.id], -abs(i - target))
            if taken and (best is None or score > best[0]):
                best = (score, bus, days, taken)
            if len(taken) == min(len(todo), VISITS_PER_DAY * (k - 1)):
                break
    return None if best is None else best[1:]
