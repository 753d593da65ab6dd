"""Trips of several days with nights at a lodging, sites reached by ferry and sites the bus cannot reach, from the
database through the planner and back: stored, re-checked, on the run sheet and on the plan map."""

import dataclasses
import datetime
import json
from types import SimpleNamespace

import pytest
from django.test import Client
from rest_framework.test import APIClient

import routing
from backend.places.models import FerryLink, Lodging
from backend.planning.models import LeftOutVisit, PlannedVisit, PlanRoute
from backend.planning.services import problem_build
from backend.planning.services.plans import plan_to_routing
from backend.planning.services.translate import planner_left_out
from backend.sync.services import device_register
from tests.backend.factories import (
    CommuneFactory,
    DepotFactory,
    SchoolFactory,
    SiteFactory,
    UserFactory,
    VehicleFactory,
)
from tests.backend.planning.test_planning_flow import run_now

ALL_DAY = [(d, "07:00", "17:00") for d in range(5)]


def site_in(commune, lat, lon, **extra):
    return SiteFactory(
        school=SchoolFactory(commune=commune),
        commune=commune,
        latitude=lat,
        longitude=lon,
        visit_minutes=60,
        setup_minutes=10,
        windows=ALL_DAY,
        **extra,
    )


def plan_for(client, vehicle, monday, days=5):
    response = client.post(
        "/api/v1/planning-runs/",
        {
            "starts_on": monday.isoformat(),
            "ends_on": (monday + datetime.timedelta(days=days - 1)).isoformat(),
            "vehicles": [vehicle.id],
            "time_limit_s": 3,
        },
        format="json",
    )
    run = run_now(response)
    assert run.status == "succeeded", run.error
    return run.plan


def violations_of(plan, vehicle):
    built = problem_build(starts_on=plan.starts_on, ends_on=plan.ends_on, vehicles=[vehicle])
    stored, _done = plan_to_routing(plan, built)
    stored = dataclasses.replace(stored, left_out=tuple(planner_left_out(lo) for lo in plan.left_out.all()))
    return [v for v in routing.check(built.problem, stored) if v.code != "distance"], stored


@pytest.fixture
def far_trip(db, commune):
    """Two sites about 170 km from the depot: too far for a day there and back, close to a lodging."""
    depot = DepotFactory(commune=commune, latitude=10.033, longitude=105.783)
    crew = [UserFactory(role="driver_librarian") for _ in range(3)]
    bus = VehicleFactory(home_depot=depot, crew=crew, capacity_boxes=12, max_trip_days=2)
    far = CommuneFactory(name="Xã Đất Mũi", kind="xa", latitude=8.75, longitude=105.0)
    sites = [site_in(far, 8.75, 105.0), site_in(far, 8.77, 105.03)]
    lodging = Lodging.objects.create(
        name="Nhà khách xã Đất Mũi",
        commune=far,
        address="Ấp Mũi",
        latitude=8.76,
        longitude=105.01,
        cost_per_night=300000,
    )
    return {"vehicle": bus, "crew": crew, "sites": sites, "lodging": lodging}


