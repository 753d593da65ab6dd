"""``Idempotency-Key`` for the phone API's POSTs: the view's ``post`` runs once per key; retries get the stored
response (header ``Idempotent-Replayed: true``), a different body with the same key 422, a retry while the first
is still running 409."""

import hashlib
import json

from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from backend.core.exceptions import ApplicationError
from backend.sync.services import (
    idempotency_abandon,
    idempotency_begin,
    idempotency_complete,
    request_fingerprint,
)
from backend.sync.services.idempotency import MAX_KEY_LENGTH

HEADER = "Idempotency-Key"


class InvalidIdempotencyKeyError(ApplicationError):
    code = "invalid_idempotency_key"


def _body(request):
    if request.content_type and request.content_type.startswith("multipart/"):
        files = {name: hashlib.sha256(b"".join(f.chunks())).hexdigest() for name, f in request.FILES.items()}
        for f in request.FILES.values():
            f.seek(0)
        return {"fields": {k: request.POST.getlist(k) for k in request.POST}, "files": files}
    return request.data


class IdempotentPostMixin:
    """Define ``post_once(request, *args, **kwargs)`` instead of ``post``."""

    def post(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return self.post_once(request, *args, **kwargs)
        key = key.strip().strip('"')
        # A structured-field string (RFC 8941) is printable ASCII; NUL would also break the key column.
        if not key or len(key) > MAX_KEY_LENGTH or not (key.isascii() and key.isprintable()):
            raise InvalidIdempotencyKeyError(_("The Idempotency-Key must hold 1 to 255 printable ASCII characters."))
        fingerprint = request_fingerprint(method="POST", path=request.path, body=_body(request))
        stored = idempotency_begin(
            user=request.user, key=key, method="POST", path=request.path, fingerprint=fingerprint
        )
        if stored is not None:
            return Response(stored.body, status=stored.status, headers={"Idempotent-Replayed": "true"})
        try:
            try:
                response = self.post_once(request, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001  known errors become stored answers; others re-raise below
                response = self.handle_exception(exc)
        except Exception:
            idempotency_abandon(user=request.user, key=key)
            raise
        if response.status_code >= 500:
            idempotency_abandon(user=request.user, key=key)
            return response
        body = json.loads(JSONRenderer().render(response.data) or b"null")
        idempotency_complete(user=request.user, key=key, status=response.status_code, body=body)
        return response
