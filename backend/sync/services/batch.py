"""Batch sync: store every event durably, then apply each one exactly once and answer per event.

Step 1 (its own transaction, committed first): every event whose id can be read is stored as a RawEvent,
``INSERT ... ON CONFLICT DO NOTHING`` on its UUID, so nothing the phone sent is lost even if applying fails.
Step 2 (one transaction): the batch's raw events are locked in UUID order (two phones sending overlapping
batches wait for each other instead of deadlocking); those still pending are applied, all others answer with
their stored outcome as ``duplicate``. Each event is checked completely before anything is written, so an
event is applied whole or not at all.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.crew.kinds import KINDS
from backend.crew.services import apply_events

from ..envelope import Envelope, payload_hash, read_envelope, read_event_id, storable, unreadable_id
from ..exceptions import BatchTooLargeError, EventRejected, MalformedBatchError
from ..models import Device, EventStatus, RawEvent
from ..outcomes import duplicate_outcome, rejection_outcome
from .sequence import DeviceSyncState, device_sync_state, device_sync_state_refresh


def max_batch_size() -> int:
    return settings.BOOKBUS.get("SYNC_MAX_BATCH", 500)


@dataclass(frozen=True)
class BatchResult:
    results: list[dict[str, Any]]
    device: DeviceSyncState

    @property
    def summary(self) -> dict[str, int]:
        counts = {"applied": 0, "duplicate": 0, "rejected": 0, "conflict": 0}
        for result in self.results:
            counts[result["status"]] += 1
        return counts


def sync_batch_apply(*, device: Device, events: Any) -> BatchResult:
    """Store, then apply a batch of events from ``device``; answer per event, in the order sent.

    Raises MalformedBatchError (not a list) or BatchTooLargeError (over SYNC_MAX_BATCH): nothing is stored.
    """
    if not isinstance(events, list):
        raise MalformedBatchError(_("The batch must be a list of events."))
    if len(events) > max_batch_size():
        raise BatchTooLargeError(
            _("A batch holds at most %(max)d events; split it.") % {"max": max_batch_size()},
            extra={"max": max_batch_size(), "received": len(events)},
        )
    now = timezone.now()
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
        envelopes[event_id] = read_envelope(raw, index=index, event_id=event_id, known_kinds=KINDS, now=now)

    _store(device, envelopes.values())
    outcomes = _apply(device, envelopes)
    for index, raw in enumerate(events):
        if answers[index] is None:
            answers[index] = outcomes[uuid.UUID(str(raw["id"]))][1 if _is_later_copy(envelopes, raw, index) else 0]
    return BatchResult(results=answers, device=device_sync_state(device=device))


def _is_later_copy(envelopes, raw, index) -> bool:
    return envelopes[uuid.UUID(str(raw["id"]))].index != index


@transaction.atomic
def _store(device: Device, envelopes) -> None:
    rows = []
    for env in envelopes:
        # As sent, unless it holds what PostgreSQL refuses (then it is rejected, and stored with those values replaced).
        payload = storable(env.raw) if env.unstorable_at else env.raw
        rows.append(
            RawEvent(
                event_id=env.event_id,
                device=device,
                user_id=device.user_id,
                seq=env.seq,
                kind=str(payload.get("kind", ""))[:40],
                visit_id_sent=env.visit_id,
                device_time=env.device_time,
                payload=payload,
                payload_hash=env.payload_hash,
            )
        )
    RawEvent.objects.bulk_create(rows, ignore_conflicts=True)
    device_sync_state_refresh(device=device)


@transaction.atomic
def _apply(device: Device, envelopes: dict[uuid.UUID, Envelope]) -> dict[uuid.UUID, tuple[dict, dict]]:
    """Answers per event id: (first copy in this batch, later copies in this batch)."""
    rows = {
        row.event_id: row
        for row in RawEvent.objects.select_for_update().filter(event_id__in=list(envelopes)).order_by("event_id")
    }
    answers: dict[uuid.UUID, tuple[dict, dict]] = {}
    to_apply: list[tuple[RawEvent, Envelope]] = []
    for event_id, env in envelopes.items():
        row = rows.get(event_id)
        if row is None:  # not stored: its (device, seq) belongs to another event
            answer = rejection_outcome(
                event_id,
                EventRejected("seq_reused", _("This sequence number was already used by another event.")),
            )
        elif row.payload_hash != env.payload_hash:
            answer = rejection_outcome(
                event_id, EventRejected("event_id_reused", _("This event id was already used for another event."))
            )
        elif row.status != EventStatus.PENDING:
            answer = duplicate_outcome(row.outcome)
        else:
            to_apply.append((row, env))
            continue
        answers[event_id] = (answer, answer)

    fresh = [(row, env) for row, env in to_apply if env.rejection is None]
    outcomes = apply_events(user=device.user, device=device, events=fresh) if fresh else {}
    for row, env in to_apply:
        outcome = outcomes[row.event_id] if env.rejection is None else rejection_outcome(row.event_id, env.rejection)
        row.status, row.outcome, row.applied_at = outcome["status"], outcome, timezone.now()
        answers[row.event_id] = (outcome, duplicate_outcome(outcome))
    _record_outcomes([row for row, _env in to_apply])
    return answers


def _record_outcomes(rows: list[RawEvent]) -> None:
    """Save each row's status, outcome and applied_at in one statement.

    On PostgreSQL an ``UPDATE … FROM unnest(…)``: ``bulk_update`` builds a CASE WHEN per row and field, and resolving
    those expressions took more than half the time of a 500-event batch.
    """
    if connection.vendor != "postgresql" or not rows:
        RawEvent.objects.bulk_update(rows, ["status", "outcome", "applied_at"])
        return
    from psycopg.types.json import Jsonb

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {RawEvent._meta.db_table} AS raw"
            " SET status = new.status, outcome = new.outcome, applied_at = new.applied_at"
            " FROM unnest(%s::bigint[], %s::varchar[], %s::jsonb[], %s::timestamptz[])"
            " AS new(id, status, outcome, applied_at) WHERE raw.id = new.id",
            [
                [row.pk for row in rows],
                [row.status for row in rows],
                [Jsonb(row.outcome) for row in rows],
                [row.applied_at for row in rows],
            ],
        )


def sync_pending_apply(*, limit: int = 500) -> int:
    """Apply raw events stored but never applied (the request died between the two steps). Returns how many."""
    applied = 0
    pending = RawEvent.objects.filter(status=EventStatus.PENDING).select_related("device__user")
    for device_id in set(pending.values_list("device_id", flat=True)[:limit]):
        rows = list(pending.filter(device_id=device_id)[:limit])
        device = rows[0].device
        envelopes = {}
        for index, row in enumerate(rows):
            env = read_envelope(row.payload, index=index, event_id=row.event_id, known_kinds=KINDS, now=row.received_at)
            # The hash is of the event as sent; the stored JSON may not hash the same (jsonb turns -0.0 into 0).
            env.payload_hash = row.payload_hash
            envelopes[row.event_id] = env
        _apply(device, envelopes)
        applied += len(rows)
    return applied
