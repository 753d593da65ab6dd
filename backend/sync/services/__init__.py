"""Sync services: device tokens, Idempotency-Key, raw events stored durably with per-device sequence numbers.

Applying the events is the crew's (``backend.crew.services.sync``).
"""

from .devices import device_authenticate, device_register, device_revoke, token_hash
from .idempotency import (
    StoredResponse,
    idempotency_abandon,
    idempotency_begin,
    idempotency_complete,
    idempotency_keys_purge,
    request_fingerprint,
)
from .raw_events import raw_events_claim, raw_events_settle, raw_events_store
from .sequence import DeviceSyncState, device_sync_state, device_sync_state_refresh

__all__ = [
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
    "raw_events_claim",
    "raw_events_settle",
    "raw_events_store",
    "request_fingerprint",
    "token_hash",
]
