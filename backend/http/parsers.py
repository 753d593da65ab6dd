"""JSON bodies of both APIs: DRF's parser, with bounds on size and nesting (a deep body is a 400, never a 500)."""

import io
import math

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError

# The deepest real body nests a few levels (the phone's: body → events → event → data → barcodes); anything much
# deeper is junk, and a deep enough body makes json.loads (or json.dumps when hashing it) raise RecursionError.
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


def unstorable_values(value, path: str = "") -> dict[str, list[str]]:
    """Where ``value`` holds what no column can store: a NUL character, a lone surrogate (no UTF-8 encodes it), or
    a number too large for a float (JSON allows 1e400). Field paths as in validation errors (``windows.0.name``)."""
    found, stack = {}, [(value, path)]
    while stack:
        value, here = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                where = f"{here}.{key}" if here else str(key)
                if _bad_text(str(key)):
                    found[here or "non_field_errors"] = [str(_("A name holds a character that cannot be stored."))]
                stack.append((child, where))
        elif isinstance(value, list):
            stack.extend((child, f"{here}.{n}" if here else str(n)) for n, child in enumerate(value))
        elif isinstance(value, str) and _bad_text(value):
            found[here or "non_field_errors"] = [
                str(_("Holds a character that cannot be stored (NUL or a lone surrogate)."))
            ]
        elif isinstance(value, float) and not math.isfinite(value):
            found[here or "non_field_errors"] = [str(_("A number too large."))]
    return found


def _bad_text(text: str) -> bool:
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class BodyTooLargeError(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"
    default_detail = _("The body is too large.")


class BoundedJSONParser(parsers.JSONParser):
    """A body over the setting named by ``limit_setting`` is a 413 ``body_too_large``; one nested more than
    MAX_DEPTH levels is a 400 ``parse_error``, like any other malformed JSON."""

    limit_setting = "API_MAX_JSON_BYTES"
    too_large = BodyTooLargeError
    # The coordinators' API refuses unstorable text up front (400 with the fields); the phone API answers it per
    # event in a batch (``unstorable_value``), so its parser lets it through.
    refuse_unstorable = True

    def parse(self, stream, media_type=None, parser_context=None):
        limit = getattr(settings, self.limit_setting)
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise self.too_large()
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error: nested too deeply.")) from None
        if json_depth(data) > MAX_DEPTH:
            raise ParseError(_("JSON parse error: nested too deeply."))
        if self.refuse_unstorable and (fields := unstorable_values(data)):
            raise ValidationError(fields)
        return data
