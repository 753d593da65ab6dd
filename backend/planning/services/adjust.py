"""Adjusting a draft by hand: move a visit to another date, bus or place in its route, or pin it.

A move re-times the routes it touches and is checked by the planner's independent checker (``routing.check``:
opening windows, working hours, lunch break, capacity, spacing, ferries) before anything is saved; a refusal says
why in the coordinator's words. A moved visit is pinned, so the next re-plan of the plan keeps it where it was put.
"""

import dataclasses
import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

import routing
from backend.core.exceptions import ApplicationError, ConflictError
from backend.places.models import Vehicle
from backend.planning.models import Plan, PlannedVisit, PlanRoute, PlanStatus, VisitStatus
from backend.planning.services.plans import PlanNotDraftError, plan_to_routing, plan_trip_days, plan_vehicles
from backend.planning.services.problem import problem_build
from backend.planning.services.translate import (
    BuiltProblem,
    planner_left_out,
    route_columns,
    stop_columns,
    vehicle_key,
)
from routing.access import Legs
from routing.matrix import matrix_for
from routing.schedule import make_route, schedule

WHOLE_DAY = routing.TimeWindow(0, 86_399)


class VisitMoveRefusedError(ApplicationError):
    """The move breaks a planning rule; ``extra["reasons"]`` says which, in words."""

    code = "move_refused"


class VisitNotMovableError(ConflictError):
    code = "visit_not_movable"


@dataclasses.dataclass
class _Draft:
    plan: Plan
    built: BuiltProblem
    planned: routing.Plan
    matrix: routing.TravelMatrix


@transaction.atomic
def planned_visit_move(
    *, visit: PlannedVisit, date: datetime.date, vehicle: Vehicle, position: int | None = None
) -> PlannedVisit:
    """Move a draft's visit to ``date`` on ``vehicle`` at ``position`` (1 = first stop; ``None``: where it adds the
    least driving), re-time the routes it leaves and joins, and pin it.

    Raises ``PlanNotDraftError`` for a published or superseded plan, ``VisitNotMovableError`` for a visit already made
    or a day of a trip with nights away, and ``VisitMoveRefusedError`` (with the reasons) when the checker finds a
    rule broken; nothing is saved then.
    """
    visit = PlannedVisit.objects.select_related("route__plan", "site").get(pk=visit.pk)
    plan = Plan.objects.select_for_update().get(pk=visit.route.plan_id)
    if plan.status != PlanStatus.DRAFT:
        raise PlanNotDraftError(_("Only a draft can be changed by hand."))
    if visit.status != VisitStatus.PLANNED:
        raise VisitNotMovableError(_("A visit already made or skipped cannot be moved."))
    if not plan.starts_on <= date <= plan.ends_on:
        raise VisitMoveRefusedError(
            _("Choose a date between %(start)s and %(end)s.")
            % {"start": f"{plan.starts_on:%d/%m/%Y}", "end": f"{plan.ends_on:%d/%m/%Y}"},
            extra={"fields": {"date": [_("Outside the plan's dates.")]}},
        )
    draft = _load(plan)
    if not draft.built.problem.has_visit(visit.key):
        raise VisitNotMovableError(_("The network changed since this draft was made. Plan again."))
    source = draft.planned.route_for(vehicle_key(visit.route.vehicle_id), visit.route.date)
    target = draft.planned.route_for(vehicle_key(vehicle.id), date)
    for route in (source, target):
        if route is not None and (route.start_at or route.end_at):
            raise VisitNotMovableError(_("A day of a trip with nights away cannot be changed by hand."))
    new_routes = _moved_routes(draft, visit.key, source, vehicle_key(vehicle.id), date, position)
    _refuse_broken_rules(draft, new_routes, visit.key)
    _store(draft, new_routes, {source.vehicle_id: visit.route.vehicle_id, vehicle_key(vehicle.id): vehicle.id})
    PlannedVisit.objects.filter(pk=visit.pk).update(pinned=True)
    return PlannedVisit.objects.select_related("route__vehicle", "site").get(pk=visit.pk)


