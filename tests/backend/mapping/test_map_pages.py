"""Tests of the coordinators' map pages: served from our own static files, checked in headless Chromium."""

import datetime
import os

import pytest
from django.core.management import call_command

import routing
from backend.planning.models import Plan, PlanStatus
from backend.planning.services import problem_build
from backend.planning.services.plans import plan_save_from_routing
from tests.backend.browser import ARTIFACTS


@pytest.fixture
def stored_plan(network, monday):
    built = problem_build(starts_on=monday, ends_on=monday + datetime.timedelta(days=4), vehicles=[network["vehicle"]])
    plan = routing.solve(built.problem, routing.SolveParams(time_limit_s=1, seed=3))
    stored = plan_save_from_routing(run=None, built=built, plan=plan)
    stored.status = PlanStatus.PUBLISHED
    stored.save()
    return stored


def test_plan_map_page_draws_every_stop(client, coordinator, stored_plan):
    client.force_login(coordinator)

    html = client.get(f"/maps/plan/{stored_plan.id}/embed/").content.decode()

    assert "/static/maps/vendor/leaflet" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    stops = sum(r.visits.count() for r in stored_plan.routes.all())
    assert html.count("bb-stop-marker") >= stops


@pytest.mark.parametrize(("user", "status"), [("coordinator", 200), ("driver", 403), ("school_contact", 403)])
def test_map_pages_are_for_coordinators(client, request, stored_plan, user, status):
    client.force_login(request.getfixturevalue(user))

    assert client.get(f"/maps/plan/{stored_plan.id}/").status_code == status
    assert client.get("/maps/coverage/").status_code == status


def test_map_pages_need_a_login(client, stored_plan):
    assert client.get(f"/maps/plan/{stored_plan.id}/").status_code == 302


def test_unknown_plan_is_404_and_bad_filters_400(client, coordinator, stored_plan):
    client.force_login(coordinator)

    assert client.get("/maps/plan/999999/").status_code == 404
    assert client.get(f"/maps/plan/{stored_plan.id}/?date=yesterday").status_code == 400
    assert client.get("/maps/coverage/?kind=castle").status_code == 400


def test_map_pages_frame_the_map_under_the_header_menu_with_date_and_bus_controls(client, coordinator, stored_plan):
    client.force_login(coordinator)
    day = stored_plan.starts_on.isoformat()

    page = client.get(f"/maps/plan/{stored_plan.id}/?date={day}").content.decode()

    assert 'nav class="menu"' in page and f'href="/console/planning/plans/{stored_plan.id}/"' in page
    assert f'src="/maps/plan/{stored_plan.id}/embed/?date={day}"' in page
    assert f'<option value="{day}" selected>' in page and 'name="vehicle"' in page
    embed = client.get(f"/maps/plan/{stored_plan.id}/embed/?date={day}")
    assert embed["X-Frame-Options"] == "SAMEORIGIN"
    for address in ("/maps/coverage/", "/maps/live/", "/maps/activity/"):
        framed = client.get(address).content.decode()
        assert 'nav class="menu"' in framed and f'src="{address}embed/' in framed


def test_plan_without_routes_shows_a_message(client, coordinator, network, monday):
    empty = Plan.objects.create(starts_on=monday, ends_on=monday, network_revision=0)
    client.force_login(coordinator)

    response = client.get(f"/maps/plan/{empty.id}/embed/")

    assert response.status_code == 200
    assert "bb-message" in response.content.decode()


def test_export_map_writes_a_self_contained_file(tmp_path, stored_plan):
    out = tmp_path / "plan.html"

    call_command("export_map", "plan", "--plan", str(stored_plan.id), "--out", str(out), stdout=open(os.devnull, "w"))

    html = out.read_text(encoding="utf-8")
    assert "/static/" not in html and "L.map" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_served_plan_map_renders_in_chromium(chromium_page, live_server, stored_plan):
    page, errors = chromium_page
    stops = sum(r.visits.count() for r in stored_plan.routes.all())

    page.goto(f"{live_server.url}/maps/plan/{stored_plan.id}/embed/", wait_until="load")
    page.wait_for_timeout(300)

    assert errors == []
    assert page.locator(".bb-stop-marker").count() == stops
    assert page.locator("path.leaflet-interactive").count() >= stored_plan.routes.count()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "plan-map.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_served_coverage_map_renders_in_chromium(chromium_page, live_server, network):
    page, errors = chromium_page

    page.goto(f"{live_server.url}/maps/coverage/embed/", wait_until="load")
    page.wait_for_timeout(300)

    assert errors == []
    assert page.locator("path.leaflet-interactive").count() == len(network["sites"])
    page.screenshot(path=str(ARTIFACTS / "coverage-map.png"))
