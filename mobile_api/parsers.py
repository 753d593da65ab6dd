"""JSON bodies of the phone API: the shared bounded parser, with the phone's own size limit."""

from django.utils.translation import gettext_lazy as _

from backend.http.parsers import MAX_DEPTH, BodyTooLargeError, BoundedJSONParser, json_depth

__all__ = ["MAX_DEPTH", "BatchTooLargeBodyError", "JSONParser", "json_depth"]


class BatchTooLargeBodyError(BodyTooLargeError):
    default_detail = _("The body is too large: send fewer events per batch.")


class JSONParser(BoundedJSONParser):
    """A body over ``MOBILE_MAX_JSON_BYTES`` (10 MiB: 500 events of up to 20 KB) is a 413 ``body_too_large``."""

    limit_setting = "MOBILE_MAX_JSON_BYTES"
    too_large = BatchTooLargeBodyError
    refuse_unstorable = False  # a batch answers each event's unstorable value on its own (envelope.py)
