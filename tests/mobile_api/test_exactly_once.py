"""Property: events applied exactly once whatever the duplication, reordering and splitting of batches; and two
phones syncing the same copy at the same moment leave the ledger consistent (PostgreSQL, real threads)."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from backend.crew.models import VisitReport
from backend.crew.services import sync_batch_apply
from backend.planning.models import PlannedVisit
from backend.stock.models import Copy, Loan, Movement
from backend.stock.verify import ledger_verify
from backend.sync.models import RawEvent
from backend.sync.services import device_register
from tests.backend.factories import CopyFactory, ReaderFactory, UserFactory
from tests.mobile_api.conftest import event

BASE = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=6)


def visit_events(visit, draw_minutes, students, adults, note, host):
    return [
        event("arrive", visit, at=BASE + datetime.timedelta(minutes=draw_minutes[0]), latitude=10.0, longitude=105.7),
        event(
            "visitors", visit, at=BASE + datetime.timedelta(minutes=draw_minutes[1]), students=students, adults=adults
        ),
        event("activity_note", visit, at=BASE + datetime.timedelta(minutes=draw_minutes[2]), note=note),
        event(
            "proof", visit, at=BASE + datetime.timedelta(minutes=draw_minutes[3]), host_name=host, host_confirmed=True
        ),
        event("leave", visit, at=BASE + datetime.timedelta(minutes=draw_minutes[4])),
    ]


minutes = st.lists(st.integers(min_value=0, max_value=300), min_size=5, max_size=5)
visit_values = st.tuples(
    minutes,
    st.integers(0, 400),
    st.integers(0, 40),
    st.text(alphabet="abcđêơư ", min_size=1, max_size=12).filter(str.strip),
    st.sampled_from(["Cô Hạnh", "Thầy Minh", "Bà Lan"]),
)


def state(visits, copies):
    """What the events changed, without ids or timestamps of the server's own."""
    reports = list(
        VisitReport.objects.filter(visit__in=visits)
        .order_by("visit_id")
        .values("visit_id", "arrived_at", "left_at", "students", "adults", "activity_note", "host_name", "versions")
    )
    planned = list(
        PlannedVisit.objects.filter(pk__in=[v.pk for v in visits])
        .order_by("pk")
        .values("pk", "status", "actual_arrival", "actual_departure")
    )
    ledger = sorted(Movement.objects.filter(copy__in=copies).values_list("copy__barcode", "kind", "source_event_id"))
    loans = sorted(Loan.objects.filter(copy__in=copies).values_list("copy__barcode", "reader__card_number", "due_on"))
    holders = sorted(Copy.objects.filter(pk__in=[c.pk for c in copies]).values_list("barcode", "status"))
    return reports, planned, ledger, loans, holders


