"""Errors of the sync machinery. ``EventRejected`` and ``EventConflict`` are answers about one event in a batch,
not HTTP errors: the rest of the batch goes on."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from backend.core.exceptions import ApplicationError, ConflictError


class EventRejected(Exception):  # noqa: N818  (an answer, not a failure)
    """The event cannot be applied as sent; the phone should not send it again (it gets the same answer)."""

    def __init__(self, code: str, message: str, *, fields: dict[str, Any] | None = None, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.fields, self.status = code, str(message), fields or {}, status


class EventConflict(Exception):  # noqa: N818
    """The event contradicts the server's record; it is held for a coordinator to settle."""

    def __init__(self, code: str, message: str, *, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.code, self.message, self.details = code, str(message), details or {}


class BatchTooLargeError(ApplicationError):
    code = "batch_too_large"


class MalformedBatchError(ApplicationError):
    code = "malformed_batch"


class IdempotencyKeyReusedError(ApplicationError):
    """The same key came with a different request (Idempotency-Key draft: 422)."""

    code = "idempotency_key_reused"
    status = 422


class IdempotencyKeyInProgressError(ConflictError):
    """The first request with this key is still running (Idempotency-Key draft: 409)."""

    code = "idempotency_key_in_progress"


class DeviceRevokedError(ApplicationError):
    code = "device_revoked"
    status = 401


NOT_CREW = _("Only a driver-librarian who crews a vehicle can sign in a phone.")