def test_far_sites_are_served_on_a_two_day_trip(client_for, coordinator, far_trip, monday):
    api = client_for(coordinator)
    plan = plan_for(api, far_trip["vehicle"], monday)

    assert not plan.left_out.exists()
    days = list(PlanRoute.objects.filter(plan=plan).order_by("date"))
    assert [(r.trip_day, r.start_lodging, r.end_lodging) for r in days] == [
        (1, None, far_trip["lodging"]),
        (2, far_trip["lodging"], None),
    ]
    assert days[1].date == days[0].date + datetime.timedelta(days=1)
    assert plan.stats["nights"] == 1

    violations, stored = violations_of(plan, far_trip["vehicle"])
    assert violations == []
    assert [t.lodgings for t in stored.trips()] == [(f"lodging:{far_trip['lodging'].id}",)]

    shown = api.get(f"/api/v1/plans/{plan.id}/").json()["routes"]
    assert [(r["trip_day"], r["end_lodging"]) for r in shown] == [(1, far_trip["lodging"].id), (2, None)]
    assert api.post(f"/api/v1/plans/{plan.id}/publish/").status_code == 200
    device, token = device_register(user=far_trip["crew"][0], name="Điện thoại Lan")
    phone = APIClient()
    phone.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    first = phone.get(f"/api/mobile/v1/run-sheet/?date={days[0].date.isoformat()}").json()["routes"][0]
    second = phone.get(f"/api/mobile/v1/run-sheet/?date={days[1].date.isoformat()}").json()["routes"][0]
    assert first["trip"]["day"] == 1 and first["trip"]["starts_from"] is None
    assert first["trip"]["sleeps_at"]["name"] == "Nhà khách xã Đất Mũi"
    assert first["trip"]["sleeps_at"]["latitude"] == 8.76
    assert second["trip"]["day"] == 2 and second["trip"]["sleeps_at"] is None
    assert second["trip"]["starts_from"]["address"] == "Ấp Mũi"

    browser = Client()
    browser.force_login(coordinator)
    page = browser.get(f"/maps/plan/{plan.id}/embed/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "bb-night-marker" in html
    assert json.dumps("Nhà khách xã Đất Mũi")[1:-1] in html  # the night marker's popup, escaped in the script


def test_a_trip_leaves_loaded_for_all_its_days(client_for, coordinator, far_trip, monday, monkeypatch):
    boxes = {site.id: SimpleNamespace(deliver_boxes=3, collect_boxes=1) for site in far_trip["sites"]}
    monkeypatch.setattr("backend.planning.services.problem.box_loads_due", lambda until: boxes)
    plan = plan_for(client_for(coordinator), far_trip["vehicle"], monday)

    violations, stored = violations_of(plan, far_trip["vehicle"])
    first, second = stored.trips()[0].routes
    assert violations == []
    assert first.load_start == 6  # the whole trip's deliveries leave the depot on the first day
    assert second.load_start == first.stops[-1].load_after


def test_same_day_trip_vehicle_leaves_far_sites_unreachable(client_for, coordinator, far_trip, monday):
    bus = far_trip["vehicle"]
    bus.max_trip_days = 1
    bus.save()
    plan = plan_for(client_for(coordinator), bus, monday)
    assert set(plan.left_out.values_list("reason", flat=True)) == {"unreachable"}


@pytest.fixture
def island(db, commune):
    """A special zone (đặc khu) reached by a ferry, another one the bus cannot reach, and a site on the mainland."""
    depot = DepotFactory(commune=commune, latitude=10.033, longitude=105.783)
    crew = [UserFactory(role="driver_librarian") for _ in range(3)]
    bus = VehicleFactory(home_depot=depot, crew=crew, capacity_boxes=12)
    ferry = FerryLink.objects.create(
        name="Phà Rạch Giá – Hòn Sơn",
        port_latitude=10.0,
        port_longitude=105.55,
        island_port_latitude=10.0,
        island_port_longitude=105.35,
        crossing_minutes=60,
        departures=["08:00", "10:00"],
        return_departures=["13:00", "15:00"],
        bus_boards=True,
    )
    zone = CommuneFactory(name="Đặc khu Hòn Sơn", kind="dac_khu", ferry=ferry, latitude=10.0, longitude=105.33)
    far_zone = CommuneFactory(name="Đặc khu Thổ Chu", kind="dac_khu", latitude=9.3, longitude=103.5)
    return {
        "vehicle": bus,
        "ferry": ferry,
        "island_site": site_in(zone, 10.0, 105.33),
        "no_road_site": site_in(far_zone, 9.3, 103.5),
        "mainland_site": site_in(commune, 10.01, 105.7),
    }


def test_island_site_is_planned_on_a_departure_and_no_road_site_left_out(client_for, coordinator, island, monday):
    plan = plan_for(client_for(coordinator), island["vehicle"], monday)

    left = LeftOutVisit.objects.get(plan=plan)
    assert left.site == island["no_road_site"] and left.reason == "no_road"
    assert left.message
    crossing = PlannedVisit.objects.get(route__plan=plan, site=island["island_site"])
    assert crossing.ferry_departs_at in (datetime.time(8, 0), datetime.time(10, 0))
    assert crossing.route.return_ferry_departs_at in (datetime.time(13, 0), datetime.time(15, 0))
    assert PlannedVisit.objects.get(route__plan=plan, site=island["mainland_site"]).ferry_departs_at is None
    assert plan.stats["ferry_crossings"] >= 1
    violations, _stored = violations_of(plan, island["vehicle"])
    assert violations == []


def test_a_site_marked_no_road_on_the_mainland_is_left_out(client_for, coordinator, island, monday):
    site = island["mainland_site"]
    site.access = "no_road"
    site.save()
    plan = plan_for(client_for(coordinator), island["vehicle"], monday)
    assert LeftOutVisit.objects.get(plan=plan, site=site).reason == "no_road"
