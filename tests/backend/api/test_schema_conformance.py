"""Schemathesis over both APIs' OpenAPI schema (drf-spectacular), every operation called through the WSGI app as every
role: no answer is a 5xx, and every answer is one the schema describes (status code, content type, body).

The run is derandomized, so CI sees the same cases each time. ``SCHEMATHESIS_EXAMPLES`` sets the examples per
operation and role (10 by default; anonymous calls, all 401 but signing in, get 2), ``SCHEMATHESIS_EXPLICIT=1`` adds the
cases schemathesis builds from the schema itself: ``SCHEMATHESIS_EXAMPLES=200 SCHEMATHESIS_EXPLICIT=1`` for a long run
on demand.
"""

import datetime
import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backend.config.wsgi import application
from backend.sync.services import device_register
from tests.backend.factories import (
    ClosureFactory,
    CommuneFactory,
    CopyFactory,
    DepotFactory,
    LibraryFactory,
    PlannedVisitFactory,
    PlanRouteFactory,
    PublishedPlanFactory,
    ReaderFactory,
    SiteFactory,
    UserFactory,
    VehicleFactory,
)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))
# Schemathesis's explicit phase adds well over a hundred cases per operation built from the schema itself; times six
# roles that is minutes, so CI runs the generated cases and this phase runs on demand.
EXPLICIT = os.environ.get("SCHEMATHESIS_EXPLICIT") == "1"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Read at collection (the schema view needs no database). schemathesis.pytest.from_fixture would be lazier, but
# it reads a private attribute that pytest 9 no longer has.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
coordinators_api = schema.include(path_regex="^/api/v1/")
phone_api = schema.include(path_regex="^/api/mobile/v1/")

# Who calls: every role, and a crew member and a school contact of another bus and school than the data's (anonymous
# callers have a test of their own).
SIGNED_IN = ["admin", "coordinator", "driver", "school_contact", "other_driver", "other_school_contact"]
ANONYMOUS_EXAMPLES = 2


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One small network for the whole module (built once, rolled back at the end): each test's changes are rolled
    back to it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _build_world():
    commune = CommuneFactory()
    depot = DepotFactory(commune=commune)
    today = timezone.localdate()
    users = {
        "admin": UserFactory(role="admin", is_staff=True, is_superuser=True),
        "coordinator": UserFactory(role="coordinator"),
        "driver": UserFactory(role="driver_librarian"),
        "other_driver": UserFactory(role="driver_librarian"),
    }
    vehicle = VehicleFactory(home_depot=depot, crew=[users["driver"]])
    other_vehicle = VehicleFactory(home_depot=depot, crew=[users["other_driver"]])
    plan = PublishedPlanFactory(starts_on=today, ends_on=today + datetime.timedelta(days=27))
    visits = []
    for bus in (vehicle, other_vehicle):
        route = PlanRouteFactory(plan=plan, vehicle=bus, date=today)
        for n in range(2):
            visits.append(
                PlannedVisitFactory(
                    route=route,
                    position=n + 1,
                    site=SiteFactory(commune=commune, school__commune=commune),
                    arrives_at=datetime.time(7 + 3 * n, 45),
                    starts_at=datetime.time(8 + 3 * n, 0),
                    departs_at=datetime.time(9 + 3 * n, 45),
                )
            )
    school, other_school = visits[0].site.school, visits[2].site.school
    school.library = LibraryFactory(kind="school", commune=commune)
    school.save()
    users["school_contact"] = UserFactory(role="school_contact", school=school)
    users["other_school_contact"] = UserFactory(role="school_contact", school=other_school)
    ClosureFactory(site=visits[0].site)
    for _ in range(3):
        CopyFactory(library=None, vehicle=vehicle)
    CopyFactory(library=depot)
    CopyFactory(library=school.library)
    ReaderFactory(site=visits[0].site, school=school)
    tokens = {role: Token.objects.create(user=user).key for role, user in users.items()}
    devices = {}
    for role in ("driver", "other_driver"):
        _, devices[role] = device_register(user=users[role], name="Điện thoại")
    return {"tokens": tokens, "devices": devices}


def _headers(world, role, *, phone):
    if phone and role in world["devices"]:
        return {"Authorization": f"Bearer {world['devices'][role]}"}
    return {"Authorization": f"Token {world['tokens'][role]}"}


@pytest.fixture
def in_world(world, db):
    """The module's network, inside the test's own transaction."""
    return world


# No shrinking: a failure is reported as found, and a failing operation does not take minutes.
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate] if EXPLICIT else [Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@coordinators_api.parametrize()
@SETTINGS
def test_coordinators_api_answers_every_role_as_its_schema_says(case, in_world):
    _call_as_every_role(case, in_world, phone=False)


@phone_api.parametrize()
@SETTINGS
def test_phone_api_answers_every_role_as_its_schema_says(case, in_world):
    _call_as_every_role(case, in_world, phone=True)


def _call_as_every_role(case, world, *, phone):
    # Each generated case goes to every role in turn: one test per operation, so the schema's strategies are built
    # once per operation rather than once per operation and role (most of the module's time).
    for role in SIGNED_IN:
        response = case.call(headers=_headers(world, role, phone=phone))
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as failure:
            failure.add_note(f"called as {role}")
            raise


@schema.parametrize()
@settings(SETTINGS, max_examples=ANONYMOUS_EXAMPLES)
def test_anonymous_calls_answer_as_the_schema_says(case, in_world):
    """Without credentials every operation but signing in is a 401; few cases tell that."""
    response = case.call()

    case.validate_response(response, checks=CHECKS)
