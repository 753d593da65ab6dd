"""A phone's batch of events, end to end: read, stored raw, applied exactly once by kind, answered per event.

Step 1 (``raw_events_store``, its own transaction, committed first): every event whose id can be read is stored,
so nothing the phone sent is lost even if applying fails. Step 2 (one transaction): the batch's raw events are
locked (``raw_events_claim``); those still pending are applied through one ``Batch`` (see ``backend.crew.kinds``
for every kind), all others answer with their stored outcome as ``duplicate``; the outcomes are recorded
(``raw_events_settle``) before the transaction commits. Each event is checked completely before anything is
written, so an event is applied whole or not at all.
"""

import dataclasses
import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.crew.events.batch import Batch
from backend.crew.kinds import KINDS, PRELOADERS
from backend.crew.services.waiting import WaitRules, wait_rules_for
from backend.sync.envelope import Envelope, read_batch, read_envelope
from backend.sync.exceptions import EventConflict, EventRejected
from backend.sync.models import Device, EventStatus, RawEvent
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
        counts = {"applied": 0, "duplicate": 0, "rejected": 0, "conflict": 0, "waiting": 0}
        for result in self.results:
            counts[result["status"]] += 1
        return counts


def sync_batch_apply(*, device: Device, events: Any) -> BatchResult:
    """Store, then apply a batch of events from ``device``; answer per event, in the order sent.

    Raises MalformedBatchError (not a list) or BatchTooLargeError (over SYNC_MAX_BATCH): nothing is stored.
    """
    answers, envelopes = read_batch(events, known_kinds=KINDS, now=timezone.now())
    received_through = device.received_through_seq
    raw_events_store(device=device, envelopes=envelopes.values())
    outcomes = _apply(device, envelopes)
    # What this batch applied, or the gap in the phone's sequence numbers it filled, may let waiting events go.
    gap_filled = device.received_through_seq != received_through
    if gap_filled or any(first["status"] == "applied" for first, _later in outcomes.values()):
        _answer_after_retry(outcomes)
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
    return applied + waiting_events_retry()


@transaction.atomic
def _apply(device: Device, envelopes: dict[uuid.UUID, Envelope]) -> dict[uuid.UUID, tuple[dict, dict]]:
    """Answers per event id: (first copy in this batch, later copies in this batch)."""
    answers, pending = raw_events_claim(device=device, envelopes=envelopes)
    fresh = [(row, env) for row, env in pending if env.rejection is None]
    rules = wait_rules_for(now=timezone.now(), devices=[device.pk])
    outcomes = apply_events(user=device.user, events=fresh, rules=rules) if fresh else {}
    settled = []
    for row, env in pending:
        outcome = outcomes[row.event_id] if env.rejection is None else rejection_outcome(row.event_id, env.rejection)
        settled.append((row, outcome))
        answers[row.event_id] = (outcome, duplicate_outcome(outcome))
    raw_events_settle(outcomes=settled)
    return answers


def apply_events(
    *, user: User, events: list[tuple[RawEvent, Envelope]], rules: WaitRules | None = None
) -> dict[uuid.UUID, dict[str, Any]]:
    """Apply checked events in the order they were sent; answer per event id. Caller holds a transaction.

    With ``rules``, a stock event whose prerequisite has not arrived yet is answered ``waiting`` instead.
    """
    batch = Batch(user=user, envelopes=[env for _row, env in events], preloaders=PRELOADERS)
    outcomes: dict[uuid.UUID, dict[str, Any]] = {}
    for row, env in sorted(events, key=lambda pair: pair[1].index):
        waiting = rules.before_applying(row, env) if rules else None
        outcomes[row.event_id] = waiting or apply_one(batch, row, env, rules=rules)
    batch.flush()
    return outcomes


def apply_one(batch: Batch, row: RawEvent, env: Envelope, *, rules: WaitRules | None = None) -> dict[str, Any]:
    """Apply one checked event to ``batch`` by its kind; a rejection or a conflict is its answer, not an error
    (or, with ``rules``, a ``waiting`` answer when what it needs may still arrive)."""
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
        waiting = rules.after_refusal(row, env, rejection.code, rejection.message) if rules else None
        return waiting or rejection_outcome(row.event_id, rejection)
    except EventConflict as conflict:
        waiting = rules.after_refusal(row, env, conflict.code, conflict.message) if rules else None
        return waiting or batch.conflict(row, conflict)
    return applied_outcome(row.event_id, result)


def _answer_after_retry(outcomes: dict[uuid.UUID, tuple[dict, dict]]) -> None:
    """What this batch applied (or the gap in sequence numbers it filled) may let waiting events apply now; this
    batch's own waiting events get their new answer."""
    waited = [event_id for event_id, (first, _later) in outcomes.items() if first["status"] == "waiting"]
    if not RawEvent.objects.filter(status=EventStatus.WAITING).exists():
        return
    waiting_events_retry()
    for event_id, outcome in RawEvent.objects.filter(event_id__in=waited).values_list("event_id", "outcome"):
        outcomes[event_id] = (outcome, duplicate_outcome(outcome))


def waiting_events_retry(*, now: datetime.datetime | None = None) -> int:
    """Try every waiting event again, one crew member's at a time, until a round applies nothing more.

    Expired ones get their final answer. Returns how many events stopped waiting.
    """
    now = now or timezone.now()
    settled = 0
    while True:
        users = set(RawEvent.objects.filter(status=EventStatus.WAITING).values_list("user_id", flat=True))
        progress = sum(_retry_user(user_id, now) for user_id in sorted(users))
        settled += progress
        if not progress:
            return settled


@transaction.atomic
def _retry_user(user_id: int, now: datetime.datetime) -> int:
    """One crew member's waiting events, in device-time order, in one Batch. Returns how many stopped waiting."""
    rows = list(
        RawEvent.objects.select_for_update(skip_locked=True)
        .select_related("user")
        .filter(user_id=user_id, status=EventStatus.WAITING)
        .order_by("device_time", "id")
    )
    if not rows:
        return 0
    events = []
    for index, row in enumerate(rows):
        env = read_envelope(row.payload, index=index, event_id=row.event_id, known_kinds=KINDS, now=row.received_at)
        env.payload_hash = row.payload_hash
        events.append((row, env))
    rules = wait_rules_for(now=now, devices={row.device_id for row in rows}, exclude=[row.event_id for row in rows])
    trial = dataclasses.replace(rules, blocked=set())
    if all(trial.before_applying(row, env) for row, env in events):
        return 0  # each still waits for an earlier event of its phone or on the same item: no need to load them
    outcomes = apply_events(user=rows[0].user, events=events, rules=rules)
    raw_events_settle(outcomes=[(row, outcomes[row.event_id]) for row, _env in events])
    return sum(outcome["status"] != "waiting" for outcome in outcomes.values())
