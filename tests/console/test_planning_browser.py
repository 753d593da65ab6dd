"""A coordinator's planning week in Chromium: sign in, start a run and watch it reach 100 % without reloading, review
the grid and one day's map, move a visit by hand (a refused move says why), publish. No broker: the run goes on in a
thread of the server. Every page: no serious or critical accessibility violation, screenshots at 1280 and 360 px."""

import datetime
import re
from collections import Counter

import pytest

from backend.planning.models import Plan, PlannedVisit, PlanStatus
from tests.console.conftest import DESKTOP, PHONE, screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_plans_reviews_adjusts_and_publishes(
    console_browser, live_server, coordinator, network, settings
):
    settings.BOOKBUS = {**settings.BOOKBUS, "PLANNING_RUNS_IN_THREAD": True}
    page, errors = console_browser(viewport=DESKTOP)
    sign_in(page, live_server.url, coordinator, next_path="/console/planning/")
    assert page.locator("nav.menu a[aria-current=page]").inner_text() == "Lập kế hoạch"
    assert serious_violations(page) == []

    page.click("details.start-run summary")
    page.fill("[name=time_limit_s]", "4")
    page.click("details.start-run button[type=submit]")
    row = page.locator("table.runs tbody tr").first
    page.evaluate("window.reloadMarker = 1")  # gone if the page reloads
    row.locator(".percent").filter(has_text="100 %").wait_for(timeout=60_000)
    assert page.evaluate("window.reloadMarker") == 1
    assert "xong" in row.locator(".run-phase").inner_text()
    screenshot(page, "planning-1280")
    row.get_by_role("link", name="Xem bản nháp").click()

    plan = Plan.objects.get()
    page.wait_for_url(f"**/console/planning/plans/{plan.pk}/")
    visits = list(PlannedVisit.objects.filter(route__plan=plan).select_related("route", "site"))
    assert page.locator("table.grid li.stop").count() == sum(v.route.date < plan.starts_on + _WEEK for v in visits)
    first_day = min(v.route.date for v in visits)
    frame = page.frame_locator("iframe.map")
    frame.locator(".bb-stop-marker").first.wait_for()
    assert frame.locator(".bb-stop-marker").count() == sum(v.route.date == first_day for v in visits)
    page.select_option("#map_date", (first_day + datetime.timedelta(days=1)).isoformat())
    page.click("text=Xem trên bản đồ")
    assert re.search(r"map_date=\d{4}-\d{2}-\d{2}", page.url)
    assert serious_violations(page) == []
    screenshot(page, "plan-review-1280")

    counts = Counter(v.route.date for v in visits)
    busiest = max(counts, key=counts.get)
    visit = next(v for v in visits if v.route.date != busiest)
    page.click(f"#visit-{visit.pk} a")
    page.select_option("[name=date]", busiest.isoformat())
    page.fill("[name=position]", "1")
    page.click("text=Chuyển và ghim")
    refusal = page.locator(".problem[role=alert]")
    assert "bị từ chối" in refusal.inner_text() and "site:" not in refusal.inner_text()
    assert serious_violations(page) == []
    screenshot(page, "visit-move-refused-1280")
    page.select_option("[name=date]", visit.route.date.isoformat())
    page.fill("[name=position]", "")
    page.click("text=Chuyển và ghim")
    page.wait_for_url(f"**/console/planning/plans/{plan.pk}/*")
    assert "đã ghim" in page.locator(f"#visit-{visit.pk}").inner_text()

    page.click("text=Xuất bản kế hoạch này")
    assert "đã được xuất bản" in page.locator(".messages").inner_text()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.PUBLISHED

    page.goto(f"{live_server.url}/maps/plan/{plan.pk}/?date={first_day.isoformat()}")
    assert page.locator("nav.menu").is_visible()
    page.frame_locator("iframe.map-frame").locator(".bb-stop-marker").first.wait_for()
    assert serious_violations(page) == []
    screenshot(page, "plan-map-page-1280")
    assert _own(errors) == []

    phone, phone_errors = console_browser(viewport=PHONE)
    sign_in(phone, live_server.url, coordinator, next_path="/console/planning/")
    screenshot(phone, "planning-360")
    assert serious_violations(phone) == []
    phone.goto(f"{live_server.url}/console/planning/plans/{plan.pk}/")
    assert serious_violations(phone) == []
    screenshot(phone, "plan-review-360")
    phone.goto(f"{live_server.url}/console/planning/visits/{visit.pk}/move/")
    screenshot(phone, "visit-move-360")
    phone.goto(f"{live_server.url}/maps/plan/{plan.pk}/")
    assert serious_violations(phone) == []
    screenshot(phone, "plan-map-page-360")
    assert _own(phone_errors) == []


def _own(errors: list[str]) -> list[str]:
    """Script errors and failed requests, but for the map tiles (the tile server is another host, refused here) and
    the refused move, which answers 400 on purpose."""
    return [e for e in errors if "net::ERR_FAILED" not in e and "status of 400" not in e]


_WEEK = datetime.timedelta(days=7)
