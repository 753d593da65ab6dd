"""A corpus of bad input sent to every writing endpoint of both APIs: deep nesting, NUL, lone surrogates, huge
numbers, year 9999, wrong types. The answer is a 4xx with the usual error body, never a 5xx."""

import datetime
import json

import pytest
from django.utils import timezone

from backend.planning.models import VisitRequest
from tests.backend.factories import SiteFactory
from tests.mobile_api.conftest import device  # noqa: F401

pytestmark = pytest.mark.django_db

NESTED = "[" * 2000 + "]" * 2000  # 4 KB of nesting
BODIES = {
    "nested": NESTED,
    "nested object": '{"a":' * 1000 + "1" + "}" * 1000,
    "a list": "[1, 2]",
    "a string": '"x"',
    "a number": "12",
    "null": "null",
}
FIELD_NAMES = [
    "cycle_starts_on",
    "cycle_ends_on",
    "preferred_until",
    "window_start",
    "window_end",
    "exclude_cycles",
    "name",
    "code",
    "kind",
    "status",
    "role",
    "username",
    "password",
    "title",
    "barcode",
    "copy",
    "reader",
    "card_number",
    "reason",
    "resolution",
    "starts_on",
    "ends_on",
    "date",
    "due_on",
    "site",
    "vehicle",
    "vehicles",
    "library",
    "school",
    "commune",
    "latitude",
    "longitude",
    "year",
    "isbn",
    "full_name",
    "birth_year",
    "preferred_from",
    "preferred_to",
    "earliest",
    "latest",
    "students",
    "grades",
    "theme",
    "from_date",
    "to_date",
    "months",
]


def _field_bodies() -> dict[str, str]:
    values = {
        "NUL": "Thư\x00viện",
        "lone surrogate": "\ud800",
        "huge number": 10**30,
        "year 9999": "9999-12-31",
        "year 0": "0000-01-01",
        "a list": ["x"],
        "an object": {"x": 1},
        "infinity": "__inf__",
    }
    return {
        f"every field {label}": json.dumps(dict.fromkeys(FIELD_NAMES, value)).replace('"__inf__"', "1e400")
        for label, value in values.items()
    }


BODIES = BODIES | _field_bodies()

COORDINATOR_POSTS = [
    "/api/v1/libraries/", "/api/v1/schools/", "/api/v1/sites/", "/api/v1/vehicles/", "/api/v1/closures/",
    "/api/v1/ferry-links/", "/api/v1/lodgings/", "/api/v1/users/", "/api/v1/planning-runs/", "/api/v1/visit-requests/",
    "/api/v1/records/", "/api/v1/copies/", "/api/v1/collections/", "/api/v1/readers/", "/api/v1/loans/",
    "/api/v1/rotation-proposals/", "/api/v1/stocktakes/", "/api/v1/auth/token/",
    "/api/v1/disruptions/vehicle-out-of-service/", "/api/v1/disruptions/site-closed/",
    "/api/v1/notifications/abc/read/", "/api/v1/notifications/99999999999999999999/read/",
    "/api/v1/visit-requests/{request}/decline/", "/api/v1/visit-requests/{request}/book/",
    "/api/v1/conflicts/1/resolve/", "/api/v1/rotation-load/",
]  # fmt: skip
PHONE_POSTS = ["/api/mobile/v1/devices/", "/api/mobile/v1/sync/", "/api/mobile/v1/events/", "/api/mobile/v1/positions/"]


def _check(response, path, label):
    assert response.status_code < 500, (path, label, response.status_code, response.content[:300])
    if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
        assert {"code", "message"} <= set(response.json()), (path, label, response.content[:300])


@pytest.mark.parametrize("path", COORDINATOR_POSTS)
def test_the_coordinators_api_answers_bad_input_with_4xx(client_for, coordinator, school_contact, path):
    site = SiteFactory(school=school_contact.school)
    today = timezone.localdate()
    visit_request = VisitRequest.objects.create(
        school=school_contact.school,
        site=site,
        preferred_from=today + datetime.timedelta(days=7),
        preferred_until=today + datetime.timedelta(days=21),
        window_start=datetime.time(8),
        window_end=datetime.time(11),
        students=30,
        created_by=school_contact,
    )
    path = path.format(request=visit_request.pk)
    for who in (coordinator, None):
        client = client_for(who)
        for label, body in BODIES.items():
            _check(client.post(path, body, content_type="application/json"), path, label)
            _check(client.generic("PATCH", path, body, content_type="application/json"), path, label)


@pytest.mark.parametrize("path", PHONE_POSTS)
def test_the_phone_api_answers_bad_input_with_4xx(client, device, path):  # noqa: F811
    headers = {"HTTP_AUTHORIZATION": f"Bearer {device.plain_token}"}
    for label, body in BODIES.items():
        _check(client.post(path, body, content_type="application/json", **headers), path, label)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/rotation-proposals/", {"cycle_starts_on": "9999-12-31"}),
        ("/api/v1/rotation-proposals/", {"cycle_starts_on": "2026-01-01", "cycle_ends_on": "9999-12-31"}),
        ("/api/v1/planning-runs/", {"starts_on": "9999-12-30", "ends_on": "9999-12-31", "vehicles": [1]}),
    ],
)
def test_dates_in_year_9999_are_400(client_for, coordinator, path, body):
    response = client_for(coordinator).post(path, body, format="json")

    assert response.status_code == 400, response.content
