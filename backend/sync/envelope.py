"""Reading one event as the phone sent it: the envelope (id, kind, seq, device time, visit) and its data.

Plain Python, not DRF: a bad event is a per-event rejection with a code, not a 400 for the whole batch.
"""

import datetime
import hashlib
import json
import math
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .exceptions import BatchTooLargeError, EventRejected, MalformedBatchError
from .outcomes import rejection_outcome


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
    unstorable_at: str | None = None  # where it holds what PostgreSQL cannot store (see ``storable``)


# Ids are bigint columns (BigAutoField): a larger number is no id, and PostgreSQL refuses to compare with it.
MAX_ID = 2**63 - 1
# A phone whose clock was reset (to 1970) sends times no visit can have.
EARLIEST_DEVICE_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
# What PostgreSQL cannot store in text or jsonb: NUL, and lone surrogates (not UTF-8; JSON "\ud800" makes them).
_UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")
# Set on a stored payload whose unstorable values were replaced, so that reading it again still rejects it.
UNSTORABLE_MARK = "_unstorable"


def max_batch_size() -> int:
    return settings.BOOKBUS["SYNC_MAX_BATCH"]


def max_clock_skew() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.BOOKBUS["SYNC_MAX_CLOCK_SKEW_S"])


def canonical_json(value: Any) -> bytes:
    """``value`` as JSON with its keys sorted, in UTF-8: what two requests or events are compared by."""
    # surrogatepass: a lone surrogate must not crash the hash (the event is rejected later, with a code).
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8", "surrogatepass")


def payload_hash(raw: Any) -> str:
    return hashlib.sha256(canonical_json(raw)).hexdigest()


def unstorable_path(raw: Any, path: str = "") -> str | None:
    """Where ``raw`` holds a value PostgreSQL cannot store (NUL, lone surrogate, infinite number), or None."""
    if isinstance(raw, str):
        return path if _UNSTORABLE_TEXT.search(raw) else None
    if isinstance(raw, float):
        return None if math.isfinite(raw) else path
    items = raw.items() if isinstance(raw, dict) else enumerate(raw) if isinstance(raw, list) else ()
    for key, value in items:
        here = f"{path}.{storable_text(str(key))[:64]}".lstrip(".")
        if isinstance(key, str) and _UNSTORABLE_TEXT.search(key):
            return here
        found = unstorable_path(value, here)
        if found is not None:
            return found
    return None


def storable_text(text: str) -> str:
    return _UNSTORABLE_TEXT.sub("\ufffd", text)


def storable(raw: Any) -> Any:
    """``raw`` with what PostgreSQL cannot store replaced (text by U+FFFD, infinite numbers by null), marked."""
    path = unstorable_path(raw)
    if path is None:
        return raw
    return {**_replaced(raw), UNSTORABLE_MARK: path}


def _replaced(raw: Any) -> Any:
    if isinstance(raw, str):
        return storable_text(raw)
    if isinstance(raw, float):
        return raw if math.isfinite(raw) else None
    if isinstance(raw, dict):
        return {storable_text(str(key)): _replaced(value) for key, value in raw.items()}
    if isinstance(raw, list):
        return [_replaced(value) for value in raw]
    return raw


def unreadable_id(raw: Any) -> str | None:
    """The id of an event whose id is not a UUID, as it can be echoed back (and stored with the answer)."""
    if not isinstance(raw, dict) or raw.get("id") is None:
        return None
    return storable_text(str(raw["id"]))[:100]


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


def read_batch(
    events: Any, *, known_kinds: dict, now: datetime.datetime
) -> tuple[list[dict[str, Any] | None], dict[uuid.UUID, Envelope]]:
    """Read a batch as sent: per position, the answer already known (or None), and an envelope per event id.

    An event whose id cannot be read is answered at once (it cannot be stored); a later copy of an event in the
    same batch gets no envelope of its own, and is rejected at once if its body differs from the first copy's.
    Raises MalformedBatchError (not a list) or BatchTooLargeError (over SYNC_MAX_BATCH).
    """
    if not isinstance(events, list):
        raise MalformedBatchError(_("The batch must be a list of events."))
    if len(events) > max_batch_size():
        raise BatchTooLargeError(
            _("A batch holds at most %(max)d events; split it.") % {"max": max_batch_size()},
            extra={"max": max_batch_size(), "received": len(events)},
        )
    answers: list[dict[str, Any] | None] = [None] * len(events)
    envelopes: dict[uuid.UUID, Envelope] = {}
    for index, raw in enumerate(events):
        try:
            event_id = read_event_id(raw)
        except EventRejected as rejection:
            answers[index] = rejection_outcome(unreadable_id(raw), rejection)
            continue
        if event_id in envelopes:  # the same event twice in one batch: the later copy is a duplicate
            if envelopes[event_id].payload_hash != payload_hash(raw):
                answers[index] = rejection_outcome(
                    event_id,
                    EventRejected("event_id_reused", _("This event id was already used for another event.")),
                )
            continue
        envelopes[event_id] = read_envelope(raw, index=index, event_id=event_id, known_kinds=known_kinds, now=now)
    return answers, envelopes


def read_envelope(raw: dict[str, Any], *, index: int, event_id: uuid.UUID, known_kinds: dict, now=None) -> Envelope:
    """Read everything but the id; a problem is kept in ``rejection`` so that the event is still stored."""
    env = Envelope(index=index, event_id=event_id, raw=raw, payload_hash=payload_hash(raw))
    env.unstorable_at = raw.get(UNSTORABLE_MARK) or unstorable_path(raw)
    try:
        _storable_values(env.unstorable_at)
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


def _storable_values(path) -> None:
    if path:
        raise EventRejected(
            "unstorable_value",
            _("The event holds a NUL character, a lone surrogate or an infinite number, which cannot be stored."),
            fields={storable_text(str(path)): [_("Not allowed.")]},
        )


def _kind(value, known_kinds) -> str:
    if not isinstance(value, str) or value not in known_kinds:
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
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is not None and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        in_utc = parsed.astimezone(datetime.UTC) if parsed is not None else None
    except (ValueError, OverflowError):  # well formed but impossible (2026-13-45), or year 1 with an offset
        in_utc = None
    if in_utc is None:
        raise EventRejected(
            "invalid_device_time",
            _("The device time must be an ISO 8601 date and time."),
            fields={"device_time": [_("Invalid.")]},
        )
    if in_utc < EARLIEST_DEVICE_TIME:
        raise EventRejected(
            "invalid_device_time",
            _("The device time is before 2000: check the phone's clock."),
            fields={"device_time": [_("Too early.")]},
        )
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
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise EventRejected("invalid_visit", _("The visit must be a visit id."), fields={"visit": [_("Invalid.")]})
    return value
