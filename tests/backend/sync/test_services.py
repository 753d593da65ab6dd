"""Tests of the sync services: bounded queries, pending events after a crash, idempotency keys, sequences."""

import datetime
import uuid

import pytest
from django.utils import timezone

from backend.crew.models import VisitReport
from backend.sync.envelope import payload_hash, storable
from backend.sync.exceptions import IdempotencyKeyInProgressError, IdempotencyKeyReusedError
from backend.sync.models import EventStatus, RawEvent
from backend.sync.services import (
    device_sync_state,
    idempotency_abandon,
    idempotency_begin,
    idempotency_complete,
    sync_batch_apply,
    sync_pending_apply,
)
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


def test_idempotency_key_lifecycle(driver):
    begin = {"user": driver, "key": "k", "method": "POST", "path": "/x/", "fingerprint": "a"}

    assert idempotency_begin(**begin) is None
    with pytest.raises(IdempotencyKeyInProgressError):
        idempotency_begin(**begin)
    with pytest.raises(IdempotencyKeyReusedError):
        idempotency_begin(**{**begin, "fingerprint": "b"})
    idempotency_complete(user=driver, key="k", status=201, body={"ok": True})
    stored = idempotency_begin(**begin)
    assert (stored.status, stored.body) == (201, {"ok": True})


def test_an_abandoned_key_can_be_used_again(driver):
    begin = {"user": driver, "key": "k2", "method": "POST", "path": "/x/", "fingerprint": "a"}
    idempotency_begin(**begin)

    idempotency_abandon(user=driver, key="k2")

    assert idempotency_begin(**begin) is None


def test_old_keys_are_purged_and_a_late_retry_of_the_event_is_still_a_duplicate(device, day):
    from django.core.management import call_command

    from backend.sync.models import IdempotencyKey

    user = device.user
    first = event("visitors", day["visits"][0], seq=1, students=4, adults=0)
    idempotency_begin(user=user, key="old", method="POST", path="/x/", fingerprint="a")  # left running by a crash
    idempotency_begin(user=user, key="new", method="POST", path="/x/", fingerprint="a")
    sync_batch_apply(device=device, events=[first])
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - datetime.timedelta(days=31))

    call_command("sync_purge_keys", days=30)

    assert set(IdempotencyKey.objects.values_list("key", flat=True)) == {"new"}
    assert idempotency_begin(user=user, key="old", method="POST", path="/x/", fingerprint="a") is None  # free again
    (again,) = sync_batch_apply(device=device, events=[first]).results
    assert again["status"] == "duplicate"


def test_device_state_lists_gaps_above_the_high_water_mark(device, day):
    sync_batch_apply(
        device=device, events=[event("visitors", day["visits"][0], seq=s, students=1, adults=1) for s in (1, 3, 6)]
    )

    state = device_sync_state(device=device)

    assert (state.received_through_seq, state.highest_seq, state.missing_seqs) == (1, 6, [2, 4, 5])
