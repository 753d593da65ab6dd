"""Reading the ``data`` of each event kind: plain checks raising EventRejected with field messages."""

from typing import Any

from django.utils.translation import gettext as _

from backend.planning.models import SkipCause
from backend.sync.exceptions import EventRejected

MAX_VISITORS = 5000


def _invalid(name: str, message: str) -> EventRejected:
    return EventRejected("invalid_data", _("Some fields of the event are not valid."), fields={name: [message]})


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


def visitors_data(data: dict) -> dict[str, Any]:
    return {
        "students": number(data, "students", low=0, high=MAX_VISITORS, integer=True),
        "adults": number(data, "adults", low=0, high=MAX_VISITORS, integer=True),
    }


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
