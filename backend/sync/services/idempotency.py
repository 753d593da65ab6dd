"""``Idempotency-Key`` for POSTs (IETF httpapi-idempotency-key-header draft).

The first request with a key is recorded as running before any work is done; when it ends, its response is
stored. A retry with the same key and body gets the stored response; with a different body, 422 and nothing is
written; while the first is still running, 409. A key is held for a lease (``SYNC_IDEMPOTENCY_LEASE_S``, longer than
any request may run): a request that died without an answer (its worker killed, the machine off) leaves its key
running, and a retry after the lease takes the key over and does the work, which is safe because every phone event
is applied once by its own id.
"""

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User

from ..envelope import canonical_json
from ..exceptions import IdempotencyKeyInProgressError, IdempotencyKeyReusedError
from ..models import IdempotencyKey, KeyState

MAX_KEY_LENGTH = 255


def request_fingerprint(*, method: str, path: str, body: Any) -> str:
    """A hash of what makes two requests "the same": method, path and body (JSON, keys sorted)."""
    return hashlib.sha256(f"{method} {path}\n".encode("utf-8", "surrogatepass") + canonical_json(body)).hexdigest()


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: Any


def idempotency_begin(*, user: User, key: str, method: str, path: str, fingerprint: str) -> StoredResponse | None:
    """Claim ``key`` for this request, or answer from an earlier request with it.

    Returns None when the caller should do the work (then call ``idempotency_complete`` or
    ``idempotency_abandon``), or the stored response of the completed first request.
    Raises IdempotencyKeyReusedError (422) or IdempotencyKeyInProgressError (409).
    """
    try:
        # Its own transaction, committed at once: a concurrent duplicate must see the key as running.
        with transaction.atomic():
            IdempotencyKey.objects.create(user=user, key=key, method=method, path=path, request_hash=fingerprint)
        return None
    except IntegrityError:
        pass
    earlier = IdempotencyKey.objects.get(user=user, key=key)
    if earlier.request_hash != fingerprint:
        raise IdempotencyKeyReusedError(_("This Idempotency-Key was used for a different request."), extra={"key": key})
    if earlier.state == KeyState.RUNNING:
        if _take_over_expired(earlier):
            return None
        raise IdempotencyKeyInProgressError(
            _("The first request with this Idempotency-Key is still running; try again shortly."), extra={"key": key}
        )
    return StoredResponse(status=earlier.response_status, body=earlier.response_body)


def _take_over_expired(key: IdempotencyKey) -> bool:
    """Claim a running key whose lease is over (its request died); ``created_at`` is when the lease began. Only one
    of several concurrent retries wins the update."""
    now = timezone.now()
    expired = now - datetime.timedelta(seconds=settings.SYNC_IDEMPOTENCY_LEASE_S)
    return bool(
        IdempotencyKey.objects.filter(pk=key.pk, state=KeyState.RUNNING, created_at__lt=expired).update(created_at=now)
    )


def idempotency_complete(*, user: User, key: str, status: int, body: Any) -> None:
    """Store the response given to the first request with ``key``."""
    IdempotencyKey.objects.filter(user=user, key=key).update(
        state=KeyState.DONE, response_status=status, response_body=body, completed_at=timezone.now()
    )


def idempotency_abandon(*, user: User, key: str) -> None:
    """The first request failed without an answer worth replaying (a server error): free the key for a retry."""
    IdempotencyKey.objects.filter(user=user, key=key, state=KeyState.RUNNING).delete()


def idempotency_keys_purge(*, days: int) -> int:
    """Forget keys older than ``days`` (the draft lets keys expire); returns how many were deleted.

    Safe for phone events: each carries its own id, so a late retry with a forgotten key is still answered
    ``duplicate``. A key left running by a crashed request stops blocking its retries once purged.
    """
    before = timezone.now() - datetime.timedelta(days=days)
    deleted, _per_model = IdempotencyKey.objects.filter(created_at__lt=before).delete()
    return deleted
