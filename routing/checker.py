"""Independent verification of a plan against its problem.

Shares no model-building or scheduling code with the solver: it recomputes travel from a
matrix and checks every rule on the times the plan states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations
from typing import Protocol

from routing.access import Legs, arrive, crossing
from routing.matrix import UNREACHABLE, GeodesicMatrixProvider, TravelMatrix
from routing.places import NO_ROAD_ACCESS
from routing.problem import Problem


class PlanLike(Protocol):
    """What the checker reads of a :class:`routing.plan.Plan` (which imports this module, not the
    other way round: ``Plan.is_feasible`` calls :func:`check`)."""

    routes: tuple
    left_out: tuple


@dataclass(frozen=True)
class Violation:
    """One broken rule; ``code`` is stable, ``message`` names the route and visit."""

    code: str
    message: str
    visit_id: str | None = None

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def check(problem: Problem, plan: PlanLike, matrix: TravelMatrix | None = None) -> list[Violation]:
    """Every rule the plan breaks; an empty list means the plan is valid.

    Parameters
    ----------
    matrix
        Travel data to recompute legs with; default ``GeodesicMatrixProvider().build(...)``,
        the solver's default.
    """
    matrix = matrix or GeodesicMatrixProvider().build(problem.points())
    legs = Legs.build(problem, matrix)
    out: list[Violation] = []
    expected_load = _check_nights(problem, plan, out)
    seen: dict[str, int] = {}
    served_dates: dict[str, list] = {}
    route_keys = set()
    for r in plan.routes:
        where = f"route {r.vehicle_id} {r.date}"
        try:
            vehicle = problem.vehicle(r.vehicle_id)
        except KeyError:
            out.append(Violation("unknown_vehicle", f"{where}: no such vehicle"))
            continue
        if (r.vehicle_id, r.date) in route_keys:
            out.append(Violation("duplicate_route", f"{where}: two routes for one vehicle and date"))
        route_keys.add((r.vehicle_id, r.date))
        shift = vehicle.shift_on(r.date)
        if shift is None:
            out.append(Violation("no_shift", f"{where}: the vehicle does not work on this date"))
            continue
        if r.start_s < shift.start_s or r.end_s > shift.end_s or r.start_s > r.end_s:
            out.append(
                Violation(
                    "working_hours",
                    f"{where}: {r.start_s}-{r.end_s} outside working hours {shift.start_s}-{shift.end_s}",
                )
            )
        depot = f"depot:{vehicle.depot_id}"
        start_key = f"lodging:{r.start_at}" if r.start_at else depot
        end_key = f"lodging:{r.end_at}" if r.end_at else depot
        if any(k not in matrix._pos for k in (start_key, end_key)):
            out.append(Violation("lodging", f"{where}: unknown lodging {r.start_at or r.end_at}"))
            continue
        prev_key, prev_dep = start_key, r.start_s
        load = r.load_start
        total_m = 0
        busy = []  # (from, to, travel_s) of each road leg, to place the break in
        if load != expected_load.get((r.vehicle_id, r.date), load):
            out.append(
                Violation("load", f"{where}: leaves with {load} boxes, not the deliveries (and loads) of its trip")
            )
        if load > vehicle.capacity_boxes:
            out.append(Violation("capacity", f"{where}: leaves with {load} boxes > capacity {vehicle.capacity_boxes}"))
        services = []
        for s in r.stops:
            try:
                visit = problem.visit(s.visit_id)
            except KeyError:
                out.append(Violation("unknown_visit", f"{where}: unknown visit {s.visit_id}", s.visit_id))
                continue
            seen[visit.id] = seen.get(visit.id, 0) + 1
            served_dates.setdefault(visit.site_id, []).append((visit.id, r.date))
            key = f"site:{visit.site_id}"
            if problem.access_of(visit)[0] == NO_ROAD_ACCESS:
                out.append(Violation("no_road", f"{where}: {visit.id} has no road access for the bus", visit.id))
            travel = _leg_time(legs, prev_key, key, vehicle, prev_dep, s.ferry_departure_s, where, visit.id, out)
            dist = legs.distance(prev_key, key)
            total_m += dist
            if abs(dist - s.distance_m) > 1:
                out.append(
                    Violation("distance", f"{where}: leg to {visit.id} is {dist} m, plan says {s.distance_m}", visit.id)
                )
            if not visit.allowed_on(r.date):
                out.append(Violation("date_not_allowed", f"{where}: {visit.id} not allowed on {r.date}", visit.id))
            if visit.vehicle_ids is not None and vehicle.id not in visit.vehicle_ids:
                out.append(
                    Violation("vehicle_not_allowed", f"{where}: {visit.id} not allowed on this vehicle", visit.id)
                )
            if s.arrival_s < prev_dep + travel or s.start_s < s.arrival_s:
                out.append(
                    Violation(
                        "travel_time",
                        f"{where}: {visit.id} reached at {s.arrival_s}/started "
                        f"{s.start_s}, but earliest arrival is {prev_dep + travel}",
                        visit.id,
                    )
                )
            if s.departure_s != s.start_s + visit.setup_s + visit.duration_s:
                out.append(Violation("duration", f"{where}: {visit.id} does not last set-up plus service", visit.id))
            if not any(w.start_s <= s.start_s and s.departure_s <= w.end_s for w in visit.windows_on(r.date, shift)):
                out.append(
                    Violation(
                        "time_window",
                        f"{where}: {visit.id} at {s.start_s}-{s.departure_s} is outside its windows",
                        visit.id,
                    )
                )
            load += visit.collect_boxes - visit.deliver_boxes
            if load != s.load_after:
                out.append(
                    Violation("load", f"{where}: load after {visit.id} is {load}, plan says {s.load_after}", visit.id)
                )
            if load > vehicle.capacity_boxes:
                out.append(Violation("capacity", f"{where}: {load} boxes on board after {visit.id}", visit.id))
            busy.append((prev_dep, s.start_s, travel, _ferry_parts(legs, prev_key, key, vehicle, s.ferry_departure_s)))
            services.append((s.start_s, s.departure_s))
            prev_key, prev_dep = key, s.departure_s
        travel = _leg_time(legs, prev_key, end_key, vehicle, prev_dep, r.return_ferry_departure_s, where, None, out)
        total_m += legs.distance(prev_key, end_key)
        if r.end_s < prev_dep + travel:
            out.append(Violation("travel_time", f"{where}: back at {r.end_s}, earliest {prev_dep + travel}"))
        busy.append(
            (prev_dep, r.end_s, travel, _ferry_parts(legs, prev_key, end_key, vehicle, r.return_ferry_departure_s))
        )
        if abs(total_m - r.distance_m) > len(r.stops) + 1:
            out.append(Violation("distance", f"{where}: {total_m} m recomputed, plan says {r.distance_m}"))
        out.extend(_check_break(where, vehicle, shift, r, busy, services))
    out.extend(_check_coverage(problem, plan, seen))
    out.extend(_check_spacing(problem, served_dates))
    return out


def _leg_time(legs, a, b, vehicle, dep, ferry_s, where, visit_id, out) -> int:
    """Least time from leaving ``a`` at ``dep`` to arriving at ``b``; a crossing must name its ferry."""
    c = crossing(legs, a, b)
    if c is None:
        if legs.distance(a, b) >= UNREACHABLE:
            out.append(Violation("no_way", f"{where}: no way from {a} to {b}", visit_id))
        return legs.duration(a, b, vehicle.speed_kmh)
    f = c.link
    if ferry_s is None:
        out.append(Violation("road_across_water", f"{where}: leg {a} -> {b} crosses water by road", visit_id))
        return legs.duration(a, b, vehicle.speed_kmh)
    before, after = legs.port_times(a, b, vehicle.speed_kmh)
    if ferry_s not in (f.departures if c.outbound else f.return_departures):
        out.append(Violation("ferry", f"{where}: no ferry {f.id} leaves at {ferry_s}", visit_id))
    elif dep + before > ferry_s:
        out.append(Violation("ferry", f"{where}: reaches the port of {f.id} after the {ferry_s} ferry", visit_id))
    arrival, _ = arrive(legs, a, b, vehicle.speed_kmh, dep)
    return max(ferry_s + f.crossing_s + after, arrival or 0) - dep


def _ferry_parts(legs, a, b, vehicle, ferry_s):
    """(departure, landing, drive to the port, drive from the port) of a crossing leg, else ``None``."""
    c = crossing(legs, a, b)
    if c is None or ferry_s is None:
        return None
    before, after = legs.port_times(a, b, vehicle.speed_kmh)
    return ferry_s, ferry_s + c.link.crossing_s, before, after


def _check_nights(problem: Problem, plan: PlanLike, out: list[Violation]) -> dict:
    """Nights away: a day ending at a lodging is followed by the next day starting there, and the
    reverse (anything else is a drive at night); trips within ``max_trip_days``. Returns the load
    each route must leave with: all deliveries of its trip from the depot, else last night's load."""
    by_key = {(r.vehicle_id, r.date): r for r in plan.routes}
    expected: dict = {}
    for r in sorted(plan.routes, key=lambda x: (x.vehicle_id, x.date)):
        where = f"route {r.vehicle_id} {r.date}"
        prev = by_key.get((r.vehicle_id, r.date - timedelta(days=1)))
        nxt = by_key.get((r.vehicle_id, r.date + timedelta(days=1)))
        if r.end_at and (nxt is None or nxt.start_at != r.end_at):
            out.append(
                Violation("night_drive", f"{where}: ends at lodging {r.end_at}, the next day does not start there")
            )
        if r.start_at and (prev is None or prev.end_at != r.start_at):
            out.append(Violation("night_drive", f"{where}: starts at lodging {r.start_at} without a night there"))
        if r.start_at and prev is not None and prev.end_at == r.start_at:
            expected[(r.vehicle_id, r.date)] = prev.stops[-1].load_after if prev.stops else prev.load_start
            continue
        chain = [r]
        while chain[-1].end_at and (following := by_key.get((r.vehicle_id, chain[-1].date + timedelta(days=1)))):
            if following.start_at != chain[-1].end_at:
                break
            chain.append(following)
        delivered = sum(
            problem.visit(s.visit_id).deliver_boxes for x in chain for s in x.stops if problem.has_visit(s.visit_id)
        )
        expected[(r.vehicle_id, r.date)] = delivered
        try:
            limit = problem.vehicle(r.vehicle_id).max_trip_days
        except KeyError:
            continue
        if len(chain) > limit:
            out.append(Violation("trip_length", f"{where}: a trip of {len(chain)} days, more than {limit}"))
    return expected


