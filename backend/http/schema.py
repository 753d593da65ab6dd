"""The OpenAPI schema of both APIs: drf-spectacular's, plus the error answers every operation can give, and times of
day as they are sent.

drf-spectacular documents only the success answer. The errors all have one shape (``backend.http.exception_handler``)
and follow from what the view is: a view that needs a signed-in user answers 401 and 403, a path with an id 404, a
body or query that fails validation 400, a write that meets a changed state 409, a body too large or in another
media type 413 or 415, a throttled view 429. They are added here, once, rather than on each view; a view's own
``@extend_schema(responses=…)`` for a code wins.

A time of day (a ``TimeField``: opening hours, planned arrivals) is local wall-clock time, "07:45:00" with no offset.
OpenAPI's ``format: time`` is RFC 3339's full-time, which carries one, so these are ``partial-time`` with a pattern.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

LOCAL_TIME = {
    "type": "string",
    "format": "partial-time",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "example": "07:45:00",
}
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


class ErrorSerializer(serializers.Serializer):
    """Every error: a stable code clients branch on, a message for people, details (extra.fields: per field)."""

    code = serializers.CharField()
    message = serializers.CharField()
    extra = serializers.DictField()

    class Meta:
        ref_name = "Error"


class ErrorsDocumentedAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            return {**schema, **LOCAL_TIME}
        return schema

    def _get_paginator(self):
        # DRF pages what list() reads; an action's POST answering with a list answers with the bare list
        return super()._get_paginator() if self.method == "GET" else None

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in self._error_answers():
            if str(code) not in responses:
                response = self._get_response_for_code(ErrorSerializer, str(code))
                responses[str(code)] = {**response, "description": str(description)}
        return dict(sorted(responses.items()))

    def _error_answers(self):
        has_query = bool(self._get_filter_parameters() or self._get_pagination_parameters())
        has_query = has_query or any(p.get("in") == "query" for p in self._get_parameters_of_override())
        if self.method in WITH_BODY or has_query:
            yield 400, _("The request is not valid: the message says why, extra.fields which fields.")
        if not self._allows_anyone():
            yield 401, _("No valid credentials.")
            yield 403, _("This user may not do this.")
        if "{" in self.path or self._get_pagination_parameters():  # a page past the last is a 404 too
            yield 404, _("Not found, or outside what this user may see.")
        if self.method in WRITES and not self._allows_anyone():
            yield 409, _("The change conflicts with the current state.")
        if self.method in WITH_BODY:
            yield 413, _("The body is too large.")
            yield 415, _("The body is not in a media type this operation reads.")
        if self.view.get_throttles():
            yield 429, _("Too many requests: try again later.")

    def _allows_anyone(self):
        return all(isinstance(permission, AllowAny) for permission in self.view.get_permissions())

    def _get_parameters_of_override(self):
        return [p for p in self._process_override_parameters().values() if isinstance(p, dict)]
