"""Property: whatever junk a phone posts — events or whole bodies, with or without an Idempotency-Key — the API
answers without a 5xx, and input that applies nothing changes nothing: ledger, loans, readers, reservations,
conflicts and visit reports stay as they were, and a body refused whole stores no event.

About 10 s on PostgreSQL; raise ``max_examples`` locally to hunt further."""

import datetime
import json

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.crew.kinds import KINDS
from backend.crew.models import SyncConflict, VisitReport
from backend.stock.models import Loan, Movement, Reader, Reservation
from backend.sync.models import IdempotencyKey, RawEvent

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
INF = "__inf__"  # written as 1e400 (float('inf') once parsed): json.dumps cannot write it

big_ints = st.sampled_from([0, -1, 2**31, 2**63 - 1, 2**63, 10**20, -(10**20)])
odd_text = st.sampled_from(["", " ", "\x00", "a\x00b", "\ud800", "x" * 5000, "Đọc sách", "null", "2026-13-45"])
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | big_ints
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.just(INF)
    | st.text(max_size=20)
    | odd_text
)
junk = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner))
times = st.datetimes(
    min_value=datetime.datetime(1, 1, 2), max_value=datetime.datetime(9999, 12, 30), timezones=st.timezones()
).map(lambda t: t.isoformat()) | st.sampled_from(["2026-02-30T10:00:00", "0001-01-01T00:00:00+14:00", "now"])
DATA_KEYS = [
    "latitude", "longitude", "accuracy_m", "students", "adults", "note", "host_name", "host_confirmed", "reason",
    "barcode", "collection", "vehicle", "library", "expected_collection_on", "received_by_name", "card_number",
    "full_name", "birth_year", "phone", "record", "barcodes",
]  # fmt: skip


def often(good, bad=None):
    """``good`` about seven times in eight, else junk (or ``bad``). (``one_of`` would not weigh its branches.)"""
    return st.sampled_from([True] * 7 + [False]).flatmap(lambda ok: good if ok else junk if bad is None else bad)


def events(real):
    """Events close enough to real ones to get past the first checks: real ids, barcodes and cards mixed in, and
    junk in any field now and then."""
    plausible = (
        st.integers(0, 400)
        | st.floats(-200, 200)
        | st.text(max_size=10)
        | st.booleans()
        | st.dates().map(str)
        | st.sampled_from(real["values"])
        | st.lists(st.sampled_from(real["barcodes"]), max_size=3)
    )
    return st.fixed_dictionaries(
        {
            "id": often(st.uuids().map(str)),
            "kind": often(st.sampled_from(sorted(KINDS))),
            "device_time": often(st.just("now"), times),
            "visit": often(st.sampled_from(real["visits"]), big_ints | junk),
            "data": often(st.dictionaries(st.sampled_from(DATA_KEYS), often(plausible), max_size=5)),
        },
        optional={"seq": often(st.integers(1, 50))},
    ).map(lambda e: {**e, "device_time": timezone.now().isoformat()} if e["device_time"] == "now" else e)


def counts():
    return {
        "movements": Movement.objects.count(),
        "loans": Loan.objects.count(),
        "readers": Reader.objects.count(),
        "reservations": Reservation.objects.count(),
        "conflicts": SyncConflict.objects.count(),
        "reports": VisitReport.objects.exclude(students=None, arrived_at=None, left_at=None, activity_note="").count(),
        "raw_events": RawEvent.objects.count(),
        "keys": IdempotencyKey.objects.filter(state="done").count(),
    }


def post(phone, url, body, key):
    text = json.dumps(body).replace(f'"{INF}"', "1e400")
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return phone.post(url, text, content_type="application/json", **headers)


@pytest.fixture
def real(day, stock):
    visits = [v.id for v in day["visits"]]
    barcodes = [c.barcode for c in stock["on_bus"] + stock["at_depot"]] + [stock["at_school"].barcode]
    values = [*visits, *barcodes, stock["reader"].card_number, stock["school_library"].id, day["route"].vehicle_id]
    return {"visits": visits, "barcodes": barcodes, "values": values}


# Errors about the whole body: nothing at all is stored.
BODY_ERRORS = {"malformed_batch", "batch_too_large", "parse_error", "invalid_idempotency_key"}


def check(response, before, sent_events):
    assert response.status_code < 500, response.content
    after = counts()
    body = response.json()
    if response.status_code >= 400:
        assert set(body) == {"code", "message", "extra"}
        outcomes = [] if body["code"] in BODY_ERRORS else ["rejected"]  # a single event: stored, then rejected
    else:
        outcomes = [r["status"] for r in body.get("results", [body])]
    assert after["raw_events"] - before["raw_events"] <= (sent_events if outcomes else 0)
    if "applied" in outcomes or "conflict" in outcomes:
        return
    # Stored events and idempotency keys record what was sent; nothing else may change.
    changed = {k: (before[k], v) for k, v in after.items() if v != before[k] and k not in ("raw_events", "keys")}
    assert not changed, response.content


@FUZZ
@given(data=st.data())
def test_junk_events_never_give_a_5xx_and_rejected_ones_change_nothing(phone, real, data):
    batch = data.draw(st.lists(often(events(real)), max_size=6), label="events")
    single = data.draw(st.sampled_from([False, False, True]), label="single")
    key = data.draw(often(st.none(), st.uuids().map(str) | st.text(max_size=6)), label="idempotency key")
    with transaction.atomic():
        before = counts()
        if single:
            response = post(phone, "/api/mobile/v1/events/", batch[0] if batch else {}, key)
        else:
            response = post(phone, "/api/mobile/v1/sync/", {"events": batch}, key)
        check(response, before, len(batch) or 1)
        transaction.set_rollback(True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=junk | st.fixed_dictionaries({"events": junk}))
def test_junk_bodies_never_give_a_5xx(phone, day, body):
    with transaction.atomic():
        before = counts()
        response = post(phone, "/api/mobile/v1/sync/", body, None)
        sent = body.get("events") if isinstance(body, dict) else None
        check(response, before, len(sent) if isinstance(sent, list) else 0)
        transaction.set_rollback(True)
