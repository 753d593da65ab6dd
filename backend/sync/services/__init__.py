"""Sync services: device tokens, Idempotency-Key, batch sync of events with per-device sequence numbers."""

from .batch import BatchResult, sync_batch_apply, sync_pending_apply
from .devices import device_authenticate, device_register, device_revoke, token_hash
from .idempotency import (
    StoredResponse,
    idempotency_abandon,
    idempotency_begin,
    idempotency_complete,
    idempotency_keys_purge,
    request_fingerprint,
)
from .sequence import DeviceSyncState, device_sync_state, device_sync_state_refresh

__all__ = [
    "BatchResult",
    "DeviceSyncState",
    "StoredResponse",
    "device_authenticate",
    "device_register",
    "device_revoke",
    "device_sync_state",
    "device_sync_state_refresh",
    "idempotency_abandon",
    "idempotency_begin",
    "idempotency_complete",
    "idempotency_keys_purge",
    "request_fingerprint",
    "sync_batch_apply",
    "sync_pending_apply",
    "token_hash",
]
