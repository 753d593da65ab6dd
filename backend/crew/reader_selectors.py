"""Readers as the crew sees them: lookup by card number, open loans against the limit, history, reservations."""

from django.conf import settings
from django.db.models import Case, F, Q, QuerySet, When

from backend.accounts.models import User
from backend.core.text import fold_words
from backend.stock.loans import reader_loan_limit
from backend.stock.models import Loan, Reader, Reservation, ReservationStatus
from backend.stock.selectors import reader_list_for


def reader_get_by_card(*, user: User, card_number: str) -> Reader | None:
    """The reader with this card (exact, surrounding spaces ignored). A crew member finds any reader whose card is
    in their hands (a reader of another commune may come to a stop); school contacts only their school's."""
    readers = (
        Reader.objects.select_related("school", "site") if user.is_driver_librarian else reader_list_for(user=user)
    )
    return readers.filter(card_number=card_number.strip()).first()


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


def reader_search(*, user: User, query: str) -> QuerySet[Reader]:
    """Readers within the user's scope with a word of the name or card starting with each word of ``query``
    (diacritics ignored, as the catalogue search), by name; an exact card number first."""
    readers = reader_list_for(user=user)
    for word in fold_words(query):
        readers = readers.filter(Q(search_text__startswith=word) | Q(search_text__contains=" " + word))
    exact_card = Case(When(card_number=query.strip(), then=0), default=1)
    return readers.order_by(exact_card, "full_name", "card_number")
