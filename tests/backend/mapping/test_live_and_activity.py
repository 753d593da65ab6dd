"""The live map (latest GPS fix and today's stops) and the activity map (reader visits or loans per place)."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.fieldwork.models import PositionPing, VisitReport
from backend.mapping.services import map_live
from backend.stock.services import loan_lend
from tests.backend.factories import CopyFactory, PlannedVisitFactory, PlanRouteFactory, ReaderFactory

from .conftest import ARTIFACTS


@pytest.fixture
def today_route(network):
    """Today's published route of the bus: three stops, the first made; the bus reported its position."""
    route = PlanRouteFactory(vehicle=network["vehicle"], date=timezone.localdate())
    visits = [PlannedVisitFactory(route=route, site=site, position=n) for n, site in enumerate(network["sites"][:3])]
    visits[0].status = "done"
    visits[0].save()
    PositionPing.objects.create(vehicle=network["vehicle"], at=timezone.now(), latitude=10.02, longitude=105.75)
    return route


@pytest.fixture
def activity(network, monday):
    """Reports of two visits a fortnight ago (45 and 30 readers) and one loan at the first site."""
    day = monday - datetime.timedelta(days=14)
    route = PlanRouteFactory(vehicle=network["vehicle"], date=day)
    first = PlannedVisitFactory(route=route, site=network["sites"][0], position=0, status="done")
    second = PlannedVisitFactory(route=route, site=network["sites"][1], position=1, status="done")
    VisitReport.objects.create(visit=first, students=40, adults=5)
    VisitReport.objects.create(visit=second, students=30)
    loan_lend(copy=CopyFactory(), reader=ReaderFactory(), site=network["sites"][0], visit=first)
    return day


def test_live_map_shows_the_bus_and_todays_stops(client, coordinator, today_route):
    client.force_login(coordinator)

    html = client.get("/maps/live/").content.decode()

    assert "bb-bus-marker" in html
    assert html.count("bb-stop-marker") == 3
    assert 'http-equiv="refresh"' in html


def test_live_map_lists_a_bus_with_stops_but_no_position(client, coordinator, today_route):
    PositionPing.objects.all().delete()
    client.force_login(coordinator)

    html = client.get("/maps/live/").content.decode()

    assert "bb-bus-marker" not in html and "bb-unplaced" in html  # listed beside the map, not dropped
    assert any(today_route.vehicle.name in name for name in map_live().unplaced)


def test_activity_map_sizes_circles_by_reader_visits_per_site(client, coordinator, network, activity):
    client.force_login(coordinator)

    response = client.get(f"/maps/activity/?metric=visitors&by=site&from={activity}&until={activity}")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("bb-activity") >= len(network["sites"])  # every active site, zeros included
    assert "45" in html and "30" in html


def test_activity_points_count_visitors_and_loans(network, activity):
    from backend.mapping.selectors import activity_points

    visitors = {p.id: p.value for p in activity_points(metric="visitors", by="site", starts_on=activity,
                                                        ends_on=activity)}
    loans = {p.id: p.value for p in activity_points(metric="loans", by="site", starts_on=activity - datetime.timedelta(
        days=30), ends_on=timezone.localdate())}
    by_commune = activity_points(metric="visitors", by="commune", starts_on=activity, ends_on=activity)

    first, second = (f"site:{s.id}" for s in network["sites"][:2])
    assert visitors[first] == 45 and visitors[second] == 30 and sum(visitors.values()) == 75
    assert loans[first] == 1 and sum(loans.values()) == 1
    assert [p.value for p in by_commune] == [75]


@pytest.mark.parametrize(
    "query",
    ["metric=fame", "by=planet", "from=2026-05-01&until=2026-04-01", "from=yesterday"],
)
def test_activity_map_refuses_bad_filters(client, coordinator, network, query):
    client.force_login(coordinator)

    assert client.get(f"/maps/activity/?{query}").status_code == 400


@pytest.mark.parametrize(("user", "status"), [("coordinator", 200), ("driver", 403), ("school_contact", 403)])
def test_live_and_activity_maps_are_for_coordinators(client, request, network, user, status):
    client.force_login(request.getfixturevalue(user))

    assert client.get("/maps/live/").status_code == status
    assert client.get("/maps/activity/").status_code == status


def test_export_map_writes_live_and_activity_files(tmp_path, today_route, activity):
    for kind, extra in (("live", []), ("activity", ["--by", "site", "--metric", "loans"])):
        out = tmp_path / f"{kind}.html"
        call_command("export_map", kind, "--out", str(out), *extra, stdout=open(os.devnull, "w"))
        html = out.read_text(encoding="utf-8")
        assert "/static/" not in html and "L.map" in html
    assert 'http-equiv="refresh"' not in (tmp_path / "live.html").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_served_live_and_activity_maps_render_in_chromium(chromium_page, live_server, network, today_route, activity):
    page, errors = chromium_page

    page.goto(f"{live_server.url}/maps/live/", wait_until="load")
    page.wait_for_timeout(300)
    assert errors == []
    assert page.locator(".bb-bus-marker").count() == 1
    assert page.locator(".bb-stop-marker").count() == 3
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "live-map.png"))

    page.goto(f"{live_server.url}/maps/activity/?by=site&from={activity}&until={activity}", wait_until="load")
    page.wait_for_timeout(300)
    assert errors == []
    assert page.locator("path.leaflet-interactive").count() == len(network["sites"])
    page.screenshot(path=str(ARTIFACTS / "activity-map.png"))