def _check_break(where, vehicle, shift, r, legs, services) -> list[Violation]:
    lunch = vehicle.lunch
    if lunch is None or not lunch.required_on(shift):
        return []
    b = r.break_start_s
    if b is None:
        return [Violation("break", f"{where}: no lunch break")]
    e = b + lunch.duration_s
    if b < lunch.earliest_start_s or e > lunch.latest_end_s:
        return [Violation("break", f"{where}: lunch {b}-{e} outside its window")]
    if any(b < s_end and s_start < e for s_start, s_end in services):
        return [Violation("break", f"{where}: lunch overlaps a visit")]
    if e <= r.start_s and b >= shift.start_s or b >= r.end_s and e <= shift.end_s:
        return []
    for dep, nxt, travel, ferry in legs:
        if ferry is None:
            if dep <= b and e <= nxt and nxt - dep >= travel + lunch.duration_s:
                return []
            continue
        leaves, land, before, after = ferry  # at the port before the ferry, or after landing
        if dep <= b and e <= leaves and (b - dep >= before or leaves - e >= before):
            return []
        if land <= b and e <= nxt and (b - land >= after or nxt - e >= after):
            return []
    return [Violation("break", f"{where}: no room for the lunch break where the plan puts it")]


def _check_coverage(problem: Problem, plan: PlanLike, seen: dict[str, int]) -> list[Violation]:
    out = []
    left = {lo.visit_id for lo in plan.left_out}
    for v in problem.visits:
        n = seen.get(v.id, 0)
        if n > 1:
            out.append(Violation("visited_twice", f"{v.id} is served {n} times", v.id))
        if n and v.id in left:
            out.append(Violation("served_and_left_out", f"{v.id} is served and listed as left out", v.id))
        if not n and v.mandatory:
            out.append(
                Violation("mandatory_left_out", f"mandatory visit {v.id} (site {v.site_id}) is not served", v.id)
            )
        if not n and v.id not in left:
            out.append(Violation("silent_drop", f"{v.id} is neither served nor listed as left out", v.id))
    for lo in plan.left_out:
        if not problem.has_visit(lo.visit_id):
            out.append(Violation("unknown_visit", f"left out {lo.visit_id} is not in the problem", lo.visit_id))
        elif not lo.reason:
            out.append(Violation("no_reason", f"{lo.visit_id} is left out without a reason", lo.visit_id))
    return out


def _check_spacing(problem: Problem, served_dates) -> list[Violation]:
    out = []
    for t in problem.periodic_targets:
        for (a, da), (b, db) in combinations(sorted(served_dates.get(t.site_id, []), key=lambda x: x[1]), 2):
            if abs((db - da).days) < t.min_gap_days:
                out.append(
                    Violation(
                        "spacing",
                        f"site {t.site_id}: {a} on {da} and {b} on {db} are less than {t.min_gap_days} days apart",
                        b,
                    )
                )
    return out
