"""The state of the stock on the bus: a copy damaged or lost, and the stocktake of the bus against the ledger."""

from django.utils.translation import gettext as _

from backend.crew.events.batch import Batch
from backend.crew.events.holdings import require_held
from backend.crew.events.stock import common_fields, copy_of, mark_moved, stock_call, where
from backend.stock.holders import Holder
from backend.stock.models import Copy, CopyStatus, Loan, MovementKind
from backend.stock.services import copy_move, loan_mark_lost
from backend.sync.envelope import Envelope
from backend.sync.exceptions import EventConflict
from backend.sync.models import RawEvent


def apply_damaged(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = where(batch, env, visit_required=False)
    copy = copy_of(batch, env.data["barcode"])
    require_held(batch, Holder.of(copy), vehicle_id=vehicle_id, visit=visit, barcode=copy.barcode)
    common = common_fields(batch, row, env, visit)
    movement = stock_call(copy_move, copy=copy, kind=MovementKind.DAMAGED, reason=env.data["note"], **common)
    mark_moved(batch, copy.barcode)
    return {"barcode": copy.barcode, "movement": movement.pk}


def apply_lost(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = where(batch, env, visit_required=False)
    copy = copy_of(batch, env.data["barcode"])
    require_held(batch, Holder.of(copy), vehicle_id=vehicle_id, visit=visit, barcode=copy.barcode)
    if copy.status == CopyStatus.ON_LOAN:
        loan = Loan.objects.get(pk=copy.holder_loan_id)
        stock_call(
            loan_mark_lost,
            loan=loan,
            by=batch.user,
            at=env.device_time,
            reason=env.data["note"],
            source_event_id=row.event_id,
        )
    else:
        common = common_fields(batch, row, env, visit)
        stock_call(copy_move, copy=copy, kind=MovementKind.LOST, reason=env.data["note"], **common)
    mark_moved(batch, copy.barcode)
    return {"barcode": copy.barcode, "status": CopyStatus.LOST}


def apply_stocktake(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    """Compare the scanned list with what the ledger puts on the bus; differences go to a coordinator."""
    vehicle_id, _visit = where(batch, env, visit_required=False)
    scanned = set(env.data["barcodes"])
    on_bus = set(Copy.objects.filter(holder_vehicle_id=vehicle_id).values_list("barcode", flat=True))
    known = set(Copy.objects.filter(barcode__in=scanned - on_bus).values_list("barcode", flat=True))
    result = {
        "vehicle": vehicle_id,
        "expected": len(on_bus),
        "scanned": len(scanned),
        "missing": sorted(on_bus - scanned),
        "unexpected": sorted(known),
        "unknown": sorted(scanned - on_bus - known),
    }
    if (result["missing"] or result["unexpected"]) and not batch.force:
        raise EventConflict(
            "stocktake_discrepancy",
            _("Stocktake of the bus: %(m)d missing, %(u)d not expected on board.")
            % {"m": len(result["missing"]), "u": len(result["unexpected"])},
            details=result,
        )
    if batch.force:
        _settle_stocktake(batch, env, vehicle_id, result)
    return result


def _settle_stocktake(batch: Batch, env: Envelope, vehicle_id: int, result: dict) -> None:
    """Accepted by a coordinator: copies missing from the bus are lost; copies found on it are put on it."""
    reason = _("Stocktake of the bus, settled by a coordinator")
    for copy in Copy.objects.filter(barcode__in=result["missing"], holder_vehicle_id=vehicle_id):
        stock_call(copy_move, copy=copy, kind=MovementKind.LOST, by=batch.user, at=env.device_time, reason=reason)
    for copy in Copy.objects.filter(barcode__in=result["unexpected"]).exclude(status=CopyStatus.WITHDRAWN):
        to = Holder.vehicle(vehicle_id)
        stock_call(
            copy_move, copy=copy, kind=MovementKind.CORRECTION, to=to, by=batch.user, at=env.device_time, reason=reason
        )
