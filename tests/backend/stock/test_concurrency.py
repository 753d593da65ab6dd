"""Tests that two phones moving the same copy at the same moment cannot both succeed (real PostgreSQL locks)."""

import threading

import pytest
from django.db import connection, connections

from backend.stock.exceptions import CopyNotAtHolderError
from backend.stock.models import Movement
from backend.stock.services import Holder, copy_move
from tests.backend.factories import CopyFactory, DepotFactory, VehicleFactory


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_moves_of_one_copy_let_exactly_one_through():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    depot = DepotFactory()
    copy = CopyFactory(library=depot)
    buses = [VehicleFactory(home_depot=depot), VehicleFactory(home_depot=depot)]
    barrier = threading.Barrier(2)
    outcomes = []

    def move(bus):
        try:
            barrier.wait()
            copy_move(copy=copy, kind="load", to=Holder.vehicle(bus), expected_from=Holder.library(depot))
            outcomes.append("ok")
        except CopyNotAtHolderError:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(bus,)) for bus in buses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes) == ["conflict", "ok"]
    assert Movement.objects.filter(copy=copy, kind="load").count() == 1
    copy.refresh_from_db()
    assert copy.holder_vehicle_id in {b.id for b in buses}
