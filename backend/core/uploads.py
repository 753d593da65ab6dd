"""Uploads refused by their size before they are read whole.

Django writes every uploaded file to memory or a temporary file before a view sees it, so checking ``file.size`` in
the view comes after the server has taken the whole upload in. ``UploadLimitHandler``, put first among the request's
upload handlers before its body is read, refuses a body whose declared length is already too large, and otherwise
counts the files' bytes as they stream in and stops at the limit.
"""

from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .exceptions import ApplicationError

# The multipart body around the files: boundaries, part headers and the form's other fields.
FORM_OVERHEAD_BYTES = 64 * 1024


class UploadTooLargeError(ApplicationError):
    code = "upload_too_large"
    status = 413


def upload_too_large(*, field: str, max_bytes: int) -> UploadTooLargeError:
    message = _("The file is larger than %(size)s.") % {"size": filesizeformat(max_bytes)}
    return UploadTooLargeError(message, extra={"fields": {field: [message]}, "max_bytes": max_bytes})


class UploadLimitHandler(FileUploadHandler):
    """Refuses (UploadTooLargeError, 413) a multipart body whose files hold more than ``max_bytes`` together."""

    def __init__(self, request=None, *, max_bytes: int, field: str):
        super().__init__(request)
        self.max_bytes, self.field, self.received = max_bytes, field, 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.max_bytes + FORM_OVERHEAD_BYTES:
            raise upload_too_large(field=self.field, max_bytes=self.max_bytes)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            raise upload_too_large(field=self.field, max_bytes=self.max_bytes)
        return raw_data  # the next handler (memory or temporary file) keeps it

    def file_complete(self, file_size):
        return None


def limit_uploads(request, *, max_bytes: int, field: str) -> None:
    """Put an ``UploadLimitHandler`` first on ``request`` (a Django or DRF request); call before its body is read."""
    request.upload_handlers.insert(0, UploadLimitHandler(request, max_bytes=max_bytes, field=field))
