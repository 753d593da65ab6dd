"""Stock events from the phone, applied through the stock services (idempotent on the event's UUID).

Where it happened is the stop: ``site`` and ``visit`` come from the event's visit, never from whoever uploaded
it. Events at the depot (loading in the morning) name the ``vehicle`` instead of a visit.

Lending a copy the ledger puts somewhere other than the bus (a school library, another bus) is a conflict for a
coordinator: the crew has the book in hand, so the ledger may be wrong. A copy on loan, lost or withdrawn, an
unknown barcode or reader, a reader over the loan limit: rejections.
"""

import datetime
import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.exceptions import ApplicationError
from backend.crew import validate as v
from backend.crew.events import Batch, Kind, register
from backend.places.models import Library, Vehicle
from backend.planning.models import PlannedVisit
from backend.stock.holders import Holder
from backend.stock.loan_batch import LoanBatch
from backend.stock.models import (
    Copy,
    CopyStatus,
    Loan,
    MovementKind,
    Reader,
    Record,
    Reservation,
    ReservationStatus,
    RotatingCollection,
)
from backend.stock.services import (
    collection_move,
    copy_move,
    loan_due_on,
    loan_lend,
    loan_mark_lost,
    loan_return,
    reader_register,
)
from backend.sync.envelope import Envelope
from backend.sync.exceptions import EventConflict, EventRejected
from backend.sync.models import RawEvent

MAX_STOCKTAKE = 10_000


# --- reading the data -----------------------------------------------------------------------------------


def _item(data: dict) -> dict[str, Any]:
    """A copy (``barcode``) or a whole rotating collection (``collection``: its code), not both."""
    has_barcode, has_collection = bool(data.get("barcode")), bool(data.get("collection"))
    if has_barcode == has_collection:
        raise EventRejected(
            "invalid_data",
            _("Send either a barcode or a collection code."),
            fields={"barcode": [_("Send either a barcode or a collection code.")]},
        )
    if has_barcode:
        return {"barcode": v.text(data, "barcode", max_length=32)}
    return {"collection": v.text(data, "collection", max_length=30)}


def _optional_id(data: dict, name: str) -> int | None:
    return v.number(data, name, low=1, high=2**62, required=False, integer=True)


def move_data(data: dict) -> dict[str, Any]:
    return {**_item(data), "vehicle": _optional_id(data, "vehicle"), "library": _optional_id(data, "library")}


def deposit_data(data: dict) -> dict[str, Any]:
    cleaned = {**_item(data), "received_by_name": v.text(data, "received_by_name", max_length=120, required=False)}
    on = data.get("expected_collection_on")
    if on is not None:
        try:
            cleaned["expected_collection_on"] = datetime.date.fromisoformat(str(on))
        except ValueError:
            raise EventRejected(
                "invalid_data",
                _("Some fields of the event are not valid."),
                fields={"expected_collection_on": [_("A date (YYYY-MM-DD) is expected.")]},
            ) from None
    return cleaned


def reader_data(data: dict) -> dict[str, Any]:
    return {
        "card_number": v.text(data, "card_number", max_length=32),
        "full_name": v.text(data, "full_name", max_length=150),
        "birth_year": v.number(data, "birth_year", low=1900, high=2100, required=False, integer=True),
        "phone": v.text(data, "phone", max_length=32, required=False),
    }


def lend_data(data: dict) -> dict[str, Any]:
    return {
        "barcode": v.text(data, "barcode", max_length=32),
        "card_number": v.text(data, "card_number", max_length=32),
    }


def reserve_data(data: dict) -> dict[str, Any]:
    return {
        "card_number": v.text(data, "card_number", max_length=32),
        "record": v.number(data, "record", low=1, high=2**62, integer=True),
    }


def barcode_data(data: dict) -> dict[str, Any]:
    return {"barcode": v.text(data, "barcode", max_length=32), "vehicle": _optional_id(data, "vehicle")}


def condition_data(data: dict) -> dict[str, Any]:
    return {**barcode_data(data), "note": v.text(data, "note", max_length=1000, required=False)}


