"""Reading one event as the phone sent it: the envelope (id, kind, seq, device time, visit) and its data.

Plain Python, not DRF: a bad event is a per-event rejection with a code, not a 400 for the whole batch.
"""

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .exceptions import EventRejected


@dataclass
class Envelope:
    """An event whose id could be read. ``rejection`` is set when the rest of it could not."""

    index: int
    event_id: uuid.UUID
    raw: dict[str, Any]
    payload_hash: str
    kind: str = ""
    seq: int | None = None
    device_time: datetime.datetime | None = None
    visit_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    rejection: EventRejected | None = None


def max_clock_skew() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.BOOKBUS.get("SYNC_MAX_CLOCK_SKEW_S", 600))


def payload_hash(raw: Any) -> str:
    return hashlib.sha256(json.dumps(raw, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def read_event_id(raw: Any) -> uuid.UUID:
    """The event's UUID, or EventRejected(``invalid_event_id``): without it the event cannot be stored."""
    if not isinstance(raw, dict):
        raise EventRejected("invalid_event", _("An event must be a JSON object."))
    try:
        return uuid.UUID(str(raw.get("id", "")))
    except ValueError:
        raise EventRejected(
            "invalid_event_id",
            _("The event id must be a UUID generated on the phone."),
            fields={"id": [_("Not a valid UUID.")]},
        ) from None


def read_envelope(raw: dict[str, Any], *, index: int, event_id: uuid.UUID, known_kinds: dict, now=None) -> Envelope:
    """Read everything but the id; a problem is kept in ``rejection`` so that the event is still stored."""
    env = Envelope(index=index, event_id=event_id, raw=raw, payload_hash=payload_hash(raw))
    try:
        env.kind = _kind(raw.get("kind"), known_kinds)
        env.seq = _seq(raw.get("seq"))
        env.device_time = _device_time(raw.get("device_time"), now or timezone.now())
        env.visit_id = _visit(raw.get("visit"), required=known_kinds[env.kind].needs_visit)
        data = raw.get("data", {})
        if not isinstance(data, dict):
            raise EventRejected("invalid_data", _("The event data must be a JSON object."))
        env.data = known_kinds[env.kind].clean(data)
    except EventRejected as rejection:
        env.rejection = rejection
        # Keep what could be read, so that the stored row and the sequence numbers are still right.
        env.seq = env.seq if env.seq is not None else _quiet_seq(raw.get("seq"))
    return env


def _kind(value, known_kinds) -> str:
    if value not in known_kinds:
        raise EventRejected(
            "unknown_kind",
            _("Unknown event kind."),
            fields={"kind": [_("Expected one of: %(kinds)s.") % {"kinds": ", ".join(sorted(known_kinds))}]},
        )
    return value


def _seq(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 or value > 2**62:
        raise EventRejected(
            "invalid_seq", _("The sequence number must be a positive integer."), fields={"seq": [_("Invalid.")]}
        )
    return value


def _quiet_seq(value) -> int | None:
    try:
        return _seq(value)
    except EventRejected:
        return None


def _device_time(value, now: datetime.datetime) -> datetime.datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise EventRejected(
            "invalid_device_time",
            _("The device time must be an ISO 8601 date and time."),
            fields={"device_time": [_("Invalid.")]},
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if parsed > now + max_clock_skew():
        raise EventRejected(
            "device_time_in_future",
            _("The device time is in the future: check the phone's clock."),
            fields={"device_time": [_("In the future.")]},
        )
    return parsed


def _visit(value, *, required: bool) -> int | None:
    if value is None:
        if required:
            raise EventRejected("visit_required", _("This event needs a visit."), fields={"visit": [_("Required.")]})
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise EventRejected("invalid_visit", _("The visit must be a visit id."), fields={"visit": [_("Invalid.")]})
    return value
