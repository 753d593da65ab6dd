"""The activity map and the dashboard served and opened in headless Chromium: no script errors, circles drawn."""

import pytest

from tests.backend.browser import ARTIFACTS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_served_activity_map_renders_in_chromium(chromium_page, live_server, reader_history):
    page, errors = chromium_page

    page.goto(f"{live_server.url}/maps/activity/embed/?by=site&start=2026-03-01&end=2026-03-31", wait_until="load")
    page.wait_for_timeout(300)

    assert errors == []
    assert page.locator("path.bb-activity").count() >= 3
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "activity-map.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_renders_in_chromium(chromium_page, live_server, reader_history):
    page, errors = chromium_page

    page.goto(f"{live_server.url}/reports/?year=2026", wait_until="load")

    assert errors == []
    assert page.locator("svg.bb-chart rect.bb-bar").count() == 12
    page.screenshot(path=str(ARTIFACTS / "reports-dashboard.png"), full_page=True)
