"""Slot offers and booking: a school picks a time the published plan can absorb, without re-planning."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import routing
from backend.core.exceptions import ConflictError
from backend.notifications.models import NotificationKind
from backend.notifications.services import notification_send_to_school
from backend.planning.models import (
    NetworkRevision,
    Plan,
    PlannedVisit,
    PlanRoute,
    PlanStatus,
    RequestStatus,
    VisitRequest,
)
from backend.planning.services.plans import plan_to_routing, plan_trip_days, plan_vehicles
from backend.planning.services.problem import problem_build, request_visit, site_windows
from backend.planning.services.translate import BuiltProblem, route_columns, stop_columns, time_of

OFFERS_SHOWN = 30


class SlotTakenError(ConflictError):
    code = "slot_taken"


class RequestNotOpenError(ConflictError):
    code = "request_not_open"


@dataclass(frozen=True)
class Slot:
    date: datetime.date
    vehicle_id: int
    starts_at: datetime.time
    ends_at: datetime.time
    added_distance_km: float
    plan_id: int


def _published_plan_for(request: VisitRequest) -> Plan | None:
    return (
        Plan.objects.filter(
            status=PlanStatus.PUBLISHED, starts_on__lte=request.preferred_until, ends_on__gte=request.preferred_from
        )
        .order_by("-published_at")
        .first()
    )


def _offers(
    request: VisitRequest, plan: Plan
) -> tuple[list[routing.SlotOffer], BuiltProblem, routing.Plan, routing.Visit]:
    built = problem_build(
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        vehicles=plan_vehicles(plan),
        history_before=plan.starts_on,
        trip_days=plan_trip_days(plan),
    )
    planned, _done = plan_to_routing(plan, built)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    dates = [d for d in built.problem.dates if d >= tomorrow]
    windows = site_windows(request.site, dates, built.closures)
    visit = request_visit(request, request.site, dates, windows, built, pinned=False)
    # Enough offers to spread over the whole range (one per bus, date and window), not only its cheapest days.
    return routing.offer_slots(built.problem, planned, visit, limit=OFFERS_SHOWN), built, planned, visit


def slot_offers_for(*, request: VisitRequest) -> list[Slot]:
    """Feasible (date, time) slots for a submitted request in the published plan, soonest first (a school plans
    by the calendar; each slot still says how much driving it adds)."""
    plan = _published_plan_for(request)
    if plan is None or not request.site.is_active:
        return []
    offers, built, _planned, _visit = _offers(request, plan)
    return sorted((_slot(o, built, plan) for o in offers), key=lambda slot: (slot.date, slot.starts_at))


def _slot(offer: routing.SlotOffer, built: BuiltProblem, plan: Plan) -> Slot:
    return Slot(
        date=offer.date,
        vehicle_id=built.vehicle_ids[offer.vehicle_id],
        starts_at=time_of(offer.start_s),
        ends_at=time_of(offer.end_s),
        added_distance_km=round(offer.added_distance_m / 1000, 1),
        plan_id=plan.pk,
    )


@transaction.atomic
def slot_book(*, request: VisitRequest, date: datetime.date, vehicle_id: int, starts_at: datetime.time) -> PlannedVisit:
    """Insert the request into the published plan at the chosen slot, atomically.

    Bookings are serialised on the network revision row; the slot is checked again inside the lock, so when two
    schools race for the last slot one wins and the other gets ``slot_taken`` (409) with fresh offers.
    """
    NetworkRevision.objects.select_for_update().get_or_create(pk=1)
    request = VisitRequest.objects.select_for_update().select_related("site", "school").get(pk=request.pk)
    if request.status != RequestStatus.SUBMITTED:
        raise RequestNotOpenError(_("This request is no longer waiting for a slot."))
    plan = _published_plan_for(request)
    offers, built, planned, visit = _offers(request, plan) if plan else ([], None, None, None)
    chosen = next(
        (
            o
            for o in offers
            if o.date == date and built.vehicle_ids[o.vehicle_id] == vehicle_id and time_of(o.start_s) == starts_at
        ),
        None,
    )
    if chosen is None:
        raise SlotTakenError(
            _("This slot is no longer free. Please choose another one."),
            extra={"offers": [_slot_dict(_slot(o, built, plan)) for o in offers]},
        )
    new_route = routing.insert_visit(built.problem, planned, visit, chosen)
    booked = _write_route(plan, built, new_route, visit)
    request.status, request.scheduled_visit = RequestStatus.SCHEDULED, booked
    request.save(update_fields=["status", "scheduled_visit", "updated_at"])
    notification_send_to_school(
        school=request.school,
        kind=NotificationKind.REQUEST_STATUS,
        subject=_("Your visit is booked"),
        body=_("The library bus will visit %(site)s on %(date)s at %(time)s.")
        % {"site": request.site.name, "date": date.strftime("%d/%m/%Y"), "time": starts_at.strftime("%H:%M")},
        data={"request": request.id, "visit": booked.id},
    )
    return booked


def _slot_dict(slot: Slot) -> dict:
    return {
        "date": slot.date.isoformat(),
        "vehicle": slot.vehicle_id,
        "starts_at": slot.starts_at.isoformat(),
        "ends_at": slot.ends_at.isoformat(),
        "added_distance_km": slot.added_distance_km,
    }


def _write_route(plan: Plan, built: BuiltProblem, route: routing.Route, visit: routing.Visit) -> PlannedVisit:
    """Replace the stored route's stops with the re-timed ones; returns the booked visit."""
    vehicle_id = built.vehicle_ids[route.vehicle_id]
    columns = route_columns(route)
    stored, _created = PlanRoute.objects.get_or_create(
        plan=plan, vehicle_id=vehicle_id, date=route.date, defaults=columns
    )
    existing = {v.key: v for v in stored.visits.all()}
    # Positions are unique per route: park the old ones out of the way before renumbering.
    for index, existing_visit in enumerate(stored.visits.order_by("id"), start=1):
        existing_visit.position = 1000 + index
        existing_visit.save(update_fields=["position"])
    booked = None
    for position, stop in enumerate(route.stops, start=1):
        row = existing.get(stop.visit_id) or PlannedVisit(
            route=stored, key=stop.visit_id, site_id=built.sources[stop.visit_id].site_id
        )
        row.position = position
        for name, value in stop_columns(stop).items():
            setattr(row, name, value)
        row.save()
        if stop.visit_id == visit.id:
            booked = row
    for name, value in columns.items():
        setattr(stored, name, value)
    stored.save()
    plan.distance_m = sum(plan.routes.values_list("distance_m", flat=True))
    plan.save(update_fields=["distance_m", "updated_at"])
    return booked
