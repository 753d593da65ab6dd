"""The live map: each bus's latest GPS fix and today's stops, done and remaining."""

import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.crew.models import PositionPing
from backend.mapping.services import map_live
from tests.backend.browser import ARTIFACTS
from tests.backend.factories import PlannedVisitFactory, PlanRouteFactory


@pytest.fixture
def today_route(network):
    """Today's published route of the bus: three stops, the first made; the bus reported its position."""
    route = PlanRouteFactory(vehicle=network["vehicle"], date=timezone.localdate())
    visits = [PlannedVisitFactory(route=route, site=site, position=n) for n, site in enumerate(network["sites"][:3])]
    visits[0].status = "done"
    visits[0].save()
    PositionPing.objects.create(vehicle=network["vehicle"], at=timezone.now(), latitude=10.02, longitude=105.75)
    return route


def test_live_map_shows_the_bus_and_todays_stops(client, coordinator, today_route):
    client.force_login(coordinator)

    html = client.get("/maps/live/embed/").content.decode()

    assert "bb-bus-marker" in html
    assert html.count("bb-stop-marker") == 3
    assert 'http-equiv="refresh"' in html


def test_live_map_lists_a_bus_with_stops_but_no_position(client, coordinator, today_route):
    PositionPing.objects.all().delete()
    client.force_login(coordinator)

    html = client.get("/maps/live/embed/").content.decode()

    assert "bb-bus-marker" not in html and "bb-unplaced" in html  # listed beside the map, not dropped
    assert any(today_route.vehicle.name in name for name in map_live().unplaced)


@pytest.mark.parametrize(("user", "status"), [("coordinator", 200), ("driver", 403), ("school_contact", 403)])
def test_live_map_is_for_coordinators(client, request, network, user, status):
    client.force_login(request.getfixturevalue(user))

    assert client.get("/maps/live/").status_code == status


def test_export_map_writes_a_live_map_that_does_not_reload(tmp_path, today_route):
    out = tmp_path / "live.html"

    call_command("export_map", "live", "--out", str(out), stdout=open(os.devnull, "w"))

    html = out.read_text(encoding="utf-8")
    assert "/static/" not in html and "L.map" in html and "bb-bus-marker" in html
    assert 'http-equiv="refresh"' not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_served_live_map_renders_in_chromium(chromium_page, live_server, today_route):
    page, errors = chromium_page

    page.goto(f"{live_server.url}/maps/live/embed/", wait_until="load")
    page.wait_for_timeout(300)
    assert errors == []
    assert page.locator(".bb-bus-marker").count() == 1
    assert page.locator(".bb-stop-marker").count() == 3
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "live-map.png"))
