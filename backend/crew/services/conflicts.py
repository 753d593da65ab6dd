"""Settling a sync conflict: a coordinator accepts the phone's event (applied now, as of its device time) or
keeps the server's record."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import ApplicationError, ConflictError
from backend.crew.events.batch import Batch
from backend.crew.kinds import KINDS, PRELOADERS
from backend.crew.models import ConflictStatus, SyncConflict
from backend.crew.services.sync import apply_one
from backend.crew.trips import TRIP_DIFFERENCE, trip_difference_settle
from backend.sync.envelope import read_envelope
from backend.sync.exceptions import EventConflict, EventRejected
from backend.sync.models import EventStatus


class ConflictClosedError(ConflictError):
    code = "conflict_closed"


@transaction.atomic
def conflict_resolve(*, conflict: SyncConflict, user: User, accept: bool, note: str = "") -> SyncConflict:
    """Settle a conflict: ``accept`` applies the phone's event anyway (as of its own device time); otherwise
    the server's record is kept. Either way the event is closed and the decision recorded.

    Raises ConflictClosedError when it was already settled, or ApplicationError (``cannot_accept``) when the
    event still cannot be applied (for instance the copy is now on loan).
    """
    conflict = SyncConflict.objects.select_for_update(of=("self",)).select_related("event__user").get(pk=conflict.pk)
    if conflict.status != ConflictStatus.OPEN:
        raise ConflictClosedError(_("This conflict was already settled."))
    event = conflict.event
    resolution: dict[str, Any] = {"resolution": "accepted" if accept else "dismissed", "by": user.pk}
    if accept and conflict.code == TRIP_DIFFERENCE:
        # A trip's return stocktake was applied (the trip is closed); accepting settles its differences.
        resolution["result"] = trip_difference_settle(conflict=conflict, by=user)
    elif accept:
        resolution["result"] = _force_apply(event)
    conflict.status = ConflictStatus.ACCEPTED if accept else ConflictStatus.DISMISSED
    conflict.resolved_by, conflict.resolved_at, conflict.resolution_note = user, timezone.now(), note
    conflict.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note", "updated_at"])
    if event is None:
        return conflict
    # A replay of the event keeps getting its first answer (``conflict``), now with how it was settled.
    event.outcome = {**event.outcome, **resolution}
    if accept:
        event.status = EventStatus.APPLIED
    event.save(update_fields=["outcome", "status"])
    return conflict


def _force_apply(event) -> dict[str, Any]:
    env = read_envelope(event.payload, index=0, event_id=event.event_id, known_kinds=KINDS, now=event.received_at)
    if env.rejection is not None:
        raise ApplicationError(env.rejection.message, code="cannot_accept")
    batch = Batch(user=event.user, envelopes=[env], preloaders=PRELOADERS, force=True)
    try:
        outcome = apply_one(batch, event, env)
    except (EventRejected, EventConflict) as error:  # apply_one answers these; kept for direct writers
        raise ApplicationError(error.message, code="cannot_accept") from error
    if outcome["status"] != "applied":
        raise ApplicationError(outcome.get("message", ""), code="cannot_accept", extra={"event": outcome})
    batch.flush()
    return outcome["result"]