def stocktake_data(data: dict) -> dict[str, Any]:
    barcodes = data.get("barcodes")
    if not isinstance(barcodes, list) or not all(isinstance(b, str) for b in barcodes):
        raise EventRejected(
            "invalid_data", _("Send the scanned barcodes as a list."), fields={"barcodes": [_("A list is expected.")]}
        )
    if len(barcodes) > MAX_STOCKTAKE:
        raise EventRejected(
            "invalid_data",
            _("At most %(n)d barcodes per stocktake.") % {"n": MAX_STOCKTAKE},
            fields={"barcodes": [_("Too many.")]},
        )
    return {"barcodes": sorted({b.strip() for b in barcodes if b.strip()}), "vehicle": _optional_id(data, "vehicle")}


# --- preloading: every copy, collection and reader the batch names, in a few queries ----------------------


def preload(batch: Batch, envelopes: list[Envelope]) -> None:
    barcodes, codes, cards, libraries = set(), set(), set(), set()
    for env in envelopes:
        if env.kind in STOCK_KINDS and env.rejection is None:
            barcodes.update(filter(None, [env.data.get("barcode")]))
            codes.update(filter(None, [env.data.get("collection")]))
            cards.update(filter(None, [env.data.get("card_number")]))
            libraries.update(filter(None, [env.data.get("library")]))
    # Lock every copy the batch moves, in id order: two phones moving the same copies queue, never deadlock.
    batch.copies = {c.barcode: c for c in Copy.objects.select_for_update().filter(barcode__in=barcodes).order_by("pk")}
    batch.collections = {c.code: c for c in RotatingCollection.objects.filter(code__in=codes)}
    batch.readers = {r.card_number: r for r in Reader.objects.filter(card_number__in=cards)}
    batch.library_ids = set(Library.objects.filter(pk__in=libraries).values_list("pk", flat=True))
    batch.reservations = set(
        Reservation.objects.filter(reader__card_number__in=cards, status=ReservationStatus.OPEN).values_list(
            "reader_id", "record_id"
        )
    )
    lends_and_take_backs = [env for env in envelopes if env.kind in ("lend", "take_back") and env.rejection is None]
    if lends_and_take_backs and connection.vendor == "postgresql" and not batch.force:
        batch.loan_batch = LoanBatch(
            copies=batch.copies.values(),
            reader_ids=[reader.pk for reader in batch.readers.values()],
            event_ids=[env.event_id for env in lends_and_take_backs],
            lends=sum(env.kind == "lend" for env in lends_and_take_backs),
        )
        batch.after_flush.insert(0, lambda: _write_loans(batch))


Batch.preloaders.append(preload)


# --- helpers --------------------------------------------------------------------------------------------


def _where(batch: Batch, env: Envelope, *, visit_required: bool) -> tuple[int, PlannedVisit | None]:
    """The vehicle the event happened on and its visit (the stop), checked against the user's vehicles."""
    if env.visit_id is not None:
        visit = batch.visit_for(env)
        return visit.route.vehicle_id, visit
    if visit_required:
        raise EventRejected("visit_required", _("This event needs a visit."), fields={"visit": [_("Required.")]})
    vehicle_id = env.data.get("vehicle")
    if vehicle_id is None and len(batch.vehicle_ids) == 1:
        vehicle_id = next(iter(batch.vehicle_ids))
    if vehicle_id is None:
        raise EventRejected("vehicle_required", _("Name the vehicle."), fields={"vehicle": [_("Required.")]})
    if vehicle_id not in batch.vehicle_ids:
        raise EventRejected("not_your_vehicle", _("You do not crew this vehicle."), status=403)
    return vehicle_id, None


def _copy(batch: Batch, barcode: str) -> Copy:
    copy = batch.copies.get(barcode)
    if copy is None:
        raise EventRejected("unknown_barcode", _("No copy has barcode %(b)s.") % {"b": barcode}, status=404)
    if barcode in batch.stale_copies:  # moved by an earlier event of this batch
        copy.refresh_from_db()
        batch.stale_copies.discard(barcode)
    return copy


def _collection(batch: Batch, code: str) -> RotatingCollection:
    collection = batch.collections.get(code)
    if collection is None:
        raise EventRejected("unknown_collection", _("No rotating collection has code %(c)s.") % {"c": code}, status=404)
    return collection


