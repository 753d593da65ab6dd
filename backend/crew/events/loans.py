"""Readers and loans at a stop: registering a reader, lending, reserving a title, taking a book back.

Lending a copy the ledger puts somewhere other than the bus (a school library, another bus) is a conflict for a
coordinator: the crew has the book in hand, so the ledger may be wrong. A copy on loan, lost or withdrawn, an
unknown barcode or reader, a reader over the loan limit: rejections. Plain lends and take-backs go through the
batch's ``LoanBatch`` in bulk when it can take them.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from backend.crew.events.batch import Batch
from backend.crew.events.holdings import require_loan_of_crew
from backend.crew.events.stock import common_fields, copy_of, mark_moved, stock_call, where, write_loans
from backend.stock.holders import Holder
from backend.stock.models import Copy, CopyStatus, Loan, MovementKind, Reader, Record, Reservation, ReservationStatus
from backend.stock.services import copy_move, loan_due_on, loan_lend, loan_return, reader_register
from backend.sync.envelope import Envelope
from backend.sync.exceptions import EventConflict, EventRejected
from backend.sync.models import RawEvent


def apply_register_reader(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    _vehicle_id, visit = where(batch, env, visit_required=False)
    reader = stock_call(
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
    vehicle_id, visit = where(batch, env, visit_required=True)
    copy = copy_of(batch, env.data["barcode"])
    reader = _reader(batch, env.data["card_number"])
    common = common_fields(batch, row, env, visit)
    due_on = _due_on(batch, common["site"], env)
    if batch.loan_batch is not None and copy.barcode not in batch.stale_copies:
        loan = batch.loan_batch.lend(copy=copy, reader=reader, vehicle_id=vehicle_id, due_on=due_on, **common)
        if loan is not None:
            return _lent(batch, loan, copy, reader, vehicle_id)
    write_loans(batch)
    here = Holder.of(copy)
    if copy.status == CopyStatus.AVAILABLE and here != Holder.vehicle(vehicle_id):
        if not batch.force:
            raise EventConflict(
                "copy_not_on_bus",
                _("Copy %(b)s was lent from the bus, but the ledger puts it at %(h)s.")
                % {"b": copy.barcode, "h": here.label()},
                details={"barcode": copy.barcode, "ledger": here.as_dict(), "vehicle": vehicle_id},
            )
        # A coordinator accepted the crew's word: put the copy on the bus first, then lend it.
        stock_call(
            copy_move,
            copy=copy,
            kind=MovementKind.CORRECTION,
            to=Holder.vehicle(vehicle_id),
            by=batch.user,
            at=env.device_time,
            reason=_("Settled sync conflict: lent from the bus"),
        )
    loan = stock_call(loan_lend, copy=copy, reader=reader, due_on=due_on, **common)
    mark_moved(batch, copy.barcode)
    batch.loan_batch = None  # the service lent: the in-memory count of the reader's loans is behind now
    return _lent(batch, loan, copy, reader, vehicle_id)


def _lent(batch: Batch, loan: Loan, copy: Copy, reader: Reader, vehicle_id: int) -> dict:
    batch.loan_origins[loan.pk] = (vehicle_id, loan.site_id)  # a take-back or a loss later in the batch reads it
    if (reader.pk, copy.record_id) in batch.reservations:
        Reservation.objects.filter(reader=reader, record_id=copy.record_id, status=ReservationStatus.OPEN).update(
            status=ReservationStatus.FULFILLED, updated_at=timezone.now()
        )
    return {"loan": loan.pk, "barcode": copy.barcode, "reader": reader.card_number, "due_on": loan.due_on.isoformat()}


def apply_reserve(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    """A reader asks for a title: it is brought on the bus's next visit to the stop."""
    _vehicle_id, visit = where(batch, env, visit_required=False)
    reader = _reader(batch, env.data["card_number"])
    site_id = visit.site_id if visit else reader.site_id
    if site_id is None:
        raise EventRejected(
            "visit_required", _("Say at which stop the title is wanted."), fields={"visit": [_("Required.")]}
        )
    record = _record(batch, env.data)
    reservation = Reservation.objects.create(
        reader=reader,
        record=record,
        site_id=site_id,
        requested_at=env.device_time,
        source_event_id=row.event_id,
    )
    batch.reservations.add((reader.pk, reservation.record_id))
    return {"reservation": reservation.pk, "record": record.pk, "title": record.title}


def _record(batch: Batch, data: dict) -> Record:
    """The title a reservation names: by id, by ISBN (the oldest record when several share it), or by a copy."""
    if "barcode" in data:
        return copy_of(batch, data["barcode"]).record
    if "isbn" in data:
        record = Record.objects.filter(isbn=data["isbn"]).order_by("pk").first()
        if record is None:
            raise EventRejected("unknown_record", _("No title has ISBN %(isbn)s.") % {"isbn": data["isbn"]}, status=404)
        return record
    record = Record.objects.filter(pk=data["record"]).first()
    if record is None:
        raise EventRejected("unknown_record", _("No title has this id."), status=404)
    return record


def apply_take_back(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = where(batch, env, visit_required=False)
    copy = copy_of(batch, env.data["barcode"])
    if copy.holder_loan_id is not None:
        require_loan_of_crew(batch, copy.holder_loan_id, vehicle_id=vehicle_id, visit=visit, barcode=copy.barcode)
    if batch.loan_batch is not None and copy.barcode not in batch.stale_copies:
        common = common_fields(batch, row, env, visit)
        loan = batch.loan_batch.take_back(copy=copy, to=Holder.vehicle(vehicle_id), **common)
        if loan is not None:
            return {"loan": loan.pk, "barcode": copy.barcode, "returned_at": loan.returned_at.isoformat()}
    write_loans(batch)
    loan = Loan.objects.filter(copy=copy).order_by("-lent_at", "-id").first()
    if loan is None:
        raise EventRejected("copy_not_on_loan", _("Copy %(b)s is not on loan.") % {"b": copy.barcode}, status=409)
    common = common_fields(batch, row, env, visit)
    loan = stock_call(loan_return, loan=loan, to=Holder.vehicle(vehicle_id), **common)
    mark_moved(batch, copy.barcode)
    return {"loan": loan.pk, "barcode": copy.barcode, "returned_at": loan.returned_at.isoformat()}


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
