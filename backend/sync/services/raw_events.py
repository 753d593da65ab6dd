"""Raw events: every event a phone sent, stored durably before anything is applied, and settled exactly once.

Storing is its own transaction, committed first: ``INSERT ... ON CONFLICT DO NOTHING`` on the event's UUID, so
nothing the phone sent is lost even if applying fails. Claiming locks the stored rows in UUID order (two phones
sending overlapping batches wait for each other instead of deadlocking) and says which are still pending; the
caller applies those and settles them in the same transaction, so each event is applied once.
"""

import uuid
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..envelope import Envelope, storable
from ..exceptions import EventRejected
from ..models import Device, EventStatus, RawEvent
from ..outcomes import duplicate_outcome, rejection_outcome
from .sequence import device_sync_state_refresh

# Per event id: the answer to its first copy in the batch, and to any later copy in the same batch.
Answers = dict[uuid.UUID, tuple[dict, dict]]


@transaction.atomic
def raw_events_store(*, device: Device, envelopes: Iterable[Envelope]) -> None:
    """Store each event not stored yet (by UUID, or by the device's sequence number), then move the device's
    ``received_through_seq`` on."""
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


def raw_events_claim(
    *, device: Device, envelopes: dict[uuid.UUID, Envelope]
) -> tuple[Answers, list[tuple[RawEvent, Envelope]]]:
    """Lock the stored events in UUID order; return the answers of those already settled or not stored as sent
    (a duplicate, a reused id or sequence number) and the (row, envelope) pairs still pending, to apply now.

    An id stored from another person's device is refused (``event_id_reused``): its stored answer is that
    person's, and its pending event is not this device's to apply (issue 19). The same person's other device
    gets the stored answer: a phone signed out by the server signs in again as a new device and resends its outbox.
    The caller holds the transaction until it has settled the pending ones (``raw_events_settle``).
    """
    rows = {
        row.event_id: row
        for row in RawEvent.objects.select_for_update().filter(event_id__in=list(envelopes)).order_by("event_id")
    }
    answers: Answers = {}
    pending: list[tuple[RawEvent, Envelope]] = []
    for event_id, env in envelopes.items():
        row = rows.get(event_id)
        if row is None:  # not stored: its (device, seq) belongs to another event
            answer = rejection_outcome(
                event_id,
                EventRejected("seq_reused", _("This sequence number was already used by another event.")),
            )
        elif row.device_id != device.pk and row.user_id != device.user_id:
            answer = rejection_outcome(
                event_id, EventRejected("event_id_reused", _("This event id was already used by another phone."))
            )
        elif row.payload_hash != env.payload_hash:
            answer = rejection_outcome(
                event_id, EventRejected("event_id_reused", _("This event id was already used for another event."))
            )
        elif row.status != EventStatus.PENDING:
            answer = duplicate_outcome(row.outcome)
        else:
            pending.append((row, env))
            continue
        answers[event_id] = (answer, answer)
    return answers, pending


def raw_events_settle(*, outcomes: list[tuple[RawEvent, dict]]) -> None:
    """Record each claimed event's outcome (its status is the outcome's): replays get this answer from now on."""
    for row, outcome in outcomes:
        row.status, row.outcome, row.applied_at = outcome["status"], outcome, timezone.now()
    _record_outcomes([row for row, _outcome in outcomes])


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
