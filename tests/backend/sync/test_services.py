"""Tests of the sync services: idempotency keys and sequence numbers (events sent through the crew's batch sync)."""

import datetime

import pytest
from django.utils import timezone

from backend.crew.services import sync_batch_apply
from backend.sync.exceptions import IdempotencyKeyInProgressError, IdempotencyKeyReusedError
from backend.sync.services import device_sync_state, idempotency_abandon, idempotency_begin, idempotency_complete
from tests.mobile_api.conftest import event

pytestmark = pytest.mark.django_db


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