def planned_visit_pin(*, visit: PlannedVisit, pinned: bool) -> PlannedVisit:
    """Pin a planned visit (a re-plan keeps it on its date, bus and time) or release it."""
    if visit.status != VisitStatus.PLANNED or visit.route.plan.status == PlanStatus.SUPERSEDED:
        raise VisitNotMovableError(_("Only a planned visit of a current plan can be pinned."))
    PlannedVisit.objects.filter(pk=visit.pk).update(pinned=pinned)
    visit.pinned = pinned
    return visit


def _load(plan: Plan) -> _Draft:
    built = problem_build(
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        vehicles=plan_vehicles(plan),
        history_before=plan.starts_on,
        trip_days=plan_trip_days(plan),
    )
    planned, _done = plan_to_routing(plan, built)
    known = [lo for lo in plan.left_out.all() if built.problem.has_visit(lo.key)]
    planned = routing.Plan(planned.routes, tuple(planner_left_out(lo) for lo in known))
    return _Draft(plan, built, planned, matrix_for(built.problem.points()))


def _moved_routes(draft: _Draft, key, source: routing.Route, vehicle_id: str, date, position) -> list[routing.Route]:
    """The source and target routes after the move (one route when it stays on the same day and bus)."""
    problem = draft.built.problem
    vehicle = problem.vehicle(vehicle_id)
    shift = vehicle.shift_on(date)
    if shift is None:
        raise VisitMoveRefusedError(
            _("The bus does not work on %(date)s (day off, holiday, closure or crew short).")
            % {"date": f"{date:%d/%m/%Y}"}
        )
    legs = Legs.build(problem, draft.matrix)
    same = (source.vehicle_id, source.date) == (vehicle_id, date)
    remaining = [problem.visit(s.visit_id) for s in source.stops if s.visit_id != key]
    target = source if same else draft.planned.route_for(vehicle_id, date)
    base = remaining if same else [problem.visit(s.visit_id) for s in (target.stops if target else ())]
    moved = problem.visit(key)
    positions = [min(max(position, 1), len(base) + 1) - 1] if position else range(len(base) + 1)
    best = None
    for at in positions:
        seq = [*base[:at], moved, *base[at:]]
        timing = schedule(vehicle, shift, seq, legs)
        if timing is not None and (best is None or sum(timing.legs_m) < sum(best[1].legs_m)):
            best = (seq, timing)
    if best is None:  # no timing keeps every rule: time it loosely so that the checker can say which rule breaks
        seq = [*base[: positions[0]], moved, *base[positions[0] :]]
        best = (seq, _loose_timing(vehicle, shift, seq, legs))
    routes = [make_route(vehicle, shift, *best)]
    if not same:
        source_vehicle = problem.vehicle(source.vehicle_id)
        source_shift = source_vehicle.shift_on(source.date)
        timing = schedule(source_vehicle, source_shift, remaining, legs) if remaining else None
        if remaining and timing is None:
            timing = _loose_timing(source_vehicle, source_shift, remaining, legs)
        empty = routing.Route(source.vehicle_id, source.date, source.start_s, source.start_s, (), 0, 0)
        routes.append(make_route(source_vehicle, source_shift, remaining, timing) if remaining else empty)
    return routes


def _loose_timing(vehicle, shift, seq, legs):
    """A timing that ignores opening windows and working hours, for the checker to judge."""
    loose = [dataclasses.replace(v, date_windows={shift.date: (WHOLE_DAY,)}, dates=None) for v in seq]
    timing = schedule(vehicle, routing.Shift(shift.date, 0, WHOLE_DAY.end_s), loose, legs)
    if timing is None:
        raise VisitMoveRefusedError(_("No time of that day leaves room for this visit."))
    return timing


