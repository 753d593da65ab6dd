"""Bad input never gives a 500: in a batch, a per-event rejection with a code while the rest applies; a malformed
batch, a single event or a bad URL, a 4xx with the usual error body. Nothing bad is half-applied."""

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from backend.crew.models import VisitReport
from backend.stock.models import Movement
from backend.sync.models import IdempotencyKey, RawEvent
from tests.mobile_api.conftest import event

pytestmark = pytest.mark.django_db

HUGE = 99999999999999999999  # beyond bigint: PostgreSQL refuses to store or even compare it
INF = "__inf__"  # json.dumps cannot write 1e400 (it becomes float('inf') when read); see post_json


def post_json(client, url, body, **headers):
    """POST ``body`` as JSON written by hand: lone surrogates escaped, INF as a number too large for a float."""
    text = json.dumps(body).replace(f'"{INF}"', "1e400")
    return client.post(url, text, content_type="application/json", **headers)


def envelope(visit, changes=None):
    body = {"id": str(uuid.uuid4()), "kind": "visitors", "visit": visit.id, "device_time": timezone.now().isoformat()}
    return {**body, "data": {"students": 5, "adults": 1}, **(changes or {})}


BAD_EVENTS = {
    "visit beyond bigint": ({"visit": HUGE}, "invalid_visit"),
    "visit just beyond bigint": ({"visit": 2**63}, "invalid_visit"),
    "visit as text": ({"visit": "12"}, "invalid_visit"),
    "kind as a list": ({"kind": ["visitors"]}, "unknown_kind"),
    "kind as an object": ({"kind": {"visitors": 1}}, "unknown_kind"),
    "seq as text": ({"seq": "1"}, "invalid_seq"),
    "seq beyond bigint": ({"seq": HUGE}, "invalid_seq"),
    "device time in month 13": ({"device_time": "2026-13-45T10:00:00+07:00"}, "invalid_device_time"),
    "device time in year 1": ({"device_time": "0001-01-01T00:00:00+14:00"}, "invalid_device_time"),
    "device time after year 9999": ({"device_time": "9999-12-31T23:59:59-14:00"}, "invalid_device_time"),
    "device time of a reset clock": ({"device_time": "1970-01-01T00:00:00Z"}, "invalid_device_time"),
    "device time as a number": ({"device_time": 1760000000}, "invalid_device_time"),
    "device time next year": ({"device_time": "2999-01-01T00:00:00+07:00"}, "device_time_in_future"),
    "data as a list": ({"data": [5, 1]}, "invalid_data"),
    "count as text": ({"data": {"students": "5", "adults": 1}}, "invalid_data"),
    "count beyond bigint": ({"data": {"students": HUGE, "adults": 1}}, "invalid_data"),
    "count as a float": ({"data": {"students": 5.5, "adults": 1}}, "invalid_data"),
    "NUL in a text": ({"kind": "activity_note", "data": {"note": "Đọc\x00sách"}}, "unstorable_value"),
    "NUL in a key": ({"data": {"students": 5, "adults": 1, "x\x00": 1}}, "unstorable_value"),
    "NUL in the kind": ({"kind": "visitors\x00"}, "unstorable_value"),
    "lone surrogate": (
        {"kind": "proof", "data": {"host_name": "Cô \ud800", "host_confirmed": True}},
        "unstorable_value",
    ),
    "infinite latitude": ({"kind": "arrive", "data": {"latitude": INF, "longitude": 105.7}}, "unstorable_value"),
    "latitude out of range": ({"kind": "arrive", "data": {"latitude": 91, "longitude": 105.7}}, "invalid_data"),
    "longitude as text": ({"kind": "arrive", "data": {"latitude": 10, "longitude": "105.7"}}, "invalid_data"),
    "huge note": ({"kind": "activity_note", "data": {"note": "x" * 1_000_000}}, "invalid_data"),
    "record beyond bigint": ({"kind": "reserve", "data": {"card_number": "BD-1", "record": HUGE}}, "invalid_data"),
    "barcode as a list": ({"kind": "lend", "data": {"barcode": ["BB1"], "card_number": "BD-1"}}, "invalid_data"),
    "deposit date out of range": (
        {"kind": "deposit", "data": {"collection": "LC-01", "expected_collection_on": "10000-01-01"}},
        "invalid_data",
    ),
}


