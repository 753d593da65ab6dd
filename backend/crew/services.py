"""Writes for fieldwork: applying a batch of events by kind, GPS pings, the proof-of-visit photo, settling sync
conflicts."""

import datetime
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import ApplicationError, ConflictError
from backend.crew.events.batch import Batch
from backend.crew.kinds import KINDS, PRELOADERS
from backend.crew.models import ConflictStatus, PositionPing, SyncConflict, VisitReport
from backend.planning.models import PlannedVisit
from backend.sync.envelope import Envelope, read_envelope
from backend.sync.exceptions import EventConflict, EventRejected
from backend.sync.models import EventStatus, RawEvent
from backend.sync.outcomes import applied_outcome, rejection_outcome

MAX_PHOTO_BYTES = 8 * 1024 * 1024
# JPEG, PNG, WebP: what phone cameras produce.
PHOTO_SIGNATURES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png", b"RIFF": "webp"}


class ConflictClosedError(ConflictError):
    code = "conflict_closed"


class InvalidPhotoError(ApplicationError):
    code = "invalid_photo"


@dataclass(frozen=True)
class Ping:
    vehicle_id: int
    at: datetime.datetime
    latitude: float
    longitude: float
    accuracy_m: float | None = None


def apply_events(*, user: User, device, events: list[tuple[RawEvent, Envelope]]) -> dict[uuid.UUID, dict[str, Any]]:
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


def position_record_batch(*, pings: list[Ping]) -> int:
    """Store GPS pings in one query; a ping already stored (same vehicle and instant) is skipped. Returns the
    number of new pings. The caller has checked the vehicles."""
    rows = [
        PositionPing(
            vehicle_id=p.vehicle_id, at=p.at, latitude=p.latitude, longitude=p.longitude, accuracy_m=p.accuracy_m
        )
        for p in pings
    ]
    before = PositionPing.objects.filter(vehicle_id__in={p.vehicle_id for p in pings}).count()
    PositionPing.objects.bulk_create(rows, ignore_conflicts=True)
    return PositionPing.objects.filter(vehicle_id__in={p.vehicle_id for p in pings}).count() - before


@transaction.atomic
def visit_photo_attach(*, visit: PlannedVisit, photo: UploadedFile) -> VisitReport:
    """Attach the host's proof-of-visit photo (JPEG, PNG or WebP, at most 8 MB) to the visit's report.

    Sending the same photo again changes nothing. Raises InvalidPhotoError.
    """
    if photo.size > MAX_PHOTO_BYTES:
        raise InvalidPhotoError(_("The photo is larger than 8 MB."), extra={"fields": {"photo": [_("Too large.")]}})
    head = photo.read(12)
    photo.seek(0)
    extension = next((ext for sig, ext in PHOTO_SIGNATURES.items() if head.startswith(sig)), None)
    if extension is None:
        raise InvalidPhotoError(
            _("The photo must be a JPEG, PNG or WebP image."), extra={"fields": {"photo": [_("Unknown format.")]}}
        )
    digest = hashlib.sha256(photo.read()).hexdigest()
    photo.seek(0)
    report, _created = VisitReport.objects.select_for_update().get_or_create(visit=visit)
    if report.versions.get("photo") == digest:
        return report
    report.photo.save(f"visit-{visit.id}-{digest[:12]}.{extension}", photo, save=False)
    report.versions = {**report.versions, "photo": digest}
    report.save(update_fields=["photo", "versions", "updated_at"])
    return report


@transaction.atomic
def conflict_resolve(*, conflict: SyncConflict, user: User, accept: bool, note: str = "") -> SyncConflict:
    """Settle a conflict: ``accept`` applies the phone's event anyway (as of its own device time); otherwise
    the server's record is kept. Either way the event is closed and the decision recorded.

    Raises ConflictClosedError when it was already settled, or ApplicationError (``cannot_accept``) when the
    event still cannot be applied (for instance the copy is now on loan).
    """
    conflict = SyncConflict.objects.select_for_update().select_related("event__user").get(pk=conflict.pk)
    if conflict.status != ConflictStatus.OPEN:
        raise ConflictClosedError(_("This conflict was already settled."))
    event = conflict.event
    resolution: dict[str, Any] = {"resolution": "accepted" if accept else "dismissed", "by": user.pk}
    if accept:
        resolution["result"] = _force_apply(event)
    conflict.status = ConflictStatus.ACCEPTED if accept else ConflictStatus.DISMISSED
    conflict.resolved_by, conflict.resolved_at, conflict.resolution_note = user, timezone.now(), note
    conflict.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note", "updated_at"])
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
