"""Tests of the crew's batch sync: bounded queries, pending events applied after a crash."""

import uuid

import pytest
from django.utils import timezone

from backend.crew.models import VisitReport
from backend.crew.services import sync_batch_apply, sync_pending_apply
from backend.sync.envelope import payload_hash, storable
from backend.sync.models import EventStatus, RawEvent
from tests.mobile_api.conftest import event

pytestmark = pytest.mark.django_db


def test_a_batch_of_500_visit_events_takes_a_bounded_number_of_queries(device, day, django_assert_max_num_queries):
    kinds = [("visitors", {"students": 3, "adults": 1}), ("activity_note", {"note": "Đọc sách"}), ("arrive", {})]
    events = [event(kinds[n % 3][0], day["visits"][n % 3], seq=n + 1, **kinds[n % 3][1]) for n in range(500)]

    with django_assert_max_num_queries(25):
        result = sync_batch_apply(device=device, events=events)

    assert result.summary["applied"] == 500
    assert VisitReport.objects.count() == 3


def test_an_event_stored_but_never_applied_is_applied_once_later(device, day):
    body = event("visitors", day["visits"][0], students=7, adults=0)
    RawEvent.objects.create(
        event_id=uuid.UUID(body["id"]),
        device=device,
        user=device.user,
        kind="visitors",
        payload=body,
        payload_hash=payload_hash(body),
        device_time=timezone.now(),
    )

    assert sync_pending_apply() == 1
    assert sync_pending_apply() == 0
    assert VisitReport.objects.get(visit=day["visits"][0]).students == 7
    assert RawEvent.objects.get().status == EventStatus.APPLIED
    replay = sync_batch_apply(device=device, events=[body]).results[0]
    assert replay["status"] == "duplicate" and replay["original_status"] == "applied"


def test_a_pending_event_stored_with_unstorable_text_replaced_is_still_rejected(device, day):
    body = event("activity_note", day["visits"][0], note="a\x00b")
    stored = storable(body)  # what the batch service stores: the NUL replaced, and marked
    RawEvent.objects.create(
        event_id=uuid.UUID(body["id"]),
        device=device,
        user=device.user,
        kind="activity_note",
        payload=stored,
        payload_hash=payload_hash(body),
    )

    assert sync_pending_apply() == 1
    row = RawEvent.objects.get()
    assert (row.status, row.outcome["code"]) == (EventStatus.REJECTED, "unstorable_value")
    assert not VisitReport.objects.exclude(activity_note="").exists()
    replay = sync_batch_apply(device=device, events=[body]).results[0]
    assert (replay["status"], replay["code"]) == ("duplicate", "unstorable_value")
