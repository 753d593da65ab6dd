"""Tests of the network API's access fields: ferry links, lodgings, a commune's and a site's access, trip length."""

import pytest

from backend.places.models import FerryLink, Lodging, Vehicle
from tests.backend.api.test_network_api import assert_field_error, site_body
from tests.backend.factories import CommuneFactory


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def ferry_body(**overrides):
    return {
        "name": "Phà Rạch Giá – Hòn Sơn",
        "port_latitude": 10.0,
        "port_longitude": 105.05,
        "island_port_latitude": 9.8,
        "island_port_longitude": 104.63,
        "crossing_minutes": 90,
        "departures": ["13:00", "07:30"],
        "return_departures": ["10:00"],
        "bus_boards": False,
        "cost": 250000,
        **overrides,
    }


@pytest.fixture
def ferry(db):
    return FerryLink.objects.create(
        name="Phà Hòn Sơn",
        port_latitude=10.0,
        port_longitude=105.05,
        island_port_latitude=9.8,
        island_port_longitude=104.63,
        departures=["07:30"],
        return_departures=["15:00"],
    )


def test_coordinator_creates_a_ferry_link_with_sorted_departures(coordinator_client):
    response = coordinator_client.post("/api/v1/ferry-links/", ferry_body(), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["departures"] == ["07:30", "13:00"]
    assert FerryLink.objects.get().departure_times(outbound=False)[0].hour == 10


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"departures": []}, "departures"),
        ({"departures": ["7h30"]}, "departures"),
        ({"return_departures": ["25:00"]}, "return_departures"),
        ({"crossing_minutes": 0}, "crossing_minutes"),
        ({"island_port_latitude": 40}, "island_port_latitude"),
    ],
)
def test_bad_ferry_input_is_a_field_error(coordinator_client, overrides, field):
    response = coordinator_client.post("/api/v1/ferry-links/", ferry_body(**overrides), format="json")

    assert_field_error(response, field)
    assert not FerryLink.objects.exists()


def test_lodgings_are_per_commune_and_checked(coordinator_client, commune):
    body = {"name": "Nhà khách xã", "commune": commune.code, "latitude": 10.1, "longitude": 105.7}

    created = coordinator_client.post("/api/v1/lodgings/", {**body, "cost_per_night": 300000}, format="json")
    negative = coordinator_client.post("/api/v1/lodgings/", {**body, "cost_per_night": -1}, format="json")
    unknown = coordinator_client.post("/api/v1/lodgings/", {**body, "commune": 1}, format="json")

    assert created.status_code == 201, created.content
    assert created.json()["commune_name"] == commune.name
    assert_field_error(negative, "cost_per_night")
    assert_field_error(unknown, "commune")
    assert Lodging.objects.count() == 1


def test_special_zone_defaults_to_ferry_with_a_link_else_no_road(coordinator_client, ferry):
    zone = CommuneFactory(kind="dac_khu")

    before = coordinator_client.get(f"/api/v1/communes/{zone.code}/").json()
    linked = coordinator_client.post(f"/api/v1/communes/{zone.code}/access/", {"ferry": ferry.id}, format="json")
    road = coordinator_client.post(f"/api/v1/communes/{zone.code}/access/", {"access": "road"}, format="json")

    assert before["resolved_access"] == "no_road"
    assert linked.status_code == 200, linked.content
    assert linked.json()["resolved_access"] == "ferry"
    assert road.json()["resolved_access"] == "road"


def test_commune_access_is_checked_and_for_coordinators(client_for, coordinator_client, driver, commune):
    url = f"/api/v1/communes/{commune.code}/access/"

    assert_field_error(coordinator_client.post(url, {"access": "ferry"}, format="json"), "ferry")
    assert_field_error(coordinator_client.post(url, {"access": "boat"}, format="json"), "access")
    assert client_for(driver).post(url, {"access": "no_road"}, format="json").status_code == 403


def test_site_takes_its_communes_access_or_its_own(coordinator_client, school, ferry):
    plain = coordinator_client.post("/api/v1/sites/", site_body(school), format="json")
    by_ferry = coordinator_client.post(
        "/api/v1/sites/", site_body(school, access="ferry", ferry=ferry.id), format="json"
    )
    no_link = coordinator_client.post("/api/v1/sites/", site_body(school, access="ferry"), format="json")

    assert plain.json()["resolved_access"] == "road"
    assert by_ferry.status_code == 201 and by_ferry.json()["resolved_access"] == "ferry"
    assert_field_error(no_link, "ferry")


@pytest.mark.parametrize("days", [0, 5])
def test_longest_trip_is_one_to_four_days(coordinator_client, depot, days):
    body = {"plate_number": "65B-123.45", "name": "Xe 2", "home_depot": depot.id, "max_trip_days": days}

    assert_field_error(coordinator_client.post("/api/v1/vehicles/", body, format="json"), "max_trip_days")
    ok = coordinator_client.post("/api/v1/vehicles/", {**body, "max_trip_days": 3}, format="json")
    assert ok.status_code == 201, ok.content
    assert Vehicle.objects.get().max_trip_days == 3
