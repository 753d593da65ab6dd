"""A phone's batch of events, end to end: read, stored raw, applied exactly once by kind, answered per event.

Step 1 (``raw_events_store``, its own transaction, committed first): every event whose id can be read is stored,
so nothing the phone sent is lost even if applying fails. Step 2 (one transaction): the batch's raw events are
locked (``raw_events_claim``); those still pending are applied through one ``Batch`` (see ``backend.crew.kinds``
for every kind), all others answer with their stored outcome as ``duplicate``; the outcomes are recorded
(``raw_events_settle``) before the transaction commits. Each event is checked completely before anything is
written, so an event is applied whole or not at all.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.crew.events.batch import Batch
from backend.crew.kinds import KINDS, PRELOADERS
from backend.sync.envelope import Envelope, read_batch, read_envelope
from backend.sync.exceptions import EventConflict, EventRejected
from backend.sync.models import Device, RawEvent
from backend.sync.outcomes import applied_outcome, duplicate_outcome, rejection_outcome
from backend.sync.selectors import raw_events_pending_by_device
from backend.sync.services import (
    DeviceSyncState,
    device_sync_state,
    raw_events_claim,
    raw_events_settle,
    raw_events_store,
)


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
    answers, envelopes = read_batch(events, known_kinds=KINDS, now=timezone.now())
    raw_events_store(device=device, envelopes=envelopes.values())
    outcomes = _apply(device, envelopes)
    for index, raw in enumerate(events):
        if answers[index] is None:
            event_id = uuid.UUID(str(raw["id"]))
            later_copy = envelopes[event_id].index != index
            answers[index] = outcomes[event_id][1 if later_copy else 0]
    return BatchResult(results=answers, device=device_sync_state(device=device))


def sync_pending_apply(*, limit: int = 500) -> int:
    """Apply raw events stored but never applied (the request died between the two steps). Returns how many."""
    applied = 0
    for device, rows in raw_events_pending_by_device(limit=limit):
        envelopes = {}
        for index, row in enumerate(rows):
            env = read_envelope(row.payload, index=index, event_id=row.event_id, known_kinds=KINDS, now=row.received_at)
            # The hash is of the event as sent; the stored JSON may not hash the same (jsonb turns -0.0 into 0).
            env.payload_hash = row.payload_hash
            envelopes[row.event_id] = env
        _apply(device, envelopes)
        applied += len(rows)
    return applied


@transaction.atomic
def _apply(device: Device, envelopes: dict[uuid.UUID, Envelope]) -> dict[uuid.UUID, tuple[dict, dict]]:
    """Answers per event id: (first copy in this batch, later copies in this batch)."""
    answers, pending = raw_events_claim(envelopes=envelopes)
    fresh = [(row, env) for row, env in pending if env.rejection is None]
    outcomes = apply_events(user=device.user, events=fresh) if fresh else {}
    settled = []
    for row, env in pending:
        outcome = outcomes[row.event_id] if env.rejection is None else rejection_outcome(row.event_id, env.rejection)
        settled.append((row, outcome))
        answers[row.event_id] = (outcome, duplicate_outcome(outcome))
    raw_events_settle(outcomes=settled)
    return answers


def apply_events(*, user: User, events: list[tuple[RawEvent, Envelope]]) -> dict[uuid.UUID, dict[str, Any]]:
    """Apply checked events in the order they were sent; answer per event id. Caller holds a transaction."""
    batch = Batch(user=user, envelopes=[env for _row, env in events], preloaders=PRELOADERS)
    outcomes: dict[uuid.UUID, dict[str, Any]] = {}
    for row, env in sorted(events, key=lambda pair: pair[1].index):
        outcomes[row.event_id] = apply_one(batch, row, env)
    batch.flush()
    return outcomes


def apply_one(batch: Batch, row: RawEvent, env: Envelope) -> dict[str, Any]:
    """Apply one checked event to ``batch`` by its kind; a rejection or a conflict is its answer, not an error."""
    kind = KINDS[env.kind]
    try:
        if kind.writes_directly and batch.force:
            # Settling a conflict may take several stock services (a correction, then the loan): all or nothing.
            with transaction.atomic():
                result = kind.apply(batch, row, env)
        else:
            # Otherwise a stock event makes one stock service call, atomic in itself: no savepoint of our own.
            result = kind.apply(batch, row, env)
    except EventRejected as rejection:
        return rejection_outcome(row.event_id, rejection)
    except EventConflict as conflict:
        return batch.conflict(row, conflict)
    return applied_outcome(row.event_id, result)
