"""Tests that random sequences of movements, replays included, always keep the ledger invariant.

A small model of where each copy should be runs beside the real services: every operation must succeed exactly when
the model says it may, land where the model says, and leave ``ledger_verify`` clean.
"""

import uuid

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.core.exceptions import ApplicationError
from backend.stock.models import Loan, Movement
from backend.stock.services import Holder, copy_move, loan_lend, loan_return
from backend.stock.verify import ledger_verify
from tests.backend.factories import CopyFactory, DepotFactory, ReaderFactory, VehicleFactory

OPS = ["load", "unload", "transfer", "lend", "return", "lost", "found", "withdraw", "damaged"]
IN_STOCK = {"depot", "bus0", "bus1"}

step = st.one_of(
    st.tuples(st.sampled_from(OPS), st.integers(0, 3), st.integers(0, 1)),
    st.tuples(st.just("replay"), st.integers(0, 50), st.just(0)),
)


def model_target(op, location, bus):
    """Where the model says the copy goes, or None when the move must be refused."""
    rules = {
        "load": (location == "depot", bus),
        "unload": (location in ("bus0", "bus1"), "depot"),
        "transfer": (location in IN_STOCK and location != bus, bus),
        "lend": (location in IN_STOCK, "loan"),
        "return": (location == "loan", bus),
        "lost": (location in IN_STOCK | {"loan"}, "lost"),
        "found": (location == "lost", "depot"),
        "withdraw": (location in IN_STOCK | {"lost"}, "withdrawn"),
        "damaged": (location in IN_STOCK | {"loan"}, location),
    }
    allowed, target = rules[op]
    return target if allowed else None


def where(copy, depot, buses):
    copy.refresh_from_db()
    holder = Holder.of(copy)
    names = {Holder.library(depot): "depot", Holder.vehicle(buses[0]): "bus0", Holder.vehicle(buses[1]): "bus1"}
    return names.get(holder) or holder.kind


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=25))
def test_random_movements_keep_the_ledger_whole(steps):
    with transaction.atomic():
        depot = DepotFactory()
        buses = [VehicleFactory(home_depot=depot), VehicleFactory(home_depot=depot)]
        copies = [CopyFactory(library=depot) for _ in range(4)]
        readers = [ReaderFactory() for _ in range(2)]
        model = {c.pk: "depot" for c in copies}
        applied = []  # (op, copy index, bus index, event id) of operations that succeeded

        for op, index, bus_index in steps:
            if op == "replay":
                if not applied:
                    continue
                op, index, bus_index, event = applied[index % len(applied)]
                before = Movement.objects.count()
                run(op, copies[index], buses[bus_index], readers, event)
                assert Movement.objects.count() == before, "a replay wrote again"
                continue
            copy, bus = copies[index], buses[bus_index]
            expected = model_target(op, model[copy.pk], f"bus{bus_index}")
            if op == "lend" and expected and Loan.objects.filter(reader=readers[0], returned_at=None).count() >= 3:
                expected = None
            event = uuid.uuid4()
            try:
                run(op, copy, bus, readers, event)
            except ApplicationError:
                assert expected is None, f"{op} refused from {model[copy.pk]}"
            else:
                assert expected is not None, f"{op} allowed from {model[copy.pk]}"
                model[copy.pk] = expected
                applied.append((op, index, bus_index, event))
            assert where(copy, depot, buses) == model[copy.pk]

        assert ledger_verify().ok
        transaction.set_rollback(True)


def run(op, copy, bus, readers, event):
    if op == "lend":
        return loan_lend(copy=copy, reader=readers[0], source_event_id=event)
    if op == "return":
        loan = Loan.objects.filter(copy=copy).order_by("-pk").first()
        if loan is None:
            raise ApplicationError("no loan")
        return loan_return(loan=loan, to=Holder.vehicle(bus), source_event_id=event)
    to = {
        "load": Holder.vehicle(bus),
        "transfer": Holder.vehicle(bus),
        "unload": Holder.library(bus.home_depot_id),
        "found": Holder.library(bus.home_depot_id),
    }.get(op)
    return copy_move(copy=copy, kind=op, to=to, source_event_id=event)
