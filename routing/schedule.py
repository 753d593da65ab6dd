"""Earliest-time schedule of a fixed sequence of visits on one shift.

Used to time the solver's routes, to test insertions for slot offers and to re-time kept
routes when re-planning. The checker does not use it: it verifies times on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from routing.matrix import TravelMatrix
from routing.plan import Route, Stop
from routing.problem import Shift, Vehicle, Visit


@dataclass(frozen=True)
class Timing:
    """Times of a scheduled route (seconds since midnight of the shift's date)."""

    start_s: int
    end_s: int
    arrivals: tuple[int, ...]
    starts: tuple[int, ...]
    departures: tuple[int, ...]
    legs_m: tuple[int, ...]  # distance of each leg, depot->first ... last->depot
    break_start_s: int | None


def schedule(
    vehicle: Vehicle, shift: Shift, visits: Sequence[Visit], matrix: TravelMatrix, depot_key: str | None = None
) -> Timing | None:
    """Earliest feasible timing of ``visits`` in this order, or ``None`` if there is none.

    Every lunch placement (before the route, in any leg, after it) is tried; the one returning
    earliest wins. The departure from the depot is then delayed to avoid waiting at the first stop.
    """
    depot = depot_key or f"depot:{vehicle.depot_id}"
    keys = [depot, *(f"site:{v.site_id}" for v in visits), depot]
    travel = [matrix.duration(a, b, vehicle.speed_kmh) for a, b in zip(keys, keys[1:], strict=False)]
    legs = tuple(matrix.distance(a, b) for a, b in zip(keys, keys[1:], strict=False))
    lunch = vehicle.lunch if vehicle.lunch and vehicle.lunch.required_on(shift) else None
    # positions: -1 before the route, k = during leg k, len(legs) after the route
    positions = range(-1, len(legs) + 1) if lunch else [None]
    best: Timing | None = None
    for pos in positions:
        t = _forward(shift, visits, travel, legs, lunch, pos)
        if t is not None and (best is None or t.end_s < best.end_s):
            best = t
    return best


def _forward(shift, visits, travel, legs, lunch, pos) -> Timing | None:
    dep = shift.start_s
    brk = None
    if pos == -1:
        brk = max(shift.start_s, lunch.earliest_start_s)
        if brk + lunch.duration_s > lunch.latest_end_s:
            return None
        dep = brk + lunch.duration_s
    start0 = dep
    arrivals, starts, departures = [], [], []
    for k, v in enumerate(visits):
        arrive, ready, brk = _leg(dep, travel[k], lunch, brk, pos == k)
        if ready is None:
            return None
        start = _fit(v, shift, ready)
        if start is None:
            return None
        arrivals.append(arrive)
        starts.append(start)
        dep = start + v.total_s
        departures.append(dep)
    n = len(visits)
    arrive, ready, brk = _leg(dep, travel[n], lunch, brk, pos == n)
    if ready is None:
        return None
    end = arrive if pos != n else ready
    if pos == n + 1:
        brk = max(end, lunch.earliest_start_s)
        if brk + lunch.duration_s > min(lunch.latest_end_s, shift.end_s):
            return None
    if end > shift.end_s:
        return None
    if visits and pos != 0:  # leave later rather than wait at the first stop
        start0 = max(start0, starts[0] - travel[0])
        arrivals[0] = start0 + travel[0]
    return Timing(start0, end, tuple(arrivals), tuple(starts), tuple(departures), legs, brk)


def _leg(dep, travel, lunch, brk, with_break):
    """Arrival and earliest ready time after a leg, taking the break in it if asked."""
    if not with_break:
        return dep + travel, dep + travel, brk
    bs = max(dep, lunch.earliest_start_s)
    if bs + lunch.duration_s > lunch.latest_end_s:
        return None, None, brk
    ready = max(dep + travel, bs) + lunch.duration_s
    arrive = dep + travel if bs >= dep + travel else ready
    return arrive, ready, bs


def _fit(visit: Visit, shift: Shift, ready: int) -> int | None:
    """Earliest start >= ready such that the whole visit fits in one of the day's windows."""
    for w in visit.windows_on(shift.date, shift):
        start = max(ready, w.start_s)
        if start + visit.total_s <= w.end_s:
            return start
    return None


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