def _refuse_broken_rules(draft: _Draft, new_routes: list[routing.Route], key: str) -> None:
    """Refuse when the checker finds, on the routes the move touches or on the moved visit, a rule the draft kept."""
    touched = {(r.vehicle_id, r.date) for r in new_routes}
    replaced = [r for r in draft.planned.routes if (r.vehicle_id, r.date) not in touched]
    after = routing.Plan(tuple(replaced) + tuple(r for r in new_routes if r.stops), draft.planned.left_out)

    def concerning(plan):
        wheres = tuple(f"route {vehicle_id} {day}" for vehicle_id, day in touched)
        return {
            (v.code, v.visit_id)
            for v in routing.check(draft.built.problem, plan, draft.matrix)
            if v.visit_id == key or v.message.startswith(wheres)
        }

    broken = concerning(after) - concerning(draft.planned)
    if broken:
        reasons = sorted({_reason(code, visit_id, draft.built) for code, visit_id in broken})
        raise VisitMoveRefusedError(" ".join(reasons), extra={"reasons": reasons})


def _reason(code: str, visit_id: str | None, built: BuiltProblem) -> str:
    known = visit_id and built.problem.has_visit(visit_id)
    site = built.site_names.get(built.problem.visit(visit_id).site_id, "") if known else ""
    site = site or _("the site")
    messages = {
        "time_window": _("%(site)s is not open at that time."),
        "travel_time": _("There is not enough time to drive to %(site)s."),
        "working_hours": _("The route would not fit in the bus's working day."),
        "break": _("The crew's lunch break would no longer fit."),
        "capacity": _("The bus would carry more boxes than it holds."),
        "load": _("The bus would carry more boxes than it holds."),
        "date_not_allowed": _("%(site)s cannot be visited on that date (closed, or too soon after its last visit)."),
        "vehicle_not_allowed": _("%(site)s cannot be visited by this bus."),
        "spacing": _("%(site)s would be visited twice too close together."),
        "no_shift": _("The bus does not work on that date."),
        "ferry": _("No ferry fits the way to %(site)s."),
        "road_across_water": _("No ferry fits the way to %(site)s."),
        "no_way": _("The bus cannot reach %(site)s."),
        "no_road": _("The bus cannot reach %(site)s."),
    }
    return messages.get(code, _("The move breaks a planning rule (%(code)s).")) % {"site": site, "code": code}


def _store(draft: _Draft, routes: list[routing.Route], vehicle_ids: dict[str, int]) -> None:
    """Write the re-timed routes: each visit row follows its key into its new route and place."""
    plan = draft.plan
    touched = Q()
    for route in routes:
        touched |= Q(vehicle_id=vehicle_ids[route.vehicle_id], date=route.date)
    stored = {(r.vehicle_id, r.date): r for r in PlanRoute.objects.filter(touched, plan=plan)}
    rows = {v.key: v for v in PlannedVisit.objects.filter(route__in=stored.values())}
    # Positions are unique per route: move the old ones out of the way before numbering again.
    PlannedVisit.objects.filter(route__in=stored.values()).update(position=F("position") + 1000)
    for route in routes:
        vehicle_id = vehicle_ids[route.vehicle_id]
        row = stored.get((vehicle_id, route.date))
        if not route.stops:
            if row is not None and not PlannedVisit.objects.filter(route=row).exists():
                row.delete()
            continue
        columns = route_columns(route)
        if row is None:
            row = PlanRoute.objects.create(plan=plan, vehicle_id=vehicle_id, date=route.date, **columns)
        else:
            PlanRoute.objects.filter(pk=row.pk).update(**columns)
        for position, stop in enumerate(route.stops, start=1):
            visit = rows[stop.visit_id]
            visit.route, visit.position = row, position
            for name, value in stop_columns(stop).items():
                setattr(visit, name, value)
            visit.save(update_fields=["route", "position", *stop_columns(stop)])
    plan.distance_m = sum(PlanRoute.objects.filter(plan=plan).values_list("distance_m", flat=True))
    plan.save(update_fields=["distance_m", "updated_at"])
