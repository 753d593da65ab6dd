"""Tests that the maps render in headless Chromium with no script errors, no network and no tiles."""

from __future__ import annotations

from datetime import date

import pytest

from maps import EN, render_activity, render_coverage, render_live, render_plan, to_html
from maps.bench import generated_plan
from routing import Plan

pytestmark = pytest.mark.browser

LABELS = {"school-a": "Trường Tiểu học A", "school-b": "Trường THCS B", "house-c": "Nhà văn hóa C"}


@pytest.mark.parametrize("inline", [False, True], ids=["served", "inlined"])
def test_plan_map_shows_every_stop_depot_and_route(tiny, open_page, inline):
    """Tests that the plan page shows 3 numbered stops, the depot and 2 route lines, served or self-contained."""
    problem, plan = tiny
    html = to_html(render_plan(plan, problem, site_labels=LABELS), inline_assets=inline)
    page = open_page(f"plan-{'inlined' if inline else 'served'}", html)
    assert page.errors == []
    assert page.count(".bb-stop-marker") == 3
    assert page.count(".bb-depot-marker") == 1
    assert page.count(".leaflet-marker-icon") == 4
    assert page.count("path.bb-route") == 2
    assert page.count(".leaflet-control-layers-overlays label") == 2
    assert "Thứ Hai 02/03/2026 · bus1 · 2 điểm dừng · 22 km" in page.page.inner_text(".bb-panel")
    page.screenshot(f"plan-{'inlined' if inline else 'served'}")


def test_plan_popup_opens_with_the_stop_details(tiny, open_page):
    """Tests that clicking a stop opens its popup with site, times, window and boxes."""
    problem, plan = tiny
    page = open_page("plan-popup", to_html(render_plan(plan, problem, site_labels=LABELS, messages=EN)))
    page.page.locator(".bb-stop-marker").first.click()
    page.page.wait_for_selector(".leaflet-popup-content")
    page.page.wait_for_timeout(500)  # the popup fades in and the map pans to it
    text = page.page.inner_text(".leaflet-popup-content")
    assert "1. Trường THCS B" in text
    assert "Arrival – departure" in text and "07:15" in text
    assert "07:00-11:15, 13:30-16:45" in text
    assert "Delivers 2 boxes, collects 2" in text
    assert page.errors == []
    page.screenshot("plan-popup")


def test_month_of_150_visits_shows_every_stop(open_page):
    """Tests a generated month (150 visits, 69 routes) in the browser, inlined: all stops and lines, no errors."""
    plan, problem, labels = generated_plan(150)
    page = open_page("plan-150", to_html(render_plan(plan, problem, site_labels=labels), inline_assets=True))
    assert page.errors == []
    assert page.count(".bb-stop-marker") == 150
    assert page.count("path.bb-route") == len(plan.routes)
    page.screenshot("plan-150")


def test_empty_plan_shows_a_message(tiny, open_page):
    """Tests that a plan with no routes gives a map with the depot and a clear message, and no errors."""
    problem, _ = tiny
    page = open_page("plan-empty", to_html(render_plan(Plan(()), problem)))
    assert page.errors == []
    assert page.page.inner_text(".bb-message") == "Kế hoạch này không có tuyến nào."
    assert page.count("path.bb-route") == 0
    page.screenshot("plan-empty")


def test_coverage_map_colours_sites_and_lists_the_unplaced(coverage_sites, open_page):
    """Tests that 4 sites are drawn as circles, the one without coordinates is listed beside them."""
    result = render_coverage(coverage_sites, today=date(2026, 3, 20))
    page = open_page("coverage", to_html(result, inline_assets=True))
    assert page.errors == []
    assert page.count("path.bb-site") == 4
    assert page.count("path.bb-overdue") == 1
    assert "Điểm bưu điện - văn hóa xã Nhơn Ái" in page.page.inner_text("details.bb-unplaced")
    page.screenshot("coverage")


def test_live_map_shows_buses_and_stops_and_refreshes(live_vehicles, open_page):
    """Tests the live page: one bus placed, 3 stops (2 done), the bus without position listed, a refresh tag."""
    html = to_html(render_live(live_vehicles, refresh_s=600))
    page = open_page("live", html)
    assert page.errors == []
    assert page.count(".bb-bus-marker") == 1
    assert page.count(".bb-live-done") == 2
    assert page.count(".bb-live-remaining") == 1
    assert page.page.locator('meta[http-equiv="refresh"]').get_attribute("content") == "600"
    assert "65A-002.45" in page.page.inner_text("details.bb-unplaced")
    page.screenshot("live")


def test_activity_map_draws_sized_circles(activity_points, open_page):
    """Tests that every placed commune gets a circle and the legend shows sample sizes."""
    html = to_html(render_activity(activity_points, metric_label="Lượt bạn đọc", period_label="12/2025 – 11/2026"))
    page = open_page("activity", html)
    assert page.errors == []
    assert page.count("path.bb-activity") == 4
    assert page.count(".bb-size") == 3
    page.screenshot("activity")


def test_the_harness_reports_script_errors(open_page):
    """Tests that a broken page is caught, so the 'no errors' assertions above mean something."""
    page = open_page("broken", "<html><body><script>notDefined();</script></body></html>")
    assert any("notDefined" in e for e in page.errors)
