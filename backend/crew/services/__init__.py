"""Crew services: a phone's batch of events (``sync``), settling sync conflicts (``conflicts``), GPS pings and
the proof-of-visit photo (``field``)."""

from .conflicts import ConflictClosedError, conflict_resolve
from .field import MAX_PHOTO_BYTES, InvalidPhotoError, Ping, position_record_batch, visit_photo_attach
from .sync import BatchResult, sync_batch_apply, sync_pending_apply

__all__ = [
    "MAX_PHOTO_BYTES",
    "BatchResult",
    "ConflictClosedError",
    "InvalidPhotoError",
    "Ping",
    "conflict_resolve",
    "position_record_batch",
    "sync_batch_apply",
    "sync_pending_apply",
    "visit_photo_attach",
]
