"""Donation drives: the drive, its donors, each gift, and the gift's copies entered into the catalogue through the
stock ledger (``copy_acquire``: source ``donation``, the donor's name, an ``acquire`` movement at the drive's
library)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.core.names import name_parts
from backend.core.validation import clean_and_save
from backend.stock.catalogue.services import isbn_normalise, record_create
from backend.stock.models import CopySource, Record
from backend.stock.services import copy_acquire

from .models import DonatedCopy, Donation, DonationDrive, Donor

DRIVE_FIELDS = ("name", "starts_on", "ends_on", "organiser", "library", "notes")
DONOR_FIELDS = ("kind", "family_name", "middle_name", "given_name", "organisation", "address", "phone")


def _set(instance, data: dict, allowed) -> None:
    for name, value in data.items():
        if name not in allowed:
            raise ValidationError({name: [_("Unknown field.")]})
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


def drive_create(**data: Any) -> DonationDrive:
    drive = DonationDrive()
    _set(drive, data, DRIVE_FIELDS)
    return clean_and_save(drive)


def drive_update(*, drive: DonationDrive, **data: Any) -> DonationDrive:
    _set(drive, data, DRIVE_FIELDS)
    return clean_and_save(drive)


def donor_create(*, full_name: str = "", **data: Any) -> Donor:
    """A donor; a person's ``full_name`` written in Vietnamese order ("Trần Văn Hùng") is split into family, middle
    and given names unless they are given apart."""
    donor = Donor()
    if full_name and not any(data.get(k) for k in ("family_name", "middle_name", "given_name")):
        data["family_name"], data["middle_name"], data["given_name"] = name_parts(full_name)
    _set(donor, data, DONOR_FIELDS)
    return clean_and_save(donor)


@dataclass(frozen=True)
class DonatedItem:
    """One book to catalogue: its barcode, and its ISBN (an existing record is reused) or its title."""

    barcode: str
    isbn: str = ""
    title: str = ""
    authors: str = ""


def _line_error(line: int, error: ValidationError | str) -> ValidationError:
    text = error if isinstance(error, str) else " ".join(error.messages)
    return ValidationError({"items": [_("Line %(n)d: %(error)s") % {"n": line, "error": text}]})


def _record_for(item: DonatedItem, line: int) -> Record:
    try:
        isbn = isbn_normalise(item.isbn)
    except ValidationError as error:
        raise _line_error(line, error) from error
    if isbn:
        record = Record.objects.filter(isbn=isbn).order_by("pk").first()
        if record is not None:
            return record
    if not item.title.strip():
        raise _line_error(line, _("give a title or the ISBN of a book in the catalogue."))
    try:
        return record_create(title=item.title, authors=item.authors, isbn=isbn)
    except ValidationError as error:
        raise _line_error(line, error) from error


@transaction.atomic
def donation_catalogue(*, donation: Donation, items: list[DonatedItem], by=None) -> list[DonatedCopy]:
    """Enter copies of a gift into the catalogue at the drive's library, each with its ledger movement; never more
    copies than the gift counts. All or nothing: a bad line (its number is given) writes no copy."""
    donation = Donation.objects.select_for_update().select_related("drive", "donor").get(pk=donation.pk)
    already = donation.catalogued.count()
    if already + len(items) > donation.copies:
        raise ValidationError({"items": [
            _("This gift counts %(n)d copies and %(done)d are already catalogued: at most %(left)d more.")
            % {"n": donation.copies, "done": already, "left": donation.copies - already}
        ]})  # fmt: skip
    made = []
    reason = _("donation: %(drive)s") % {"drive": donation.drive.name}
    for line, item in enumerate(items, start=1):
        record = _record_for(item, line)
        try:
            copy = copy_acquire(
                record=record, barcode=item.barcode, library=donation.drive.library, by=by, reason=reason[:200],
                acquired_on=donation.received_on, source=CopySource.DONATION, donor=donation.donor.name[:200],
            )  # fmt: skip
        except ValidationError as error:
            raise _line_error(line, error) from error
        made.append(DonatedCopy.objects.create(donation=donation, copy=copy))
    return made


@transaction.atomic
def donation_receive(
    *,
    drive: DonationDrive,
    donor: Donor,
    received_on: datetime.date,
    copies: int,
    notes: str = "",
    items: list[DonatedItem] | None = None,
    by=None,
) -> Donation:
    """Record a gift of ``copies`` books and catalogue the ``items`` given (the rest can be catalogued later)."""
    donation = clean_and_save(
        Donation(drive=drive, donor=donor, received_on=received_on, copies=copies, notes=notes, received_by=by)
    )
    if items:
        donation_catalogue(donation=donation, items=items, by=by)
    return donation
