"""Reading the ``data`` of each event kind: plain checks raising EventRejected with field messages."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from backend.core.validation import validate_date_in_bounds
from backend.planning.models import SkipCause
from backend.sync.exceptions import EventRejected

MAX_VISITORS = 5000
MAX_STOCKTAKE = 10_000


def _invalid(name: str, message: str) -> EventRejected:
    return EventRejected("invalid_data", _("Some fields of the event are not valid."), fields={name: [message]})


def date_value(data: dict, name: str) -> datetime.date | None:
    """An optional date (YYYY-MM-DD) within the library's bounds (``backend.core.validation.date_bounds``)."""
    value = data.get(name)
    if value is None:
        return None
    try:
        day = datetime.date.fromisoformat(str(value))
        validate_date_in_bounds(day)
    except ValueError:
        raise _invalid(name, _("A date (YYYY-MM-DD) is expected.")) from None
    except ValidationError as exc:
        raise _invalid(name, exc.messages[0]) from None
    return day


def number(data: dict, name: str, *, low: float, high: float, required: bool = True, integer: bool = False):
    value = data.get(name)
    if value is None:
        if required:
            raise _invalid(name, _("This field is required."))
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or (integer and not isinstance(value, int)):
        raise _invalid(name, _("A whole number is expected.") if integer else _("A number is expected."))
    if not low <= value <= high:
        raise _invalid(name, _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
    return value


def text(data: dict, name: str, *, max_length: int, required: bool = True) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise _invalid(name, _("Text is expected."))
    value = value.strip()
    if required and not value:
        raise _invalid(name, _("This field is required."))
    if len(value) > max_length:
        raise _invalid(name, _("At most %(n)d characters.") % {"n": max_length})
    return value


def boolean(data: dict, name: str) -> bool:
    value = data.get(name)
    if not isinstance(value, bool):
        raise _invalid(name, _("true or false is expected."))
    return value


def position_data(data: dict) -> dict[str, Any]:
    """Optional GPS fix: latitude and longitude together, accuracy in metres."""
    latitude = number(data, "latitude", low=-90, high=90, required=False)
    longitude = number(data, "longitude", low=-180, high=180, required=False)
    if (latitude is None) != (longitude is None):
        raise _invalid("longitude" if longitude is None else "latitude", _("Send latitude and longitude together."))
    accuracy = number(data, "accuracy_m", low=0, high=100_000, required=False)
    return {"latitude": latitude, "longitude": longitude, "accuracy_m": accuracy}


# Optional parts of the crew's head count: persons in the priority groups of Circular 05/2022 (of those counted),
# documents read on the spot and uses of the bus's computers. Absent: not counted (kept as they were).
HEADCOUNT_PARTS = ("children", "elderly", "disabled", "ethnic_minority", "reading_uses", "digital_uses")
PRIORITY_PARTS = ("children", "elderly", "disabled", "ethnic_minority")


def visitors_data(data: dict) -> dict[str, Any]:
    students = number(data, "students", low=0, high=MAX_VISITORS, integer=True)
    adults = number(data, "adults", low=0, high=MAX_VISITORS, integer=True)
    parts = {name: number(data, name, low=0, high=MAX_VISITORS * 10, integer=True, required=False)
             for name in HEADCOUNT_PARTS}  # fmt: skip
    for name in PRIORITY_PARTS:
        if parts[name] is not None and parts[name] > students + adults:
            raise _invalid(name, _("Cannot be more than the persons counted (%(n)d).") % {"n": students + adults})
    return {"students": students, "adults": adults, **parts}


def note_data(data: dict) -> dict[str, Any]:
    return {"note": text(data, "note", max_length=4000)}


def proof_data(data: dict) -> dict[str, Any]:
    return {"host_name": text(data, "host_name", max_length=120), "host_confirmed": boolean(data, "host_confirmed")}


def skip_data(data: dict) -> dict[str, Any]:
    """Why the visit was not made: a ``cause`` the reports count (default ``other``) and the crew's words."""
    cause = data.get("cause", SkipCause.OTHER)
    if not isinstance(cause, str) or cause not in SkipCause.values:
        raise _invalid("cause", _("One of: %(causes)s.") % {"causes": ", ".join(SkipCause.values)})
    return {"cause": cause, "reason": text(data, "reason", max_length=500)}


# Stock events: a copy or a collection, a reader, a title, a stocktake.


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
        return {"barcode": text(data, "barcode", max_length=32)}
    return {"collection": text(data, "collection", max_length=30)}


def _optional_id(data: dict, name: str) -> int | None:
    return number(data, name, low=1, high=2**62, required=False, integer=True)


def move_data(data: dict) -> dict[str, Any]:
    return {**_item(data), "vehicle": _optional_id(data, "vehicle"), "library": _optional_id(data, "library")}


def deposit_data(data: dict) -> dict[str, Any]:
    cleaned = {**_item(data), "received_by_name": text(data, "received_by_name", max_length=120, required=False)}
    on = date_value(data, "expected_collection_on")
    if on is not None:
        cleaned["expected_collection_on"] = on
    return cleaned


def reader_data(data: dict) -> dict[str, Any]:
    return {
        "card_number": text(data, "card_number", max_length=32),
        "full_name": text(data, "full_name", max_length=150),
        "birth_year": number(data, "birth_year", low=1900, high=2100, required=False, integer=True),
        "phone": text(data, "phone", max_length=32, required=False),
    }


def lend_data(data: dict) -> dict[str, Any]:
    return {
        "barcode": text(data, "barcode", max_length=32),
        "card_number": text(data, "card_number", max_length=32),
    }


def reserve_data(data: dict) -> dict[str, Any]:
    """The title by its record id, its ISBN (as scanned from the book's EAN-13, or typed with hyphens) or the
    barcode of one of its copies: exactly one of them."""
    given = [name for name in ("record", "isbn", "barcode") if data.get(name) not in (None, "")]
    if len(given) != 1:
        raise _invalid("record", _("Name the title by one of: its id, its ISBN or a copy's barcode."))
    clean = {"card_number": text(data, "card_number", max_length=32)}
    if given == ["record"]:
        clean["record"] = number(data, "record", low=1, high=2**62, integer=True)
    elif given == ["isbn"]:
        clean["isbn"] = _isbn13(text(data, "isbn", max_length=20))
    else:
        clean["barcode"] = text(data, "barcode", max_length=32)
    return clean


def _isbn13(value: str) -> str:
    """An ISBN-13 from an ISBN-13 or ISBN-10, with or without hyphens and spaces; its check digit checked."""
    digits = value.replace("-", "").replace(" ", "").upper()
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        check10 = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits)) % 11
        if check10 == 0:
            body = "978" + digits[:9]
            return body + str(-sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body)) % 10)
    elif len(digits) == 13 and digits.isdigit():
        if sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(digits)) % 10 == 0:
            return digits
    raise _invalid("isbn", _("Not a valid ISBN."))


def barcode_data(data: dict) -> dict[str, Any]:
    return {"barcode": text(data, "barcode", max_length=32), "vehicle": _optional_id(data, "vehicle")}


def condition_data(data: dict) -> dict[str, Any]:
    return {**barcode_data(data), "note": text(data, "note", max_length=1000, required=False)}


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
