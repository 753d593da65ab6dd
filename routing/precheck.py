"""Which (vehicle, shift) pairs could serve each visit alone; reasons for the visits none can."""

from __future__ import annotations

from datetime import date

from routing import plan as p
from routing.access import arrive
from routing.matrix import UNREACHABLE as NO_WAY
from routing.matrix import TravelMatrix
from routing.places import NO_ROAD_ACCESS
from routing.problem import Problem, Shift, Vehicle, Visit

#: (vehicle id, date) -> (start key, end key) of the routes that start or end at a lodging
Ends = dict[tuple[str, date], tuple[str, str]]


def candidate_shifts(
    problem: Problem, matrix: TravelMatrix, ends: Ends | None = None, on_trip: set[str] | None = None
) -> tuple[dict[str, list[tuple[Vehicle, Shift]]], list[p.LeftOut]]:
    """Split visits into those with at least one shift that could serve them and the rest.

    Parameters
    ----------
    matrix
        Travel data (a :class:`routing.access.Legs` when some sites are across water).
    ends
        Start and end of the routes that are days of a trip (default: every route from and
        back to its depot).
    on_trip
        Visits that a trip of several days could reach: when no shift serves them they are
        left out with ``no_room``, not ``unreachable``.

    Returns
    -------
    candidates
        Visit id -> the (vehicle, shift) pairs on which the visit alone fits: allowed date,
        load within capacity, a window holding set-up and service, reachable and back in time.
    left_out
        The other visits, each with the most telling reason.
    """
    ends = ends or {}
    candidates: dict[str, list[tuple[Vehicle, Shift]]] = {}
    left: list[p.LeftOut] = []
    for visit in problem.visits:
        if problem.access_of(visit)[0] == NO_ROAD_ACCESS:
            message = "no road access for the bus: served by a rotation delivery"
            left.append(p.LeftOut(visit.id, visit.site_id, p.NO_ROAD, f"site {visit.site_id}: {message}"))
            continue
        ok, reason = [], None
        tried = {"date": False, "load": False, "window": False}
        for vehicle in problem.vehicles:
            for shift in vehicle.shifts:
                if not visit.allowed_on(shift.date, vehicle.id):
                    continue
                tried["date"] = True
                if max(visit.deliver_boxes, visit.collect_boxes) > vehicle.capacity_boxes:
                    continue
                tried["load"] = True
                if not any(w.length_s >= visit.total_s for w in visit.windows_on(shift.date, shift)):
                    continue
                tried["window"] = True
                if reachable(vehicle, shift, visit, matrix, *ends.get((vehicle.id, shift.date), (None, None))):
                    ok.append((vehicle, shift))
        if ok:
            candidates[visit.id] = ok
            continue
        if not tried["date"]:
            reason = (p.NO_WORKING_DATE, "no vehicle works on any date the visit is allowed")
        elif not tried["load"]:
            reason = (
                p.TOO_HEAVY,
                f"{max(visit.deliver_boxes, visit.collect_boxes)} boxes exceed every vehicle's capacity",
            )
        elif not tried["window"]:
            reason = (p.WINDOW_TOO_SHORT, f"no time window can hold set-up and service ({visit.total_s // 60} min)")
        elif on_trip and visit.id in on_trip:
            reason = (p.NO_ROOM, "reachable only on a trip of several days, and no planned trip could serve it")
        else:
            longest = max(v.max_trip_days for v in problem.vehicles)
            reason = (
                p.UNREACHABLE,
                "cannot be reached, served and left in time to be back at the depot within any working day"
                + (f", nor on a trip of up to {longest} days" if longest > 1 and problem.lodgings else ""),
            )
        left.append(p.LeftOut(visit.id, visit.site_id, reason[0], f"site {visit.site_id}: {reason[1]}"))
    return candidates, left


def reachable(
    vehicle: Vehicle,
    shift: Shift,
    visit: Visit,
    matrix: TravelMatrix,
    start_key: str | None = None,
    end_key: str | None = None,
) -> bool:
    """Whether the visit alone fits in the shift, leaving ``start_key`` and ending at ``end_key``
    (default the vehicle's depot), ferries on their departures."""
    depot = f"depot:{vehicle.depot_id}"
    start, end, site = start_key or depot, end_key or depot, f"site:{visit.site_id}"
    if matrix.distance(start, site) >= NO_WAY or matrix.distance(site, end) >= NO_WAY:
        return False
    there, _ = arrive(matrix, start, site, vehicle.speed_kmh, shift.start_s)
    if there is None:
        return False
    for w in visit.windows_on(shift.date, shift):
        begin = max(w.start_s, there)
        done = begin + visit.total_s
        if done > w.end_s:
            continue
        back, _ = arrive(matrix, site, end, vehicle.speed_kmh, done)
        if back is not None and back <= shift.end_s:
            return True
    return False
