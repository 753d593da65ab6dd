"""A stocktake after every trip (Circular 05/2022): a trip is closed only by the bus's stocktake on its return.

The trip is a published route that ends at the depot (the last day of a trip of several days). Its return stocktake
comes from the phone (event ``trip_stocktake``) or the console; differences go to the conflict inbox, where accepting
them marks the missing copies lost and puts them on the withdrawal list, and brings misplaced copies onto the bus.
A route back at the depot before today without its stocktake is an open trip, flagged on the dashboard and on the
next run sheet.
"""

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import NotFoundError
from backend.crew.models import SyncConflict, TripClosure
from backend.places.models import Vehicle
from backend.places.roster import crew_on
from backend.planning.models import PlanRoute, PlanStatus
from backend.stock.holders import Holder
from backend.stock.ledger import lock_copies, record_moves
from backend.stock.models import Copy, CopyStatus, MovementKind
from backend.stock.stocktake import stocktake_submit
from backend.stock.withdrawals import withdrawal_list_add

TRIP_DIFFERENCE = "trip_stocktake_difference"


class TripNotFoundError(NotFoundError):
    code = "trip_not_found"


def _route_back_on(vehicle: Vehicle, day: datetime.date) -> PlanRoute:
    route = (
        PlanRoute.objects.filter(plan__status=PlanStatus.PUBLISHED, vehicle=vehicle, date=day, end_lodging__isnull=True)
        .order_by("-plan__published_at")
        .first()
    )
    if route is None:
        raise TripNotFoundError(
            _("%(vehicle)s has no published trip back at the depot on %(day)s.")
            % {"vehicle": vehicle, "day": f"{day:%d/%m/%Y}"}
        )
    return route


@transaction.atomic
def trip_return_stocktake(
    *,
    vehicle: Vehicle,
    day: datetime.date,
    barcodes: list[str],
    by: User,
    at: datetime.datetime | None = None,
    source_event_id: uuid.UUID | None = None,
    event=None,
) -> TripClosure:
    """Count the bus on its return and close the trip that ends on ``day``; differences go to the conflict inbox.

    Raises ``TripNotFoundError`` (404) without a published trip back that day, ``ValidationError`` on ``barcodes``
    for an empty count or barcodes the catalogue does not know. A trip already closed is returned as it was.
    Nothing is saved when an error is raised.
    """
    route = _route_back_on(vehicle, day)
    earlier = TripClosure.objects.filter(vehicle=vehicle, date=day).select_related("stocktake").first()
    if earlier is not None:
        return earlier
    scanned = sorted({b.strip() for b in barcodes if b and b.strip()})
    known = set(Copy.objects.filter(barcode__in=scanned).values_list("barcode", flat=True))
    unknown = [b for b in scanned if b not in known]
    if unknown or not scanned:
        message = _("No copy has these barcodes: %s") % ", ".join(unknown) if unknown else _("Scan the bus's books.")
        raise ValidationError({"barcodes": [message]})
    stocktake = stocktake_submit(
        holder=Holder.vehicle(vehicle), barcodes=scanned, by=by, at=at, source_event_id=source_event_id
    )
    crew = crew_on(vehicle=vehicle, day=day).as_dict()
    conflict = _differences_to_inbox(stocktake, vehicle, day, event)
    return TripClosure.objects.create(
        vehicle=vehicle, date=day, route=route, stocktake=stocktake, crew=crew, conflict=conflict, closed_by=by
    )


def _differences_to_inbox(stocktake, vehicle: Vehicle, day: datetime.date, event) -> SyncConflict | None:
    result = stocktake.result
    misplaced = [m["barcode"] for m in result["misplaced"]]
    if not result["missing"] and not misplaced:
        return None
    details = {
        "stocktake": stocktake.pk,
        "vehicle": vehicle.pk,
        "date": day.isoformat(),
        "missing": result["missing"],
        "misplaced": misplaced,
    }
    message = _(
        "Return stocktake of %(vehicle)s on %(day)s: %(missing)d missing, %(misplaced)d on board but recorded "
        "elsewhere. Accept to mark the missing copies lost (onto the withdrawal list) and put the others on the bus."
    ) % {"vehicle": vehicle, "day": f"{day:%d/%m/%Y}", "missing": len(result["missing"]), "misplaced": len(misplaced)}
    return SyncConflict.objects.create(
        event=event, code=TRIP_DIFFERENCE, message=message, details=details, vehicle=vehicle
    )


def trip_difference_settle(*, conflict: SyncConflict, by: User) -> dict[str, Any]:
    """Accepting a return stocktake's differences: copies still recorded on the bus but not counted are lost and go
    on the withdrawal list; copies counted on board but recorded elsewhere come onto the bus."""
    details, bus = conflict.details, Holder.vehicle(conflict.details["vehicle"])
    reason = _("Return stocktake #%d, settled by a coordinator") % details["stocktake"]
    at = timezone.now()
    ids = Copy.objects.filter(barcode__in=details["missing"] + details["misplaced"]).values_list("pk", flat=True)
    copies = {c.barcode: c for c in lock_copies(list(ids))}
    lost = [c for b, c in copies.items() if b in details["missing"] and Holder.of(c) == bus]
    here = [c for b, c in copies.items() if b in details["misplaced"] and c.status != CopyStatus.WITHDRAWN]
    here = [c for c in here if Holder.of(c) != bus]
    if lost:
        record_moves(lost, kind=MovementKind.LOST, to=Holder.lost(), by=by, at=at, reason=reason)
        for copy in lost:
            copy.status = CopyStatus.LOST
        withdrawal_list_add(copies=lost, reason="lost", note=reason, by=by)
    if here:
        record_moves(here, kind=MovementKind.CORRECTION, to=bus, by=by, at=at, reason=reason)
    return {"lost": sorted(c.barcode for c in lost), "corrected": sorted(c.barcode for c in here)}


def trip_open_list(*, vehicle_ids=None, before: datetime.date | None = None, since: datetime.date | None = None):
    """Trips back at the depot before ``before`` (default today) without their return stocktake, oldest first."""
    before = before or timezone.localdate()
    first = settings.BOOKBUS["TRIP_STOCKTAKE_FROM"]
    if first:
        since = max(since or datetime.date.min, datetime.date.fromisoformat(first))
    routes = PlanRoute.objects.filter(plan__status=PlanStatus.PUBLISHED, end_lodging__isnull=True, date__lt=before)
    if since:
        routes = routes.filter(date__gte=since)
    if vehicle_ids is not None:
        routes = routes.filter(vehicle_id__in=vehicle_ids)
    closed = TripClosure.objects.filter(date__lt=before, **({"date__gte": since} if since else {}))
    open_trips, seen = [], set(closed.values_list("vehicle_id", "date"))
    for route in routes.select_related("vehicle").order_by("date", "vehicle_id"):
        if (route.vehicle_id, route.date) in seen:
            continue
        seen.add((route.vehicle_id, route.date))
        open_trips.append(
            {
                "vehicle": route.vehicle_id,
                "vehicle_name": str(route.vehicle),
                "date": route.date.isoformat(),
                "route": route.pk,
            }
        )
    return open_trips


def route_crew_and_open_trips(route: PlanRoute) -> dict[str, Any]:
    """The run sheet's part for a route: who goes, and the bus's trips still waiting for their return stocktake."""
    return {
        "crew": crew_on(vehicle=route.vehicle, day=route.date).as_dict(),
        "open_trips": trip_open_list(vehicle_ids=[route.vehicle_id], before=route.date),
    }