def _library_id(batch: Batch, library_id: int) -> int:
    # Checked here: the ledger's foreign key is checked only at commit, which would fail the whole batch.
    if library_id not in batch.library_ids:
        raise EventRejected("unknown_library", _("No library has this id."), status=404)
    return library_id


def _reader(batch: Batch, card: str) -> Reader:
    reader = batch.readers.get(card) or Reader.objects.filter(card_number=card).first()  # registered this batch
    if reader is None:
        raise EventRejected("unknown_reader", _("No reader has card %(c)s.") % {"c": card}, status=404)
    return reader


def _due_on(batch: Batch, site, env: Envelope) -> datetime.date:
    lent_on = timezone.localtime(env.device_time).date()
    key = (site.pk if site else None, lent_on)
    if key not in batch.due_dates:
        batch.due_dates[key] = loan_due_on(site=site, lent_on=lent_on)
    return batch.due_dates[key]


def _write_loans(batch: Batch) -> None:
    """Write the lends and take-backs applied in memory so far: the stock services read the ledger."""
    if batch.loan_batch is not None:
        batch.loan_batch.flush()


def _ledger_first(apply):
    """For kinds applied through the stock services: the lends and take-backs before them are written first."""

    @functools.wraps(apply)
    def applying(batch: Batch, row: RawEvent, env: Envelope) -> dict:
        _write_loans(batch)
        return apply(batch, row, env)

    return applying


def _stock(call, **kwargs):
    """Call a stock service; its errors become this event's rejection (the service wrote nothing)."""
    try:
        return call(**kwargs)
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise EventRejected("invalid_data", _("Some fields of the event are not valid."), fields=fields) from None
    except ApplicationError as error:
        raise EventRejected(error.code, error.message, fields=error.extra.get("fields")) from None


def _common(batch: Batch, row: RawEvent, env: Envelope, visit) -> dict[str, Any]:
    return {
        "site": visit.site if visit else None,
        "visit": visit,
        "by": batch.user,
        "at": env.device_time,
        "source_event_id": row.event_id,
    }


def _moved(batch: Batch, barcode: str | None = None) -> None:
    if barcode:
        batch.stale_copies.add(barcode)
    else:  # a collection moved: any of its copies may be cached
        batch.stale_copies.update(batch.copies)


def _move_item(batch, row, env, *, kind, to, expected_from, visit, **extra) -> dict[str, Any]:
    common = _common(batch, row, env, visit)
    if "barcode" in env.data:
        copy = _copy(batch, env.data["barcode"])
        movement = _stock(copy_move, copy=copy, kind=kind, to=to, expected_from=expected_from, **common)
        _moved(batch, copy.barcode)
        return {"barcode": copy.barcode, "movement": movement.pk}
    collection = _collection(batch, env.data["collection"])
    result = _stock(
        collection_move, collection=collection, kind=kind, to=to, expected_from=expected_from, **common, **extra
    )
    _moved(batch)
    return {
        "collection": collection.code,
        "moved": result.moved,
        "left_behind": result.left_behind,
        "stay": result.stay.pk if result.stay else None,
    }


# --- the kinds ------------------------------------------------------------------------------------------


