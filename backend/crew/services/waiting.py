"""Events that wait for what they need, so that a day's batches give the same result in whatever order they arrive.

A stock event whose prerequisite has not arrived yet — the reader it lends to, the copy's arrival on the bus or at
the reader, the collection's deposit, or an earlier event of the same phone (a gap in its sequence numbers) — is
not rejected: it is stored as ``waiting`` and tried again (``sync.waiting_events_retry``) each time another batch
has been applied, oldest device time first, until it applies. Events on the same copy, reader or collection keep
their device-time order: one that comes after a waiting event on the same thing waits behind it. Only when
``SYNC_WAIT_HOURS`` have passed since its device time does a waiting event get its final answer (a rejection, or
a conflict for a coordinator), from the next sync or from ``manage.py sync_apply_pending``.
"""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from backend.crew.kinds import KINDS, STOCK_KINDS
from backend.sync.envelope import Envelope, read_envelope
from backend.sync.models import Device, EventStatus, RawEvent
from backend.sync.outcomes import waiting_outcome

# What a stock event is refused for while what it needs may still be on its way (a conflict code among them:
# a lent copy the ledger puts at the depot is, most of the time, a load whose batch has not arrived).
WAITABLE_CODES = frozenset(
    {
        "unknown_reader",
        "copy_not_on_loan",
        "copy_not_available",
        "loan_limit_reached",
        "copy_not_at_holder",
        "collection_not_at_holder",
        "collection_not_deposited",
        "copy_not_on_bus",
    }
)


def wait_hours() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.BOOKBUS["SYNC_WAIT_HOURS"])


def event_keys(env: Envelope) -> frozenset[str]:
    """The things an event reads and changes: its copy, its reader, its collection."""
    data = env.data if isinstance(env.data, dict) else {}
    keys = set()
    for name, prefix in (("barcode", "copy"), ("card_number", "reader"), ("collection", "collection")):
        if isinstance(data.get(name), str) and data[name]:
            keys.add(f"{prefix}:{data[name]}")
    return frozenset(keys)


@dataclass
class WaitRules:
    """Decides, event by event in device-time order, whether a stock event waits; remembers what waits."""

    now: datetime.datetime
    received_through: dict[int, int]  # device id -> every sequence number up to this one is stored
    # (device time, keys) of events already waiting and not being tried now: later events on the same keys queue.
    waiting: list[tuple[datetime.datetime, frozenset[str]]] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)  # keys of events of this run that wait

    def expired(self, env: Envelope) -> bool:
        return env.device_time is None or self.now > env.device_time + wait_hours()

    def before_applying(self, row: RawEvent, env: Envelope) -> dict | None:
        """The ``waiting`` answer when the event must wait before it is even tried, else None."""
        if env.kind not in STOCK_KINDS or self.expired(env):
            return None
        keys = event_keys(env)
        if env.seq is not None and env.seq > self.received_through.get(row.device_id, 0):
            return self._wait(row, env, "earlier_events_missing", _("An earlier event of this phone has not arrived."))
        queued = keys & self.blocked or any(when <= env.device_time and keys & theirs for when, theirs in self.waiting)
        if queued:
            return self._wait(row, env, "waiting_for_earlier_event", _("An earlier event on the same item waits."))
        return None

    def after_refusal(self, row: RawEvent, env: Envelope, code: str, message: str) -> dict | None:
        """The ``waiting`` answer for a refusal whose cause may still be on its way, else None (the refusal stands)."""
        if env.kind not in STOCK_KINDS or code not in WAITABLE_CODES or self.expired(env):
            return None
        return self._wait(row, env, code, message)

    def _wait(self, row: RawEvent, env: Envelope, code: str, message: str) -> dict:
        keys = event_keys(env)
        self.blocked |= keys
        return waiting_outcome(row.event_id, code, message, sorted(keys))


def wait_rules_for(*, now: datetime.datetime, devices: Iterable[int], exclude: Iterable[uuid.UUID] = ()) -> WaitRules:
    """Rules for applying events of ``devices`` now, aware of every event already waiting (but ``exclude``)."""
    through = dict(Device.objects.filter(pk__in=set(devices)).values_list("pk", "received_through_seq"))
    waiting = []
    rows = RawEvent.objects.filter(status=EventStatus.WAITING).exclude(event_id__in=list(exclude))
    for event_id, payload, device_time in rows.values_list("event_id", "payload", "device_time"):
        env = read_envelope(payload, index=0, event_id=event_id, known_kinds=KINDS, now=now)
        waiting.append((device_time, event_keys(env)))
    return WaitRules(now=now, received_through=through, waiting=waiting)
