"""Tests of the stock selectors that scope stocktakes and stock exports by role."""

from backend.stock.selectors import stock_vehicles_for, stocktake_allowed, stocktake_list_for
from backend.stock.services import Holder
from backend.stock.stocktake import stocktake_submit


def test_a_coordinator_sees_every_vehicle_and_a_crew_only_its_own(
    coordinator, driver, vehicle, other_vehicle, django_assert_num_queries
):
    with django_assert_num_queries(2):
        assert set(stock_vehicles_for(user=coordinator)) == {vehicle, other_vehicle}
        assert list(stock_vehicles_for(user=driver)) == [vehicle]


def test_a_crew_sees_the_stocktakes_of_its_own_bus_only(
    coordinator, driver, depot, vehicle, other_vehicle, django_assert_num_queries
):
    own = stocktake_submit(holder=Holder.vehicle(vehicle), barcodes=[])
    other = stocktake_submit(holder=Holder.vehicle(other_vehicle), barcodes=[])
    in_depot = stocktake_submit(holder=Holder.library(depot), barcodes=[])

    with django_assert_num_queries(2):
        assert set(stocktake_list_for(user=coordinator)) == {own, other, in_depot}
        assert list(stocktake_list_for(user=driver)) == [own]


def test_a_crew_may_count_only_a_bus_it_crews(coordinator, driver, depot, vehicle, other_vehicle):
    assert stocktake_allowed(user=driver, holder=Holder.vehicle(vehicle))
    assert not stocktake_allowed(user=driver, holder=Holder.vehicle(other_vehicle))
    assert not stocktake_allowed(user=driver, holder=Holder.library(depot))
    assert stocktake_allowed(user=coordinator, holder=Holder.library(depot))
    assert stocktake_allowed(user=coordinator, holder=Holder.vehicle(other_vehicle))
