"""A corpus of bad input sent to every writing endpoint of both APIs: deep nesting, NUL, lone surrogates, huge
numbers, year 9999, wrong types. The answer is a 4xx with the usual error body, never a 5xx."""

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from backend.planning.models import VisitRequest
from tests.backend.factories import SiteFactory
from tests.mobile_api.conftest import day, device, today  # noqa: F401

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
    now = timezone.localdate()
    visit_request = VisitRequest.objects.create(
        school=school_contact.school,
        site=site,
        preferred_from=now + datetime.timedelta(days=7),
        preferred_until=now + datetime.timedelta(days=21),
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


FAR = "9999-12-31"
# (method, path, body or query, field): every date either API reads is bounded (backend.http.fields.DateField), so
# year 9999 (or year 1) is a 400 naming the field, whatever else the body lacks.
DATE_CASES = [
    ("post", "/api/v1/closures/", {"starts_on": FAR, "ends_on": FAR}, "starts_on"),
    ("patch", "/api/v1/vehicles/{vehicle}/", {"maintenance_from": FAR}, "maintenance_from"),
    ("post", "/api/v1/disruptions/vehicle-out-of-service/", {"starts_on": FAR, "ends_on": FAR}, "starts_on"),
    ("post", "/api/v1/disruptions/site-closed/", {"starts_on": FAR, "ends_on": FAR}, "ends_on"),
    ("post", "/api/v1/rotation-proposals/", {"cycle_starts_on": FAR}, "cycle_starts_on"),
    ("post", "/api/v1/rotation-proposals/", {"cycle_starts_on": "2026-01-01", "cycle_ends_on": FAR}, "cycle_ends_on"),
    ("post", "/api/v1/planning-runs/", {"starts_on": "9999-12-30", "ends_on": FAR, "vehicles": [1]}, "starts_on"),
    ("post", "/api/v1/visit-requests/", {"preferred_from": "9999-12-30", "preferred_until": FAR}, "preferred_until"),
    ("post", "/api/v1/visit-requests/{request}/book/", {"date": FAR, "vehicle": 1, "starts_at": "08:00"}, "date"),
    ("post", "/api/v1/loans/", {"due_on": FAR}, "due_on"),
    ("post", "/api/v1/copies/", {"acquired_on": FAR}, "acquired_on"),
    ("post", "/api/v1/copies/", {"acquired_on": "0001-01-01"}, "acquired_on"),
    ("post", "/api/v1/crew-absences/", {"starts_on": FAR, "ends_on": FAR}, "starts_on"),
    ("post", "/api/v1/trip-crews/", {"date": FAR}, "date"),
    ("post", "/api/v1/trip-crews/confirm/", {"date": FAR}, "date"),
    ("post", "/api/v1/trips/stocktake/", {"date": FAR}, "date"),
    ("get", "/api/v1/rotation-load/", {"until": FAR}, "until"),
    ("get", "/api/v1/reports/indicators/", {"start": "9999-01-01", "end": FAR}, "start"),
    ("get", "/api/mobile/v1/run-sheet/", {"date": FAR}, "date"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), DATE_CASES)
def test_dates_out_of_bounds_are_400_naming_the_field(
    client_for, coordinator, school_contact, vehicle, method, path, body, field
):
    site = SiteFactory(school=school_contact.school)
    now = timezone.localdate()
    visit_request = VisitRequest.objects.create(
        school=school_contact.school,
        site=site,
        preferred_from=now + datetime.timedelta(days=7),
        preferred_until=now + datetime.timedelta(days=21),
        window_start=datetime.time(8),
        window_end=datetime.time(11),
        students=30,
        created_by=school_contact,
    )
    path = path.format(request=visit_request.pk, vehicle=vehicle.pk)
    client = client_for(coordinator)

    response = client.get(path, body) if method == "get" else getattr(client, method)(path, body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["extra"]["fields"], response.content


def test_the_date_bound_is_a_setting(client_for, coordinator, settings):
    settings.BOOKBUS = {**settings.BOOKBUS, "DATE_MAX_YEARS_AHEAD": 1}
    in_two_years = timezone.localdate() + datetime.timedelta(days=800)

    response = client_for(coordinator).get("/api/v1/rotation-load/", {"until": in_two_years.isoformat()})

    assert response.status_code == 400
    assert "until" in response.json()["extra"]["fields"]
    assert client_for(coordinator).get("/api/v1/rotation-load/", {"until": "2026-01-01"}).status_code == 200


def test_a_ping_dated_in_year_1000_is_400(client, device):  # noqa: F811
    ping = {"vehicle": device.user.crew_assignments.get().vehicle_id, "latitude": 10.0, "longitude": 105.7}
    body = {"pings": [{**ping, "at": "1000-01-01T08:00:00+07:00"}]}

    response = client.post(
        "/api/mobile/v1/positions/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {device.plain_token}",
    )

    assert response.status_code == 400, response.content
    assert "at" in str(response.json()["extra"]["fields"]["pings"])


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("deposit", {"collection": "LC-01", "expected_collection_on": FAR}, "expected_collection_on"),
        ("crew_confirm", {"date": FAR}, "date"),
    ],
)
def test_a_phone_event_dated_in_year_9999_is_rejected_naming_the_field(client, device, day, kind, data, field):  # noqa: F811
    event = {"id": str(uuid.uuid4()), "kind": kind, "device_time": timezone.now().isoformat(), "data": data}
    if kind == "deposit":
        event["visit"] = day["visits"][0].id

    response = client.post(
        "/api/mobile/v1/sync/",
        {"events": [event]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {device.plain_token}",
    )

    result = response.json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "invalid_data"), result
    assert field in result["fields"], result
