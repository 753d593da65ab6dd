"""The one place where errors become HTTP responses: ``{"code", "message", "extra"}`` for every error.

Field errors go in ``extra.fields``. Unknown exceptions are left alone so they become 500s and get reported.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from backend.core.exceptions import ApplicationError
from backend.http.parsers import BodyTooLargeError


def handle_exception(exc, context):
    if isinstance(exc, ApplicationError):
        return Response({"code": exc.code, "message": exc.message, "extra": exc.extra}, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):  # past DATA_UPLOAD_MAX_MEMORY_SIZE: JSON like every other error
        exc = BodyTooLargeError()
    elif isinstance(exc, SuspiciousOperation):  # e.g. a form past DATA_UPLOAD_MAX_NUMBER_FIELDS: a JSON 400, not HTML
        exc = exceptions.ParseError()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "validation_error",
            "message": _("Some fields are not valid."),
            "extra": {"fields": _field_errors(response.data)},
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"code": getattr(detail, "code", None) or exc.default_code, "message": str(detail), "extra": {}}
    return response


def _field_errors(data):
    """DRF puts errors that belong to no field under ``non_field_errors``; Django under ``__all__``."""
    if isinstance(data, list):
        return {"non_field_errors": data}
    return {("non_field_errors" if key == "__all__" else key): value for key, value in data.items()}
