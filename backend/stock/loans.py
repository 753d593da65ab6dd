"""Readers and loans: registering a reader at a stop, lending a copy, taking it back."""

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.validation import clean_and_save
from backend.stock.models import CopyStatus

from .exceptions import (
    CardExpiredError,
    CopyNotAvailableError,
    EventReusedError,
    LoanAlreadyReturnedError,
    LoanLimitReachedError,
)
from .holders import Holder
from .ledger import copy_move, earlier_movements, lock_copies, record_moves
from .models import Loan, MovementKind, Reader
from .selectors import site_next_visit_on


@transaction.atomic
def reader_register(
    *,
    card_number: str,
    full_name: str,
    birth_year: int | None = None,
    phone: str = "",
    school=None,
    site=None,
    by=None,
    at: datetime.datetime | None = None,
    source_event_id: uuid.UUID | None = None,
    category: str = "",
    card_expires_on: datetime.date | None = None,
) -> Reader:
    """Register a reader with a card. Replaying ``source_event_id`` returns the reader it registered.

    Raises ``ValidationError`` (nothing written) for a card number already in use or a bad field.
    """
    if source_event_id is not None:
        earlier = Reader.objects.filter(source_event_id=source_event_id).first()
        if earlier is not None:
            return earlier
    if school is None and site is not None and site.school_id:
        school = site.school
    return clean_and_save(
        Reader(
            card_number=(card_number or "").strip(),
            full_name=(full_name or "").strip(),
            birth_year=birth_year,
            phone=phone,
            school=school,
            site=site,
            category=category,
            card_expires_on=card_expires_on,
            registered_at=at or timezone.now(),
            registered_by=by,
            source_event_id=source_event_id,
        )
    )


def reader_loan_limit(reader: Reader) -> int:
    """How many books ``reader`` may have on loan: by their category (``STOCK_LOAN_LIMITS``), else
    ``STOCK_LOAN_LIMIT``."""
    return settings.STOCK_LOAN_LIMITS.get(reader.category, settings.STOCK_LOAN_LIMIT)


def loan_due_on(*, site, lent_on: datetime.date) -> datetime.date:
    """Due back at the bus's next scheduled visit to the stop; ``STOCK_LOAN_DAYS`` later when none is planned."""
    if site is not None:
        next_visit = site_next_visit_on(site=site, after=lent_on)
        if next_visit is not None:
            return next_visit
    return lent_on + datetime.timedelta(days=settings.STOCK_LOAN_DAYS)


def loan_build(*, copy, reader: Reader, site, visit, at: datetime.datetime, due_on: datetime.date, by) -> Loan:
    """An unsaved loan of ``copy``, which the caller has checked may be lent: the one place a loan's fields are set
    (``loan_lend``, and ``LoanBatch`` for a phone batch)."""
    return Loan(
        copy=copy,
        reader=reader,
        site=site,
        visit=visit,
        collection_id=copy.collection_id,
        lent_at=at,
        due_on=due_on,
        lent_by=by,
    )


@transaction.atomic
def loan_lend(
    *,
    copy,
    reader: Reader,
    site=None,
    visit=None,
    due_on: datetime.date | None = None,
    by=None,
    at: datetime.datetime | None = None,
    source_event_id: uuid.UUID | None = None,
) -> Loan:
    """Lend a copy (on the bus or at a library) to a reader, due back at the next visit to the stop.

    Replaying ``source_event_id`` returns the loan it made. Raises ``CopyNotAvailableError`` (409) for a copy on
    loan, lost or withdrawn, ``LoanLimitReachedError`` past ``STOCK_LOAN_LIMIT`` (3) open loans; nothing is written.
    """
    locked = lock_copies([copy.pk])[0]
    earlier = earlier_movements(source_event_id, [locked.pk])
    if earlier:
        if earlier[-1].to_loan_id is None:
            raise EventReusedError(_("Event %s was applied to another operation.") % source_event_id)
        return Loan.objects.get(pk=earlier[-1].to_loan_id)
    if locked.status != CopyStatus.AVAILABLE:
        raise CopyNotAvailableError(
            _("Copy %(barcode)s cannot be lent: it is %(status)s.")
            % {"barcode": locked.barcode, "status": locked.get_status_display()},
            extra={"barcode": locked.barcode, "status": locked.status},
        )
    at = at or timezone.now()
    if reader.card_expires_on is not None and reader.card_expires_on < timezone.localtime(at).date():
        raise CardExpiredError(
            _("The card %(card)s expired on %(day)s: renew it first.")
            % {"card": reader.card_number, "day": reader.card_expires_on.strftime("%d/%m/%Y")}
        )
    limit = reader_loan_limit(reader)
    if Loan.objects.filter(reader=reader, returned_at=None).count() >= limit:
        raise LoanLimitReachedError(
            _("%(reader)s already has %(limit)d books on loan.") % {"reader": reader.full_name, "limit": limit},
            extra={"limit": limit},
        )
    site = site or (visit.site if visit is not None else None)
    # Every field comes from objects in hand and the checks above; full_clean would add six look-ups (its foreign
    # keys and constraints, which the database enforces anyway) to each lend a phone syncs.
    loan = loan_build(
        copy=locked,
        reader=reader,
        site=site,
        visit=visit,
        at=at,
        due_on=due_on or loan_due_on(site=site, lent_on=timezone.localtime(at).date()),
        by=by,
    )
    loan.save()
    record_moves(
        [locked],
        kind=MovementKind.LEND,
        to=Holder.loan(loan),
        site=site,
        visit=visit,
        by=by,
        at=at,
        source_event_id=source_event_id,
    )
    return loan


@transaction.atomic
def loan_return(
    *,
    loan: Loan,
    to: Holder,
    site=None,
    visit=None,
    by=None,
    at: datetime.datetime | None = None,
    source_event_id: uuid.UUID | None = None,
) -> Loan:
    """Take a copy back onto a bus or into a library and close its loan.

    A copy of a rotating collection that has moved on since the loan is returned where it is handed in; it then
    shows in ``collection_stragglers`` and should follow the collection (``loan.copy.collection``).
    Replaying ``source_event_id`` returns the loan. Raises ``LoanAlreadyReturnedError`` (409).
    """
    locked = lock_copies([loan.copy_id])[0]
    earlier = earlier_movements(source_event_id, [locked.pk])
    if earlier:
        return Loan.objects.get(pk=earlier[-1].from_loan_id or loan.pk)
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    if loan.returned_at is not None:
        raise LoanAlreadyReturnedError(_("This loan was already returned."), extra={"loan": loan.pk})
    at = at or timezone.now()
    record_moves(
        [locked],
        kind=MovementKind.RETURN,
        to=to,
        expected_from=Holder.loan(loan),
        site=site or loan.site,
        visit=visit,
        by=by,
        at=at,
        source_event_id=source_event_id,
    )
    loan.returned_at = max(at, loan.lent_at)
    loan.returned_by = by
    loan.save(update_fields=["returned_at", "returned_by", "updated_at"])
    return loan


def loan_mark_lost(*, loan: Loan, by=None, at=None, reason: str = "", source_event_id=None) -> Loan:
    """A reader lost the book: the copy goes out of circulation and the loan is closed (recorded, never deleted)."""
    copy_move(copy=loan.copy, kind=MovementKind.LOST, by=by, at=at, reason=reason, source_event_id=source_event_id)
    loan.refresh_from_db()
    return loan
