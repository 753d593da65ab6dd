"""Keeping readers from the coordinators' console: editing a reader, renewing a loan or a card, cancelling a
reservation. Registering, lending and taking back are in ``loans``."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.validation import clean_and_save

from .exceptions import CardExpiredError, LoanAlreadyReturnedError
from .loans import loan_due_on
from .models import Loan, Reader, Reservation, ReservationStatus

READER_FIELDS = ("full_name", "birth_year", "phone", "school", "site", "category", "card_expires_on")


def card_expiry_for_new_card(*, today: datetime.date | None = None) -> datetime.date:
    """A new or renewed card is valid ``STOCK_CARD_YEARS`` years."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + settings.STOCK_CARD_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + settings.STOCK_CARD_YEARS, day=28)


@transaction.atomic
def reader_update(*, reader: Reader, data: dict) -> Reader:
    """Change a reader's details (not the card number, which is printed on the card). ``ValidationError`` for a bad
    field, nothing saved."""
    locked = Reader.objects.select_for_update().get(pk=reader.pk)
    for name in READER_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    return clean_and_save(locked)


@transaction.atomic
def loan_renew(*, loan: Loan) -> Loan:
    """Lend the book again from today: due at the bus's next visit to the stop after today (or the usual days
    later). Refused for a returned loan or an expired card."""
    locked = Loan.objects.select_for_update(of=("self",)).select_related("reader", "site").get(pk=loan.pk)
    if locked.returned_at is not None:
        raise LoanAlreadyReturnedError(_("This book was returned already."))
    today = timezone.localdate()
    expires = locked.reader.card_expires_on
    if expires is not None and expires < today:
        raise CardExpiredError(
            _("The card %(card)s expired on %(day)s: renew it first.")
            % {"card": locked.reader.card_number, "day": expires.strftime("%d/%m/%Y")}
        )
    due = loan_due_on(site=locked.site, lent_on=max(today, locked.due_on))
    locked.due_on = due
    locked.save(update_fields=["due_on", "updated_at"])
    return locked


@transaction.atomic
def reservation_cancel(*, reservation: Reservation) -> Reservation:
    locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
    if locked.status == ReservationStatus.OPEN:
        locked.status = ReservationStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
    return locked
