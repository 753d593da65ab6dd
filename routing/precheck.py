"""Which (vehicle, shift) pairs could serve each visit alone; reasons for the visits none can."""

from __future__ import annotations

from routing import plan as p
from routing.matrix import UNREACHABLE as NO_ROAD
from routing.matrix import TravelMatrix
from routing.problem import Problem, Shift, Vehicle, Visit


def candidate_shifts(
    problem: Problem, matrix: TravelMatrix
) -> tuple[dict[str, list[tuple[Vehicle, Shift]]], list[p.LeftOut]]:
    """Split visits into those with at least one shift that could serve them and the rest.

    Returns
    -------
    candidates
        Visit id -> the (vehicle, shift) pairs on which the visit alone fits: allowed date,
        load within capacity, a window holding set-up and service, reachable and back in time.
    left_out
        The other visits, each with the most telling reason.
    """
    candidates: dict[str, list[tuple[Vehicle, Shift]]] = {}
    left: list[p.LeftOut] = []
    for visit in problem.visits:
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
                if reachable(vehicle, shift, visit, matrix):
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
        else:
            reason = (
                p.UNREACHABLE,
                "cannot be reached, served and left in time to be back at the depot within any working day",
            )
        left.append(p.LeftOut(visit.id, visit.site_id, reason[0], f"site {visit.site_id}: {reason[1]}"))
    return candidates, left


def reachable(vehicle: Vehicle, shift: Shift, visit: Visit, matrix: TravelMatrix) -> bool:
    depot, site = f"depot:{vehicle.depot_id}", f"site:{visit.site_id}"
    out = matrix.duration(depot, site, vehicle.speed_kmh)
    back = matrix.duration(site, depot, vehicle.speed_kmh)
    if out >= NO_ROAD or back >= NO_ROAD:
        return False
    for w in visit.windows_on(shift.date, shift):
        start = max(w.start_s, shift.start_s + out)
        end = start + visit.total_s
        if end <= w.end_s and end + back <= shift.end_s:
            return True
    return False
