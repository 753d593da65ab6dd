"""Slot offers: where a new visit fits into an existing plan, without re-solving."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from routing.access import Legs
from routing.matrix import MatrixProvider, TravelMatrix, matrix_for
from routing.plan import Plan, Route
from routing.problem import Problem, TimeWindow, Visit
from routing.schedule import make_route, schedule


@dataclass(frozen=True)
class SlotOffer:
    """The request could start at ``start_s`` on ``date`` with ``vehicle_id``, as stop ``position``.

    ``added_distance_m`` is the extra driving; other stops of that route keep their order and stay
    inside their windows (their times may shift, see ``retimed``).
    """

    date: date
    vehicle_id: str
    start_s: int
    end_s: int
    position: int
    added_distance_m: int
    retimed: bool


def offer_slots(
    problem: Problem,
    plan: Plan,
    request: Visit,
    *,
    matrix: TravelMatrix | None = None,
    provider: MatrixProvider | None = None,
    limit: int | None = 20,
) -> list[SlotOffer]:
    """Feasible (date, time) slots for ``request``, cheapest added driving first.

    Each working shift on an allowed date is tried, every insertion position in its route (an
    unused shift counts as an empty route). An offer respects windows, working hours, the lunch
    break, capacity and the periodic gap to the site's planned visits. At most one offer per
    (date, vehicle, window of the request) is returned, its cheapest position: a school open in the
    morning and the afternoon is offered both. Days of a trip with nights away are not offered
    (their loads and lodgings belong to the whole trip: a new plan serves such a request).

    Parameters
    ----------
    request
        The visit asked for; its ``site_id`` may be new to the problem.
    matrix
        Travel data covering the problem's points and the request's site; built with ``provider``
        (default geodesic) when missing or incomplete.
    limit
        Most offers returned (``None``: all).
    """
    matrix = Legs.build(problem, _matrix_with(problem, request, matrix, provider))
    target = problem.target(request.site_id)
    planned_dates = [r.date for r in plan.routes for s in r.stops if s.site_id == request.site_id]
    offers: list[SlotOffer] = []
    for vehicle in problem.vehicles:
        for shift in vehicle.shifts:
            if not request.allowed_on(shift.date, vehicle.id):
                continue
            if target and any(abs((shift.date - d).days) < target.min_gap_days for d in planned_dates):
                continue
            route = plan.route_for(vehicle.id, shift.date)
            if route is not None and (route.start_at or route.end_at):
                continue
            for window in request.windows_on(shift.date, shift):
                best = _best_insertion(
                    vehicle, shift, route, problem, _only_window(request, shift.date, window), matrix
                )
                if best:
                    offers.append(best)
    offers.sort(key=lambda o: (o.added_distance_m, o.date, o.start_s, o.vehicle_id))
    return offers if limit is None else offers[:limit]


def _best_insertion(
    vehicle, shift, route: Route | None, problem: Problem, request: Visit, matrix: TravelMatrix
) -> SlotOffer | None:
    """The cheapest feasible position for ``request`` in ``route`` (``None``: an unused shift)."""
    stops = route.stops if route else ()
    seq = [problem.visit(s.visit_id) for s in stops]
    old_m = route.distance_m if route else 0
    best = None
    for pos in range(len(seq) + 1):
        trial = [*seq[:pos], request, *seq[pos:]]
        if not _load_ok(trial, vehicle.capacity_boxes):
            continue
        timing = schedule(vehicle, shift, trial, matrix)
        if timing is None:
            continue
        added = sum(timing.legs_m) - old_m
        if best is None or added < best.added_distance_m:
            retimed = any(timing.starts[j + (j >= pos)] != s.start_s for j, s in enumerate(stops))
            best = SlotOffer(shift.date, vehicle.id, timing.starts[pos], timing.departures[pos], pos, added, retimed)
    return best


def _only_window(request: Visit, day: date, window: TimeWindow) -> Visit:
    """``request`` allowed only inside ``window`` on ``day``."""
    return replace(request, date_windows={**dict(request.date_windows), day: (window,)})


def _matrix_with(problem: Problem, request: Visit, matrix, provider) -> TravelMatrix:
    """A matrix covering the problem and the request's site (which may be new)."""
    key = f"site:{request.site_id}"
    points = problem.points()
    if all(k != key for k, _ in points):
        points.append((key, request.location))
    return matrix_for(points, matrix, provider)


def _load_ok(trial: list[Visit], capacity: int) -> bool:
    """Leaves with all its deliveries; collections pile up; never above capacity."""
    load = sum(v.deliver_boxes for v in trial)
    if load > capacity:
        return False
    for v in trial:
        load += v.collect_boxes - v.deliver_boxes
        if load > capacity:
            return False
    return True


def insert_visit(
    problem: Problem,
    plan: Plan,
    request: Visit,
    offer: SlotOffer,
    *,
    matrix: TravelMatrix | None = None,
    provider: MatrixProvider | None = None,
) -> Route:
    """The route of ``offer`` with ``request`` inserted at its position, re-timed.

    Parameters
    ----------
    problem, plan, request
        As given to :func:`offer_slots`.
    offer
        One of the offers :func:`offer_slots` returned for this plan.

    Returns
    -------
    Route
        The new route for ``(offer.vehicle_id, offer.date)``; the other routes of the plan are unchanged.

    Raises
    ------
    ValueError
        If the offer no longer fits (the plan changed since it was made).
    """
    vehicle = next(v for v in problem.vehicles if v.id == offer.vehicle_id)
    shift = vehicle.shift_on(offer.date)
    if shift is None:
        raise ValueError(f"vehicle {offer.vehicle_id} does not work on {offer.date}")
    matrix = Legs.build(problem, _matrix_with(problem, request, matrix, provider))
    offered_window = next(
        (w for w in request.windows_on(offer.date, shift) if w.start_s <= offer.start_s <= w.end_s), None
    )
    if offered_window is None:
        raise ValueError(f"{request.id} has no window at the offered time on {offer.date}")
    request = _only_window(request, offer.date, offered_window)  # the offered window, not an earlier one
    route = plan.route_for(vehicle.id, offer.date)
    if route is not None and (route.start_at or route.end_at):
        raise ValueError(f"{offer.vehicle_id} is away on a trip on {offer.date}")
    seq = [problem.visit(s.visit_id) for s in (route.stops if route else ())]
    seq.insert(offer.position, request)
    timing = schedule(vehicle, shift, seq, matrix) if _load_ok(seq, vehicle.capacity_boxes) else None
    if timing is None:
        raise ValueError(f"{request.id} no longer fits on {offer.date} with {offer.vehicle_id}")
    return make_route(vehicle, shift, seq, timing)
