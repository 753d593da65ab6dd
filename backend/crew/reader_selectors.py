"""Readers as the crew sees them: lookup by card number, open loans against the limit, history, reservations."""

from django.conf import settings
from django.db.models import F, QuerySet

from backend.accounts.models import User
from backend.stock.loans import reader_loan_limit
from backend.stock.models import Loan, Reader, Reservation, ReservationStatus
from backend.stock.selectors import reader_list_for


def reader_get_by_card(*, user: User, card_number: str) -> Reader | None:
    """The reader with this card (exact, surrounding spaces ignored), within the user's scope."""
    return reader_list_for(user=user).filter(card_number=card_number.strip()).first()


def reader_loan_history(*, reader: Reader) -> QuerySet[Loan]:
    """Every loan of the reader, open ones first, newest first."""
    return (
        Loan.objects.filter(reader=reader)
        .select_related("copy__record", "site")
        .order_by(F("returned_at").desc(nulls_first=True), "-lent_at")
    )


def reader_open_reservations(*, reader: Reader) -> QuerySet[Reservation]:
    return Reservation.objects.filter(reader=reader, status=ReservationStatus.OPEN).select_related("record", "site")


def loan_limit(reader=None) -> int:
    """The reader's loan limit (by their category), or the default one."""
    return reader_loan_limit(reader) if reader is not None else settings.STOCK_LOAN_LIMIT