def apply_in_savepoint(device, batches, visits, copies):
    """Apply batches one after another, read the state, then roll everything back."""
    answers = []
    with transaction.atomic():
        for batch in batches:
            answers.append(sync_batch_apply(device=device, events=batch).results)
        result = state(visits, copies), RawEvent.objects.count(), answers
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(visit_values, min_size=3, max_size=3), chaos=st.randoms(use_true_random=False))
def test_exactly_once_under_duplication_reordering_and_splitting(device, day, stock, values, chaos):
    visits = day["visits"]
    copies = stock["on_bus"][:3]
    readers = [stock["reader"], *(ReaderFactory.build(card_number=f"H-{n}") for n in range(2))]
    events = [e for visit, v in zip(visits, values, strict=True) for e in visit_events(visit, *v)]
    events += [event("register_reader", card_number=r.card_number, full_name=r.full_name) for r in readers[1:]]
    events += [
        event("lend", visits[n], barcode=copies[n].barcode, card_number=readers[n].card_number) for n in range(3)
    ]
    events += [event("damaged", barcode=stock["on_bus"][4].barcode, note="ướt")]
    # Registrations before the lends that need them: the only order the phone guarantees (it numbers its queue).
    reference_state, reference_count, (reference,) = apply_in_savepoint(device, [events], visits, copies)
    assert [r["status"] for r in reference] == ["applied"] * len(events)

    # Deliver every event at least once, some several times, shuffled and split into random batches, keeping
    # each register_reader in a batch no later than the lends of its reader (the phone's queue order).
    registrations = [e for e in events if e["kind"] == "register_reader"]
    rest = [e for e in events if e["kind"] != "register_reader"]
    first = registrations + chaos.sample(rest, chaos.randint(0, len(rest)))
    chaos.shuffle(first)
    first.sort(key=lambda e: e["kind"] != "register_reader")
    later = rest + [chaos.choice(events) for _ in range(chaos.randint(0, 20))]
    chaos.shuffle(later)
    cuts = sorted(chaos.sample(range(1, len(later)), chaos.randint(0, 5)))
    batches = [first] + [later[a:b] for a, b in zip([0, *cuts], [*cuts, len(later)], strict=True)]
    batches += [chaos.sample(events, chaos.randint(1, len(events)))]  # a replay of part of the day

    chaos_state, chaos_count, answers = apply_in_savepoint(device, batches, visits, copies)

    assert chaos_count == reference_count == len(events)
    assert chaos_state == reference_state
    by_id = {}
    for results in answers:
        for r in results:
            by_id.setdefault(r["id"], []).append(r)
    for seen in by_id.values():
        assert [r["status"] for r in seen].count("applied") == 1
        assert all(r["status"] == "duplicate" and r["result"] == seen[0]["result"] for r in seen[1:])


def _phone(user, name):
    device, token = device_register(user=user, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.mark.django_db(transaction=True)
def test_two_phones_lending_the_same_copies_at_once_leave_the_ledger_consistent(day, vehicle, driver):
    colleague = UserFactory(role="driver_librarian")
    vehicle.crew_assignments.create(user=colleague, crew_role="librarian")
    phones = [_phone(driver, "A"), _phone(colleague, "B")]
    visit = day["visits"][0]
    copies = [CopyFactory(library=None, vehicle=vehicle) for _ in range(6)]
    readers = [ReaderFactory(site=visit.site), ReaderFactory(site=visit.site)]
    results: list = [None, None]
    barrier = threading.Barrier(2)

    def sync(n):
        try:
            order = copies[:3] if n == 0 else list(reversed(copies[:3]))  # the same copies, in opposite orders
            batch = [event("arrive", visit)] + [
                event("lend", visit, barcode=c.barcode, card_number=readers[n].card_number) for c in order
            ]
            batch += [event("take_back", visit, barcode=order[0].barcode)]
            barrier.wait()
            results[n] = phones[n].post("/api/mobile/v1/sync/", {"events": batch}, format="json")
        finally:
            connection.close()

    threads = [threading.Thread(target=sync, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert [r.status_code for r in results] == [200, 200]
    outcomes = [(e["status"], e.get("code")) for r in results for e in r.json()["results"]]
    lends = [e for r in results for e in r.json()["results"][1:4]]
    # A lend of a copy the other phone holds on loan, or a take-back of one it has not lent, waits for the other.
    assert [o[0] for o in outcomes].count("applied") + outcomes.count(("waiting", "copy_not_available")) + (
        outcomes.count(("waiting", "copy_not_on_loan")) + outcomes.count(("waiting", "waiting_for_earlier_event"))
    ) == len(outcomes)
    # A waiting event may be applied later, when the other phone's batch settles: count from the stored events.
    applied_lends = RawEvent.objects.filter(kind="lend", status="applied").count()
    assert applied_lends >= sum(1 for o in lends if o["status"] == "applied")
    assert applied_lends == Loan.objects.count() >= 3  # each copy lent once, maybe again after a take-back
    report = ledger_verify()
    assert report.ok, report.mismatches
    for copy in copies[:3]:
        copy.refresh_from_db()
        assert Loan.objects.filter(copy=copy, returned_at=None).count() == (1 if copy.status == "on_loan" else 0)
    applied = RawEvent.objects.filter(kind__in=["lend", "take_back"], status="applied").count()
    assert Movement.objects.filter(kind__in=["lend", "return"]).count() == applied
    assert RawEvent.objects.count() == 10
