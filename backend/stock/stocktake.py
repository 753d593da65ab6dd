"""Stocktakes (kiểm kê): compare scanned barcodes with what the ledger puts at a holder; optionally correct.

Findings: ``missing`` (the ledger puts it here, it was not scanned), ``unexpected`` (a barcode the catalogue does not
know), ``misplaced`` (scanned here, the ledger puts it at another holder or on a loan), ``out_of_circulation``
(scanned, but recorded lost or withdrawn), and ``outside_scope`` (here, but outside a partial count's collection or
shelf range: never reported missing). A partial count only expects the copies in its scope.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.signals import records_changed
from backend.stock.models import Copy, CopyStatus

from .holders import Holder
from .ledger import lock_copies, record_moves
from .models import Loan, MovementKind, Stocktake
from .models.stocktake import check_shelf_range


def _scope(copies, collection, shelf_from: str, shelf_to: str):
    if collection is not None:
        copies = copies.filter(collection=collection)
    if shelf_from:
        copies = copies.filter(shelf_mark__gte=shelf_from)
    if shelf_to:
        copies = copies.filter(shelf_mark__lte=shelf_to + "\uffff")
    return copies


@transaction.atomic
def stocktake_submit(
    *,
    holder: Holder,
    barcodes: list[str],
    collection=None,
    shelf_from: str = "",
    shelf_to: str = "",
    by=None,
    at: datetime.datetime | None = None,
    apply_corrections: bool = False,
    source_event_id: uuid.UUID | None = None,
) -> Stocktake:
    """Record a stocktake of a library or a vehicle and its findings; with ``apply_corrections`` also move copies
    so the ledger matches the shelf (misplaced and found copies come here, missing ones are marked lost).

    Replaying ``source_event_id`` returns the earlier stocktake.
    """
    if source_event_id is not None:
        earlier = Stocktake.objects.filter(source_event_id=source_event_id).first()
        if earlier is not None:
            return earlier
    if holder.kind not in ("library", "vehicle"):
        raise ValidationError({"holder": [_("A stocktake counts a library or a vehicle.")]})
    check_shelf_range(shelf_from, shelf_to)
    at = at or timezone.now()
    scanned = list(dict.fromkeys(b.strip() for b in barcodes if b and b.strip()))
    here = Copy.objects.filter(status=CopyStatus.AVAILABLE, **_holder_lookup(holder))
    expected = dict(_scope(here, collection, shelf_from, shelf_to).values_list("barcode", "pk"))
    known = {
        row["barcode"]: row
        for row in Copy.objects.filter(barcode__in=scanned).values(
            "pk", "barcode", "status", "holder_library_id", "holder_vehicle_id", "holder_loan_id"
        )
    }
    result = {
        "found": [],
        "missing": [],
        "unexpected": [],
        "misplaced": [],
        "out_of_circulation": [],
        "outside_scope": [],
        "duplicates": len([b for b in barcodes if b and b.strip()]) - len(scanned),
    }
    for barcode in scanned:
        row = known.get(barcode)
        if row is None:
            result["unexpected"].append(barcode)
        elif barcode in expected:
            result["found"].append(barcode)
        elif row["status"] in (CopyStatus.LOST, CopyStatus.WITHDRAWN):
            result["out_of_circulation"].append({"barcode": barcode, "status": row["status"]})
        elif _at(row, holder):
            result["outside_scope"].append(barcode)
        else:
            where = Holder(row["status"], row["holder_library_id"], row["holder_vehicle_id"], row["holder_loan_id"])
            result["misplaced"].append({"barcode": barcode, "ledger_holder": where.as_dict()})
    scanned_set = set(scanned)
    result["missing"] = sorted(b for b in expected if b not in scanned_set)
    stocktake = Stocktake.objects.create(
        library_id=holder.library_id,
        vehicle_id=holder.vehicle_id,
        collection=collection,
        shelf_from=shelf_from,
        shelf_to=shelf_to,
        taken_at=at,
        by=by,
        scanned_count=len(scanned),
        expected_count=len(expected),
        result=result,
        source_event_id=source_event_id,
    )
    if apply_corrections:
        _correct(stocktake, holder, known, expected, result, by, at)
    return stocktake


def _holder_lookup(holder: Holder) -> dict:
    if holder.library_id:
        return {"holder_library_id": holder.library_id}
    return {"holder_vehicle_id": holder.vehicle_id}


def _at(row: dict, holder: Holder) -> bool:
    if holder.library_id:
        return row["holder_library_id"] == holder.library_id
    return row["holder_vehicle_id"] == holder.vehicle_id


def _correct(stocktake, holder, known, expected, result, by, at) -> None:
    reason = _("Stocktake #%d") % stocktake.pk
    come_here = [known[m["barcode"]]["pk"] for m in result["misplaced"]]
    found = [known[m["barcode"]]["pk"] for m in result["out_of_circulation"] if m["status"] == CopyStatus.LOST]
    withdrawn = [known[m["barcode"]]["pk"] for m in result["out_of_circulation"] if m["status"] != CopyStatus.LOST]
    missing = [expected[b] for b in result["missing"]]
    locked = {c.pk: c for c in lock_copies(come_here + found + withdrawn + missing)}
    loans = [locked[pk].holder_loan_id for pk in come_here if locked[pk].holder_loan_id]
    for kind, ids, to in (
        (MovementKind.CORRECTION, come_here + withdrawn, holder),
        (MovementKind.FOUND, found, holder),
        (MovementKind.LOST, missing, Holder.lost()),
    ):
        if ids:
            record_moves([locked[pk] for pk in ids], kind=kind, to=to, by=by, at=at, reason=reason)
    if loans:
        Loan.objects.filter(pk__in=loans, returned_at=None).update(returned_at=at, returned_by=by)
        records_changed.send(sender=Loan, pks=loans)
    stocktake.corrections_applied = True
    stocktake.save(update_fields=["corrections_applied", "updated_at"])
