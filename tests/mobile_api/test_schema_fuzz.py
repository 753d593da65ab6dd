"""Schemathesis against the phone API's OpenAPI schema (drf-spectacular): every operation, called through the WSGI
app with a crew member's device token on inputs generated from the schema, never answers 5xx."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from backend.config.wsgi import application

pytestmark = pytest.mark.django_db

# Read at collection (the schema view needs no database). schemathesis.pytest.from_fixture would be lazier, but
# it reads a private attribute that pytest 9 no longer has.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(path_regex="^/api/mobile/v1/")


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: the WSGI app would otherwise close the test's connection after each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_phone_api_operation_answers_5xx(case, device, day, stock):
    response = case.call(headers={"Authorization": f"Bearer {device.plain_token}"})

    case.validate_response(response, checks=[not_a_server_error])
