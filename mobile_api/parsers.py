"""JSON bodies of the phone API: DRF's parser, with bounds on size and nesting."""

import io

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

# Events nest three levels (body → events → event → data → barcodes); anything much deeper is junk, and a deep
# enough body makes json.loads (or json.dumps when hashing it) raise RecursionError: a 500.
MAX_DEPTH = 32


def json_depth(value) -> int:
    """How deeply lists and objects nest in ``value`` (0 for a scalar), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is not None:
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
            stack.extend((child, depth + 1) for child in children)
    return deepest


class BodyTooLargeError(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"
    default_detail = _("The body is too large: send fewer events per batch.")


class JSONParser(parsers.JSONParser):
    """A body over ``MOBILE_MAX_JSON_BYTES`` is a 413 ``body_too_large`` (Django bounds form posts, not JSON read
    as a stream); one nested more than MAX_DEPTH levels is a 400 ``parse_error``, like any other malformed JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.MOBILE_MAX_JSON_BYTES
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise BodyTooLargeError()
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error: nested too deeply.")) from None
        if json_depth(data) > MAX_DEPTH:
            raise ParseError(_("JSON parse error: nested too deeply."))
        return data
