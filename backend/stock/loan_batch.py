"""Lends and take-backs of one phone batch, checked in memory and written in a few statements.

A stop's sync is mostly lends and take-backs; one at a time through ``loan_lend`` and ``loan_return`` each costs
eight queries. ``LoanBatch`` applies the plain case of each — the copy where the crew says, a new event, a reader
under the limit — against copies the caller has locked, and writes every loan, movement and holder at ``flush()``.
Anything else it declines (``None``), and the caller flushes and uses the services, which give the usual errors.
The ledger ends up exactly as the services would have written it. PostgreSQL only: loan ids come from the
sequence up front, so movements and holders can name loans before they are inserted.
"""

import datetime
import uuid
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from backend.core.signals import records_changed
from backend.stock.models import Copy, CopyStatus

from .holders import Holder
from .ledger import holder_set, unsaved_movement
from .loans import loan_build
from .models import Loan, Movement, MovementKind

COPY_HOLDER_FIELDS = ["status", "holder_library_id", "holder_vehicle_id", "holder_loan_id", "updated_at"]


class LoanBatch:
    def __init__(
        self, *, copies: Iterable[Copy], reader_ids: Iterable[int], event_ids: Iterable[uuid.UUID], lends: int
    ):
        """``copies`` are locked by the caller for the whole transaction; ``lends`` is how many loan ids to draw."""
        self.copies = {copy.pk: copy for copy in copies}
        self.limit = settings.STOCK_LOAN_LIMIT
        self.open_loans = Counter(  # reader id -> open loans, kept up to date as the batch lends and takes back
            dict(
                Loan.objects.filter(reader_id__in=set(reader_ids), returned_at=None)
                .values_list("reader_id")
                .annotate(n=Count("id"))
            )
        )
        # The open loans of these copies, by id: what a take-back closes.
        self.loans = {loan.pk: loan for loan in Loan.objects.filter(copy_id__in=list(self.copies), returned_at=None)}
        # Events that already moved a copy (a batch re-applied after a crash): the services answer those.
        self.applied = set(
            Movement.objects.filter(source_event_id__in=list(event_ids)).values_list("source_event_id", flat=True)
        )
        self.loan_ids = _next_loan_ids(lends)
        self.new_loans: list[Loan] = []
        self.returned: list[Loan] = []
        self.movements: list[Movement] = []
        self.moved: dict[int, Copy] = {}

    def lend(self, *, copy: Copy, reader, vehicle_id: int, site, visit, due_on: datetime.date, by, at, source_event_id):
        """The new loan, or ``None`` when this lend is not the plain case (use ``loan_lend``)."""
        plain = (
            copy.pk in self.copies
            and Holder.of(copy) == Holder.vehicle(vehicle_id)
            and source_event_id not in self.applied
            and self.open_loans[reader.pk] < self.limit
            and self.loan_ids
        )
        if not plain:
            return None
        loan = loan_build(copy=copy, reader=reader, site=site, visit=visit, at=at, due_on=due_on, by=by)
        loan.pk = self.loan_ids.pop()
        self.new_loans.append(loan)
        self.open_loans[reader.pk] += 1
        self.loans[loan.pk] = loan
        self._move(copy, MovementKind.LEND, Holder.loan(loan.pk), site=site, visit=visit, by=by, at=at,
                   source_event_id=source_event_id)  # fmt: skip
        return loan

    def take_back(self, *, copy: Copy, to: Holder, site, visit, by, at, source_event_id) -> Loan | None:
        """The closed loan, or ``None`` when this take-back is not the plain case (use ``loan_return``)."""
        loan = self.loans.get(copy.holder_loan_id) if copy.pk in self.copies else None
        if loan is None or copy.status != CopyStatus.ON_LOAN or source_event_id in self.applied:
            return None
        loan.returned_at, loan.returned_by, loan.updated_at = max(at, loan.lent_at), by, timezone.now()
        if loan not in self.new_loans:
            self.returned.append(loan)
        del self.loans[loan.pk]
        self.open_loans[loan.reader_id] -= 1
        where = {"site": site} if site is not None else {"site_id": loan.site_id}  # as loan_return: the loan's stop
        self._move(copy, MovementKind.RETURN, to, **where, visit=visit, by=by, at=at, source_event_id=source_event_id)
        return loan

    def _move(self, copy: Copy, kind: str, to: Holder, **fields) -> None:
        self.movements.append(unsaved_movement(copy, kind, to, **fields))
        holder_set(copy, to, now=timezone.now())
        self.moved[copy.pk] = copy

    def flush(self) -> None:
        """Write what was applied: loans, movements, closed loans and holders, one statement each."""
        if not self.movements:
            return
        # Closed loans first: a copy taken back and lent again may not have two open loans, even for a moment.
        Loan.objects.bulk_update(self.returned, ["returned_at", "returned_by", "updated_at"])
        Loan.objects.bulk_create(self.new_loans)
        Movement.objects.bulk_create(self.movements)
        Copy.objects.bulk_update(list(self.moved.values()), COPY_HOLDER_FIELDS)
        records_changed.send(sender=Loan, pks=[loan.pk for loan in self.returned + self.new_loans])
        records_changed.send(sender=Movement, pks=[movement.pk for movement in self.movements])
        self.new_loans, self.returned, self.movements, self.moved = [], [], [], {}


def _next_loan_ids(count: int) -> list[int]:
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('stock_loan', 'id')) FROM generate_series(1, %s)", [count]
        )
        return [row[0] for row in reversed(cursor.fetchall())]  # pop() takes them in order