@pytest.mark.parametrize("changes,code", BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
def test_a_bad_event_is_rejected_with_a_code_and_the_rest_of_the_batch_applies(phone, day, changes, code):
    visit = day["visits"][0]
    bad, good = envelope(visit, changes), envelope(day["visits"][1])

    response = post_json(phone, "/api/mobile/v1/sync/", {"events": [bad, good]})

    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [(r["status"], r.get("code")) for r in results] == [("rejected", code), ("applied", None)]
    assert RawEvent.objects.count() == 2  # stored, so that a replay gets the same answer
    assert not VisitReport.objects.filter(visit=visit).exclude(students=None).exists()
    again = post_json(phone, "/api/mobile/v1/sync/", {"events": [bad]}).json()["results"][0]
    assert (again["status"], again["original_status"], again["code"]) == ("duplicate", "rejected", code)


@pytest.mark.parametrize("changes,code", BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
def test_a_bad_single_event_is_a_400_with_its_code(phone, day, changes, code):
    response = post_json(phone, "/api/mobile/v1/events/", envelope(day["visits"][0], changes))

    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert not VisitReport.objects.exclude(students=None).exists()


def test_unstorable_text_is_stored_replaced_and_marked_and_reported_by_field(phone, day):
    bad = envelope(day["visits"][0], {"kind": "activity_note", "data": {"note": "a\x00b"}})

    (result,) = post_json(phone, "/api/mobile/v1/sync/", {"events": [bad]}, HTTP_ACCEPT_LANGUAGE="en").json()["results"]

    assert result["fields"] == {"data.note": ["Not allowed."]}
    stored = RawEvent.objects.get().payload
    assert stored["data"]["note"] == "a\ufffdb" and stored["_unstorable"] == "data.note"


@pytest.mark.parametrize(
    "raw,code",
    [
        ([1, 2], "invalid_event"),
        ("text", "invalid_event"),
        (None, "invalid_event"),
        ({"id": "\x00"}, "invalid_event_id"),
    ],
    ids=["list", "text", "null", "NUL id"],
)
def test_an_event_that_is_not_an_object_with_a_uuid_is_rejected_unstored(phone, day, raw, code):
    batch = post_json(phone, "/api/mobile/v1/sync/", {"events": [raw, envelope(day["visits"][0])]})
    single = post_json(phone, "/api/mobile/v1/events/", raw)

    assert [r.get("code") for r in batch.json()["results"]] == [code, None]
    assert (single.status_code, single.json()["code"]) == (400, code)
    assert RawEvent.objects.count() == 1


def test_an_unknown_library_is_rejected_before_the_ledger_sees_it(phone, day, stock):
    copy = stock["on_bus"][0]
    unload = event("unload", barcode=copy.barcode, library=123_456_789)  # the ledger's FK is checked at commit
    load = event("load", barcode=stock["at_depot"][0].barcode, library=123_456_789)

    response = post_json(phone, "/api/mobile/v1/sync/", {"events": [unload, load]})

    assert [r["code"] for r in response.json()["results"]] == ["unknown_library", "unknown_library"]
    assert not Movement.objects.filter(source_event_id__isnull=False).exists()
    copy.refresh_from_db()
    assert copy.holder_vehicle_id == day["route"].vehicle_id


@pytest.mark.parametrize(
    "text,code",
    [
        ("[" * 100_000 + "]" * 100_000, "parse_error"),
        ('{"events": ' + "[" * 40 + "]" * 40 + "}", "parse_error"),
        ("{not json", "parse_error"),
        ("null", "malformed_batch"),
        ("42", "malformed_batch"),
        ('{"events": null}', "malformed_batch"),
        ('{"events": {"id": 1}}', "malformed_batch"),
    ],
    ids=["deep", "deep-events", "not-json", "null", "number", "events-null", "events-object"],
)
def test_a_malformed_batch_is_a_400_and_stores_nothing(phone, day, text, code):
    response = phone.post("/api/mobile/v1/sync/", text, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert RawEvent.objects.count() == 0


def test_a_body_over_the_size_limit_is_a_413_and_stores_nothing(phone, day, settings):
    settings.MOBILE_MAX_JSON_BYTES = 10_000
    events = [envelope(day["visits"][0]) for _ in range(100)]  # about 20 KB

    response = post_json(phone, "/api/mobile/v1/sync/", {"events": events})

    assert (response.status_code, response.json()["code"]) == (413, "body_too_large")
    assert RawEvent.objects.count() == 0


def test_an_empty_batch_answers_nothing(phone, day):
    response = post_json(phone, "/api/mobile/v1/sync/", {"events": []})

    assert response.status_code == 200
    assert response.json()["results"] == [] and response.json()["summary"]["applied"] == 0


@pytest.mark.parametrize(
    "url,status",
    [
        (f"/api/mobile/v1/visits/{HUGE}/report/", 404),
        (f"/api/mobile/v1/readers/{HUGE}/loans/", 404),
        (f"/api/mobile/v1/run-sheet/?vehicle={HUGE}", 403),
        ("/api/mobile/v1/run-sheet/?vehicle=abc", 400),
        ("/api/mobile/v1/run-sheet/?date=99999-01-01", 400),
        ("/api/mobile/v1/run-sheet/?date=2026-02-30", 400),
        ("/api/mobile/v1/readers/lookup/?card=%00", 400),
        ("/api/mobile/v1/readers/lookup/?card=" + "9" * 500, 400),
    ],
)
def test_bad_ids_and_parameters_in_urls_are_4xx(phone, day, url, status):
    response = phone.get(url)

    assert response.status_code == status, response.content
    assert set(response.json()) == {"code", "message", "extra"}


@pytest.mark.parametrize("url", [f"/api/mobile/v1/visits/{HUGE}/photo/", f"/api/mobile/v1/devices/{HUGE}/revoke/"])
def test_posts_to_ids_beyond_bigint_are_404(phone, day, url):
    assert phone.post(url, {}, format="multipart").status_code == 404


def test_a_coordinator_resolving_a_conflict_beyond_bigint_gets_404(client_for, coordinator):
    client = client_for(coordinator)

    response = post_json(client, f"/api/mobile/v1/conflicts/{HUGE}/resolve/", {"resolution": "accept"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    "ping,field",
    [
        ({"vehicle": HUGE}, "pings"),
        ({"at": "0001-01-01T00:00:00+14:00"}, "pings"),
        ({"at": "2026-13-01T00:00:00Z"}, "pings"),
        ({"latitude": 91}, "pings"),
        ({"latitude": INF}, "pings"),
        ({"longitude": "x"}, "pings"),
    ],
)
def test_bad_gps_pings_are_400_with_fields(phone, day, ping, field):
    good = {"vehicle": day["route"].vehicle_id, "at": timezone.now().isoformat(), "latitude": 10.0, "longitude": 105.7}

    response = post_json(phone, "/api/mobile/v1/positions/", {"pings": [{**good, **ping}]})

    assert response.status_code == 400, response.content
    assert field in response.json()["extra"]["fields"]


def test_a_rejected_nul_id_is_stored_with_its_idempotency_key_and_replayed(phone, day):
    body = {"events": [{"id": "\x00"}]}

    first = post_json(phone, "/api/mobile/v1/sync/", body, HTTP_IDEMPOTENCY_KEY="batch-1")
    again = post_json(phone, "/api/mobile/v1/sync/", body, HTTP_IDEMPOTENCY_KEY="batch-1")

    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json() and first.json()["results"][0]["id"] == "\ufffd"


@pytest.mark.parametrize("key", ["a\x00b", "khóa", "x" * 256, " "])
def test_an_idempotency_key_that_is_not_printable_ascii_is_400(phone, day, key):
    response = post_json(phone, "/api/mobile/v1/sync/", {"events": []}, HTTP_IDEMPOTENCY_KEY=key)

    assert (response.status_code, response.json()["code"]) == (400, "invalid_idempotency_key")
    assert not IdempotencyKey.objects.exists()


def test_a_device_time_in_the_past_but_after_2000_is_accepted(phone, day):
    old = (timezone.now() - datetime.timedelta(days=365 * 20)).isoformat()

    response = post_json(phone, "/api/mobile/v1/sync/", {"events": [envelope(day["visits"][0], {"device_time": old})]})

    # Read as a valid time (not ``invalid_device_time``); then refused as it is not on its visit's day.
    result = response.json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "before_visit_day")
