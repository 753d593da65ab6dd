"""Property: a day's batches from two phones give the same final state in whatever order they arrive, with no loan
lost (PostgreSQL). ``manage.py sync_order_bench`` replays 1,000 random orders; the suite tries fewer."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.crew.services import sync_batch_apply
from backend.demo.sync_day import sync_day_build, sync_day_state
from backend.sync.services import device_register
from tests.backend.factories import CopyFactory, UserFactory


@pytest.fixture
def two_phones(db, driver, vehicle, day, depot):
    colleague = UserFactory(role="driver_librarian")
    vehicle.crew_assignments.create(user=colleague, crew_role="librarian")
    phones = {"a": device_register(user=driver, name="A")[0], "b": device_register(user=colleague, name="B")[0]}
    on_bus = [CopyFactory(library=None, vehicle=vehicle).barcode for _ in range(2)]
    at_depot = [CopyFactory(library=depot).barcode for _ in range(3)]
    visits = [visit.pk for visit in day["visits"][:2]]
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=5)
    sync_day = sync_day_build(visits=visits, depot=depot.pk, on_bus=on_bus, at_depot=at_depot, start=start)
    return {"phones": phones, "day": sync_day, "visits": visits, "barcodes": on_bus + at_depot}


def replay(two_phones, order):
    """Send the batches in ``order``, read the final state, roll everything back."""
    for device in two_phones["phones"].values():
        device.refresh_from_db()  # as each request reads it: its sequence numbers of an earlier replay were undone
    with transaction.atomic():
        for phone, batch in order:
            sync_batch_apply(device=two_phones["phones"][phone], events=batch)
        state = sync_day_state(
            visits=two_phones["visits"], barcodes=two_phones["barcodes"], event_ids=two_phones["day"].event_ids
        )
        transaction.set_rollback(True)
    return state


def test_the_day_in_its_own_order_applies_every_event_and_lends_seven_books(two_phones):
    state = replay(two_phones, two_phones["day"].batches)

    assert {status for _id, status in state["events"]} == {"applied"}
    assert len(state["loans"]) == 7
    assert [(c[0], c[1], c[4]) for c in state["copies"] if c[1] == "on_loan"] == sorted(
        [(b, "on_loan", r) for b, _s, _v, _l, r in state["copies"] if r]
    )


def test_a_batch_that_needs_an_earlier_one_waits_and_is_applied_when_it_arrives(two_phones):
    day = two_phones["day"]
    with transaction.atomic():
        first = sync_batch_apply(device=two_phones["phones"]["b"], events=day.phone_b[0]).results
        # Lending to readers phone A registers, one of them a book phone A loads: both wait.
        assert [(r["status"], r["code"]) for r in first] == [("waiting", "unknown_reader")] * 2
        for batch in day.phone_a[:3]:
            sync_batch_apply(device=two_phones["phones"]["a"], events=batch)
        again = sync_batch_apply(device=two_phones["phones"]["b"], events=day.phone_b[0]).results
        transaction.set_rollback(True)

    assert [(r["status"], r["original_status"]) for r in again] == [("duplicate", "applied")] * 2


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chaos=st.randoms(use_true_random=False))
def test_any_arrival_order_gives_the_same_final_state_and_loses_no_loan(two_phones, chaos):
    reference = replay(two_phones, two_phones["day"].batches)
    order = list(two_phones["day"].batches)
    chaos.shuffle(order)

    assert replay(two_phones, order) == reference


def test_an_event_still_waiting_after_its_wait_gets_its_final_answer(device, day, stock):
    from backend.crew.services.sync import waiting_events_retry
    from backend.sync.models import RawEvent
    from tests.mobile_api.conftest import event

    lend = event("lend", day["visits"][0], barcode=stock["on_bus"][0].barcode, card_number="NEVER-REGISTERED")
    (answer,) = sync_batch_apply(device=device, events=[lend]).results
    assert (answer["status"], answer["code"], answer["waiting_for"]) == (
        "waiting",
        "unknown_reader",
        ["copy:" + stock["on_bus"][0].barcode, "reader:NEVER-REGISTERED"],
    )

    assert waiting_events_retry() == 0  # nothing it needs has arrived: it keeps waiting
    assert waiting_events_retry(now=timezone.now() + datetime.timedelta(hours=49)) == 1

    stored = RawEvent.objects.get(event_id=lend["id"])
    assert (stored.status, stored.outcome["code"]) == ("rejected", "unknown_reader")
    (replay,) = sync_batch_apply(device=device, events=[lend]).results
    assert (replay["status"], replay["original_status"]) == ("duplicate", "rejected")
