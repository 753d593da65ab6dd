"""Earliest-time schedule of a fixed sequence of visits on one shift.

Used to time the solver's routes, to test insertions for slot offers and to re-time kept
routes when re-planning. The checker does not use it: it verifies times on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from routing.access import arrive, crossing
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
    ferries: tuple[int | None, ...] = ()  # ferry departure taken on each leg, None by road


def schedule(
    vehicle: Vehicle,
    shift: Shift,
    visits: Sequence[Visit],
    matrix: TravelMatrix,
    depot_key: str | None = None,
    *,
    end_key: str | None = None,
) -> Timing | None:
    """Earliest feasible timing of ``visits`` in this order, or ``None`` if there is none.

    The route starts at ``depot_key`` (default the vehicle's depot; a ``lodging:<id>`` on a day of a
    trip) and ends at ``end_key`` (default where it starts, or the depot). ``matrix`` may be an
    access-aware :class:`routing.access.Legs`: a crossing leg then waits for its ferry.
    Every lunch placement (before the route, in any road leg, after it) is tried; the one returning
    earliest wins. The departure is then delayed to avoid waiting at the first stop.
    """
    depot = f"depot:{vehicle.depot_id}"
    keys = [depot_key or depot, *(f"site:{v.site_id}" for v in visits), end_key or depot_key or depot]
    pairs = list(zip(keys, keys[1:], strict=False))
    legs = tuple(matrix.distance(a, b) for a, b in pairs)

    crossings = [crossing(matrix, a, b) for a, b in pairs]

    def go(k: int, dep: int, lunch_break=None):
        if crossings[k] is None or lunch_break is None:
            return arrive(matrix, *pairs[k], vehicle.speed_kmh, dep)
        return _ferry_lunch(matrix, crossings[k], pairs[k], vehicle, dep, lunch_break)

    lunch = vehicle.lunch if vehicle.lunch and vehicle.lunch.required_on(shift) else None
    # positions: -1 before the route, k = during leg k, len(legs) after the route
    positions = range(-1, len(legs) + 1) if lunch else [None]
    best: Timing | None = None
    for pos in positions:
        t = _forward(shift, visits, go, legs, lunch, pos)
        if t is not None and (best is None or t.end_s < best.end_s):
            best = t
    if best is not None and visits and best.ferries[0] is not None:
        # leave just in time for the ferry rather than wait at the port
        before, _ = matrix.port_times(*pairs[0], vehicle.speed_kmh)
        best = replace(best, start_s=max(best.start_s, best.ferries[0] - before))
    return best


def _forward(shift, visits, go, legs, lunch, pos) -> Timing | None:
    dep = shift.start_s
    brk = None
    if pos == -1:
        brk = max(shift.start_s, lunch.earliest_start_s)
        if brk + lunch.duration_s > lunch.latest_end_s:
            return None
        dep = brk + lunch.duration_s
    start0 = dep
    arrivals, starts, departures, ferries = [], [], [], []
    for k, v in enumerate(visits):
        arrive_s, ready, brk, ferry = _leg(dep, go, k, lunch, brk, pos == k)
        if ready is None:
            return None
        start = _fit(v, shift, ready)
        if start is None:
            return None
        arrivals.append(arrive_s)
        starts.append(start)
        ferries.append(ferry)
        dep = start + v.total_s
        departures.append(dep)
    n = len(visits)
    arrive_s, ready, brk, ferry = _leg(dep, go, n, lunch, brk, pos == n)
    if ready is None:
        return None
    ferries.append(ferry)
    end = arrive_s if pos != n else ready
    if pos == n + 1:
        brk = max(end, lunch.earliest_start_s)
        if brk + lunch.duration_s > min(lunch.latest_end_s, shift.end_s):
            return None
    if end > shift.end_s:
        return None
    if visits and pos != 0 and ferries[0] is None:  # leave later rather than wait at the first stop
        travel0 = go(0, start0)[0] - start0
        start0 = max(start0, starts[0] - travel0)
        arrivals[0] = start0 + travel0
    return Timing(start0, end, tuple(arrivals), tuple(starts), tuple(departures), legs, brk, tuple(ferries))


def _ferry_lunch(matrix, c, pair, vehicle, dep, lunch):
    """A crossing leg with the lunch break: (arrival, ready, break start, ferry) or Nones.

    The break is taken at the port before the ferry, or on the island side after landing (right
    away, or after the drive from the port): never during a crossing or a drive.
    """
    lb = lunch
    before, after = matrix.port_times(*pair, vehicle.speed_kmh)
    f = c.link
    options = []
    bs = max(dep + before, lb.earliest_start_s)  # at the port, before the ferry
    leaves = f.next_departure(bs + lb.duration_s, c.outbound)
    if bs + lb.duration_s <= lb.latest_end_s and leaves is not None:
        end = leaves + f.crossing_s + after
        options.append((end, end, end, bs, leaves))
    leaves = f.next_departure(dep + before, c.outbound)
    if leaves is not None:
        land = leaves + f.crossing_s
        if land >= lb.earliest_start_s and land + lb.duration_s <= lb.latest_end_s:  # on landing
            end = land + lb.duration_s + after
            options.append((end, end, end, land, leaves))
        bs = max(land + after, lb.earliest_start_s)  # after the drive from the port
        if bs + lb.duration_s <= lb.latest_end_s:
            options.append((bs + lb.duration_s, land + after, bs + lb.duration_s, bs, leaves))
    if not options:
        return None
    return min(options)[1:]


def _leg(dep, go, k, lunch, brk, with_break):
    """Arrival, earliest ready time, break start and ferry taken on leg ``k``."""
    arrive_s, ferry = go(k, dep)
    if arrive_s is None:
        return None, None, brk, None
    if not with_break:
        return arrive_s, arrive_s, brk, ferry
    if ferry is not None:
        timed = go(k, dep, lunch)
        if timed is None:
            return None, None, brk, None
        arrive_s, ready, bs, ferry = timed
        return arrive_s, ready, bs, ferry
    travel = arrive_s - dep  # a road leg: the break is taken before or after driving
    bs = max(dep, lunch.earliest_start_s)
    if bs + lunch.duration_s > lunch.latest_end_s:
        return None, None, brk, None
    ready = max(dep + travel, bs) + lunch.duration_s
    arrive_s = dep + travel if bs >= dep + travel else ready
    return arrive_s, ready, bs, ferry


def _fit(visit: Visit, shift: Shift, ready: int) -> int | None:
    """Earliest start >= ready such that the whole visit fits in one of the day's windows."""
    for w in visit.windows_on(shift.date, shift):
        start = max(ready, w.start_s)
        if start + visit.total_s <= w.end_s:
            return start
    return None


def make_route(
    vehicle: Vehicle,
    shift: Shift,
    seq,
    timing: Timing,
    start_at: str | None = None,
    end_at: str | None = None,
    load_start: int | None = None,
) -> Route:
    """A :class:`Route` from a sequence of visits and its timing.

    ``start_at``/``end_at`` are lodgings on a day of a trip; ``load_start`` the boxes on board
    when the day starts (default: this route's deliveries, as on a day trip).
    """
    load = sum(v.deliver_boxes for v in seq) if load_start is None else load_start
    first = load
    ferries = timing.ferries or (None,) * (len(seq) + 1)
    stops = []
    for j, v in enumerate(seq):
        load += v.collect_boxes - v.deliver_boxes
        stops.append(
            Stop(
                v.id,
                v.site_id,
                timing.arrivals[j],
                timing.starts[j],
                timing.departures[j],
                timing.legs_m[j],
                load,
                ferries[j],
            )
        )
    return Route(
        vehicle.id,
        shift.date,
        timing.start_s,
        timing.end_s,
        tuple(stops),
        sum(timing.legs_m),
        first,
        timing.break_start_s,
        start_at,
        end_at,
        ferries[len(seq)],
    )