def apply_load(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = _where(batch, env, visit_required=False)
    library_id = env.data.get("library") and _library_id(batch, env.data["library"])
    expected = Holder.library(library_id) if library_id else None
    return _move_item(
        batch, row, env, kind=MovementKind.LOAD, to=Holder.vehicle(vehicle_id), expected_from=expected, visit=visit
    )


def apply_unload(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = _where(batch, env, visit_required=False)
    if env.data.get("library"):
        library_id = _library_id(batch, env.data["library"])
    else:
        library_id = Vehicle.objects.values_list("home_depot_id", flat=True).get(pk=vehicle_id)
    return _move_item(
        batch,
        row,
        env,
        kind=MovementKind.UNLOAD,
        to=Holder.library(library_id),
        expected_from=Holder.vehicle(vehicle_id),
        visit=visit,
    )


def apply_deposit(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = _where(batch, env, visit_required=True)
    extra = {k: env.data[k] for k in ("expected_collection_on", "received_by_name") if env.data.get(k)}
    if "barcode" in env.data:
        extra = {}
    return _move_item(
        batch,
        row,
        env,
        kind=MovementKind.DEPOSIT,
        to=None,
        expected_from=Holder.vehicle(vehicle_id),
        visit=visit,
        **extra,
    )


def apply_collect(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = _where(batch, env, visit_required=True)
    return _move_item(
        batch, row, env, kind=MovementKind.COLLECT, to=Holder.vehicle(vehicle_id), expected_from=None, visit=visit
    )


def apply_register_reader(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    _vehicle_id, visit = _where(batch, env, visit_required=False)
    reader = _stock(
        reader_register,
        **env.data,
        site=visit.site if visit else None,
        by=batch.user,
        at=env.device_time,
        source_event_id=row.event_id,
    )
    batch.readers[reader.card_number] = reader
    return {"reader": reader.pk, "card_number": reader.card_number}


def apply_lend(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = _where(batch, env, visit_required=True)
    copy = _copy(batch, env.data["barcode"])
    reader = _reader(batch, env.data["card_number"])
    common = _common(batch, row, env, visit)
    due_on = _due_on(batch, common["site"], env)
    if batch.loan_batch is not None and copy.barcode not in batch.stale_copies:
        loan = batch.loan_batch.lend(copy=copy, reader=reader, vehicle_id=vehicle_id, due_on=due_on, **common)
        if loan is not None:
            return _lent(batch, loan, copy, reader)
    _write_loans(batch)
    here = Holder.of(copy)
    if copy.status == CopyStatus.AVAILABLE and here != Holder.vehicle(vehicle_id):
        if not batch.force:
            raise EventConflict(
                "copy_not_on_bus",
                _("Copy %(b)s was lent from the bus, but the ledger puts it at %(h)s.")
                % {"b": copy.barcode, "h": here},
                details={"barcode": copy.barcode, "ledger": here.as_dict(), "vehicle": vehicle_id},
            )
        # A coordinator accepted the crew's word: put the copy on the bus first, then lend it.
        _stock(
            copy_move,
            copy=copy,
            kind=MovementKind.CORRECTION,
            to=Holder.vehicle(vehicle_id),
            by=batch.user,
            at=env.device_time,
            reason=_("Settled sync conflict: lent from the bus"),
        )
    loan = _stock(loan_lend, copy=copy, reader=reader, due_on=due_on, **common)
    _moved(batch, copy.barcode)
    batch.loan_batch = None  # the service lent: the in-memory count of the reader's loans is behind now
    return _lent(batch, loan, copy, reader)


def _lent(batch: Batch, loan: Loan, copy: Copy, reader: Reader) -> dict:
    if (reader.pk, copy.record_id) in batch.reservations:
        Reservation.objects.filter(reader=reader, record_id=copy.record_id, status=ReservationStatus.OPEN).update(
            status=ReservationStatus.FULFILLED, updated_at=timezone.now()
        )
    return {"loan": loan.pk, "barcode": copy.barcode, "reader": reader.card_number, "due_on": loan.due_on.isoformat()}


def apply_reserve(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    """A reader asks for a title: it is brought on the bus's next visit to the stop."""
    _vehicle_id, visit = _where(batch, env, visit_required=False)
    reader = _reader(batch, env.data["card_number"])
    site_id = visit.site_id if visit else reader.site_id
    if site_id is None:
        raise EventRejected(
            "visit_required", _("Say at which stop the title is wanted."), fields={"visit": [_("Required.")]}
        )
    if not Record.objects.filter(pk=env.data["record"]).exists():
        raise EventRejected("unknown_record", _("No title has this id."), status=404)
    reservation = Reservation.objects.create(
        reader=reader,
        record_id=env.data["record"],
        site_id=site_id,
        requested_at=env.device_time,
        source_event_id=row.event_id,
    )
    batch.reservations.add((reader.pk, reservation.record_id))
    return {"reservation": reservation.pk}


def apply_take_back(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = _where(batch, env, visit_required=False)
    copy = _copy(batch, env.data["barcode"])
    if batch.loan_batch is not None and copy.barcode not in batch.stale_copies:
        common = _common(batch, row, env, visit)
        loan = batch.loan_batch.take_back(copy=copy, to=Holder.vehicle(vehicle_id), **common)
        if loan is not None:
            return {"loan": loan.pk, "barcode": copy.barcode, "returned_at": loan.returned_at.isoformat()}
    _write_loans(batch)
    loan = Loan.objects.filter(copy=copy).order_by("-lent_at", "-id").first()
    if loan is None:
        raise EventRejected("copy_not_on_loan", _("Copy %(b)s is not on loan.") % {"b": copy.barcode}, status=409)
    common = _common(batch, row, env, visit)
    loan = _stock(loan_return, loan=loan, to=Holder.vehicle(vehicle_id), **common)
    _moved(batch, copy.barcode)
    return {"loan": loan.pk, "barcode": copy.barcode, "returned_at": loan.returned_at.isoformat()}


def apply_damaged(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    _vehicle_id, visit = _where(batch, env, visit_required=False)
    copy = _copy(batch, env.data["barcode"])
    common = _common(batch, row, env, visit)
    movement = _stock(copy_move, copy=copy, kind=MovementKind.DAMAGED, reason=env.data["note"], **common)
    _moved(batch, copy.barcode)
    return {"barcode": copy.barcode, "movement": movement.pk}


def apply_lost(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    _vehicle_id, visit = _where(batch, env, visit_required=False)
    copy = _copy(batch, env.data["barcode"])
    if copy.status == CopyStatus.ON_LOAN:
        loan = Loan.objects.get(pk=copy.holder_loan_id)
        _stock(
            loan_mark_lost,
            loan=loan,
            by=batch.user,
            at=env.device_time,
            reason=env.data["note"],
            source_event_id=row.event_id,
        )
    else:
        common = _common(batch, row, env, visit)
        _stock(copy_move, copy=copy, kind=MovementKind.LOST, reason=env.data["note"], **common)
    _moved(batch, copy.barcode)
    return {"barcode": copy.barcode, "status": CopyStatus.LOST}


def apply_stocktake(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    """Compare the scanned list with what the ledger puts on the bus; differences go to a coordinator."""
    vehicle_id, _visit = _where(batch, env, visit_required=False)
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
        _stock(copy_move, copy=copy, kind=MovementKind.LOST, by=batch.user, at=env.device_time, reason=reason)
    for copy in Copy.objects.filter(barcode__in=result["unexpected"]).exclude(status=CopyStatus.WITHDRAWN):
        to = Holder.vehicle(vehicle_id)
        _stock(
            copy_move, copy=copy, kind=MovementKind.CORRECTION, to=to, by=batch.user, at=env.device_time, reason=reason
        )


STOCK_KINDS = {
    "load": Kind("load", move_data, _ledger_first(apply_load), needs_visit=False, writes_directly=True),
    "unload": Kind("unload", move_data, _ledger_first(apply_unload), needs_visit=False, writes_directly=True),
    "deposit": Kind("deposit", deposit_data, _ledger_first(apply_deposit), writes_directly=True),
    "collect": Kind("collect", move_data, _ledger_first(apply_collect), writes_directly=True),
    "register_reader": Kind(
        "register_reader", reader_data, apply_register_reader, needs_visit=False, writes_directly=True
    ),
    "lend": Kind("lend", lend_data, apply_lend, writes_directly=True),
    "reserve": Kind("reserve", reserve_data, apply_reserve, needs_visit=False, writes_directly=True),
    "take_back": Kind("take_back", barcode_data, apply_take_back, needs_visit=False, writes_directly=True),
    "damaged": Kind("damaged", condition_data, _ledger_first(apply_damaged), needs_visit=False, writes_directly=True),
    "lost": Kind("lost", condition_data, _ledger_first(apply_lost), needs_visit=False, writes_directly=True),
    "stocktake": Kind(
        "stocktake", stocktake_data, _ledger_first(apply_stocktake), needs_visit=False, writes_directly=True
    ),
}
for _kind in STOCK_KINDS.values():
    register(_kind)
