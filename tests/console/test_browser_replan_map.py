"""A re-plan's map in Chromium: after a bus is out for two days, the map of the first day out marks the visits that
moved away or were dropped, with the changes' legend; the page and the map itself have no serious or critical
accessibility violation. Screenshots at 1280 and 360 px."""

import datetime

import pytest

from backend.planning.models import Plan, PlannedVisit
from backend.planning.services import disruptions, planning_run_execute
from tests.console.conftest import DESKTOP, PHONE, screenshot, serious_violations, sign_in
from tests.console.planning_helpers import published_week

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_map_of_a_replan_marks_what_left_the_day_out_with_a_legend(
    console_browser, live_server, coordinator, network, monday, viewport
):
    week = published_week(network, monday, coordinator)
    first = min(PlannedVisit.objects.filter(route__plan=week).values_list("route__date", flat=True))
    hit = PlannedVisit.objects.filter(route__plan=week, route__date=first).count()
    _, run = disruptions.vehicle_mark_out_of_service(
        vehicle=network["vehicle"],
        starts_on=first,
        ends_on=first + datetime.timedelta(days=1),
        reason="Hỏng hộp số",
        user=coordinator,
        time_limit_s=2,
    )
    planning_run_execute(run_id=run.pk)
    draft = Plan.objects.get(run=run)
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator, next_path=f"/console/disruptions/replans/{run.pk}/")

    page.click(f"a[href='/maps/plan/{draft.pk}/?date={first.isoformat()}']")
    frame = page.frame_locator("iframe.map-frame")
    legend = frame.locator(".bb-changes-legend")
    legend.wait_for()
    assert "Thay đổi so với kế hoạch đã xuất bản" in legend.inner_text()
    marks = frame.locator(".bb-change-moved-away, .bb-change-dropped")
    assert marks.count() == hit  # every visit of the day out went elsewhere or was dropped
    assert frame.locator(".bb-stop-marker").count() == 0  # and no route is left that day
    marks.first.focus()
    page.keyboard.press("Enter")  # a marker is a button: the keyboard opens its popup
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Chuyển sang" in popup.inner_text() or "nay không thuộc tuyến nào" in popup.inner_text()
    page.wait_for_timeout(400)  # the popup fades in
    assert serious_violations(page) == []
    screenshot(page, f"replan-map-{viewport['width']}")

    page.goto(f"{live_server.url}/maps/plan/{draft.pk}/embed/?date={first.isoformat()}")  # the map document itself
    page.locator(".bb-changes-legend").wait_for()
    assert serious_violations(page) == []
    assert [e for e in errors if "net::ERR_FAILED" not in e] == []  # (the tile server is another host, refused)
