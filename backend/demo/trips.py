"""Demo of mobile service by Circular 05/2022's rules: trips with their crews and return stocktakes (the latest trip
left open, so the dashboard and the run sheet flag it), a crew member's absence, uses reported for deposited
collections, and a withdrawal list with one lost and one damaged copy (one already withdrawn by a decision).

Handover and return records come from the deposits and collections of the stock demo and the history. Loading twice
changes nothing: every step looks for what it would make first.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.crew.models import TripClosure
from backend.places.models import CrewAbsence, TripCrew, Vehicle
from backend.places.roster import crew_on_dates, trip_crew_confirm
from backend.planning.models import PlanRoute, PlanStatus
from backend.stock.handover import collection_use_record
from backend.stock.models import CollectionStay, Copy, CopyStatus, MovementKind, Stocktake
from backend.stock.services import copy_move
from backend.stock.withdrawals import withdrawal_decide, withdrawal_list_add

SEED = 2026
ABSENT_USERNAME = "librarian1"  # Lê Thị Mai, of bus 65A-001.23's crew


@transaction.atomic
def demo_trips_load(*, today: datetime.date | None = None) -> dict:
    """Close the demo's past trips but the latest, confirm its crew, record an absence, uses and a withdrawal list."""
    today = today or timezone.localdate()
    counts = {"trips closed": _close_past_trips(today), "collection uses": _uses()}
    counts["absences"] = _absence(today)
    counts["withdrawal entries"] = _withdrawal_list()
    return counts


def _past_routes(today: datetime.date):
    return PlanRoute.objects.filter(plan__status=PlanStatus.PUBLISHED, end_lodging__isnull=True, date__lt=today)


def _close_past_trips(today: datetime.date) -> int:
    """Every past trip gets its return stocktake and closure, except the latest one (left open for the demo)."""
    routes = list(_past_routes(today).select_related("vehicle").order_by("date", "vehicle_id"))
    if not routes:
        return 0
    latest = routes[-1]
    by = User.objects.filter(username="driver").first()
    if by is not None and not TripCrew.objects.filter(vehicle=latest.vehicle, date=latest.date).exists():
        planned = crew_on_dates(vehicles=[latest.vehicle], dates=[latest.date])[latest.vehicle_id, latest.date]
        if planned.members:  # the crew confirmed at departure (only the return stocktake is missing)
            trip_crew_confirm(vehicle=latest.vehicle, day=latest.date, by=by)
    closed = set(TripClosure.objects.values_list("vehicle_id", "date"))
    todo = {(r.vehicle_id, r.date): r for r in routes[:-1] if (r.vehicle_id, r.date) not in closed}
    if not todo:
        return 0
    vehicles = list(Vehicle.objects.filter(pk__in={v for v, _d in todo}))
    crews = crew_on_dates(vehicles=vehicles, dates=sorted({d for _v, d in todo}))
    on_board = {v.pk: Copy.objects.filter(holder_vehicle=v, status=CopyStatus.AVAILABLE).count() for v in vehicles}
    stocktakes = Stocktake.objects.bulk_create(
        Stocktake(
            vehicle_id=vehicle_id,
            taken_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 15))),
            by=by,
            scanned_count=on_board[vehicle_id],
            expected_count=on_board[vehicle_id],
            result={"found": [], "missing": [], "unexpected": [], "misplaced": [], "demo": "every copy counted"},
        )
        for vehicle_id, day in todo
    )
    TripClosure.objects.bulk_create(
        TripClosure(
            vehicle_id=vehicle_id,
            date=day,
            route=route,
            stocktake=stocktake,
            crew=crews[vehicle_id, day].as_dict(),
            closed_by=by,
        )
        for ((vehicle_id, day), route), stocktake in zip(todo.items(), stocktakes, strict=True)
    )
    return len(todo)


def _uses() -> int:
    """Uses reported by the points for stays without any: some batches read a lot, some hardly at all."""
    rng = random.Random(SEED)
    stays = CollectionStay.objects.filter(uses__isnull=True, copies_deposited__gt=0).order_by("pk")
    uses = []
    for stay in stays:
        per_book = rng.choice([0.1, 0.6, 1.2, 2.5, 3.5])
        uses.append(
            collection_use_record(
                stay=stay,
                reading_uses=round(stay.copies_deposited * per_book),
                loans=round(stay.copies_deposited * per_book / 4),
                source="point",
            )
        )
    return len(uses)


def _absence(today: datetime.date) -> int:
    """Lê Thị Mai is on leave three days next week: bus 65A-001.23 is short of library staff on those dates."""
    user = User.objects.filter(username=ABSENT_USERNAME).first()
    if user is None:
        return 0
    monday = today + datetime.timedelta(days=7 - today.weekday())
    _absence_row, made = CrewAbsence.objects.get_or_create(
        user=user,
        starts_on=monday + datetime.timedelta(days=1),
        defaults={"kind": "leave", "ends_on": monday + datetime.timedelta(days=3), "note": "Nghỉ phép năm"},
    )
    return int(made)


def _withdrawal_list() -> int:
    """A copy lost on the bus and one damaged beyond use go on the list; an older loss is already withdrawn."""
    if Copy.objects.filter(withdrawal_entries__isnull=False).exists():
        return 0
    coordinator = User.objects.filter(username="coordinator").first()
    in_depot = list(Copy.objects.filter(status=CopyStatus.AVAILABLE, holder_library__isnull=False, collection=None)
                    .order_by("-barcode")[:3])  # fmt: skip
    if len(in_depot) < 3:
        return 0
    lost, damaged, withdrawn = in_depot
    for copy in (lost, withdrawn):
        copy_move(copy=copy, kind=MovementKind.LOST, by=coordinator, reason="Không thấy khi kiểm kê sau chuyến xe")
    copy_move(copy=damaged, kind=MovementKind.DAMAGED, by=coordinator, reason="Rách bìa, mất trang, ướt mưa")
    withdrawal_list_add(copies=[lost, withdrawn], reason="lost", note="Kiểm kê sau chuyến xe", by=coordinator)
    withdrawal_list_add(copies=[damaged], reason="damaged", note="Hư hỏng không sửa được", by=coordinator)
    withdrawal_decide(
        entries=list(withdrawn.withdrawal_entries.all()),
        withdraw=True,
        decision_ref="QĐ 01/QĐ-TV (demo)",
        by=coordinator,
    )
    return 3
