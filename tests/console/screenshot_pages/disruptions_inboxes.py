"""Disruptions, the re-plan a breakdown made and its map of the first day with changes, the schools' requests and
the sync conflicts (after load_demo_inbox)."""

from tests.console.screenshot_pages import wait_for_maps


def latest_replan(page, base_url):
    page.goto(f"{base_url}/console/disruptions/")
    page.locator("table.list a").first.click()
    page.wait_for_load_state()


def replan_map(page, base_url):
    """The map of the re-plan's first changed day: its changes marked against the published plan."""
    latest_replan(page, base_url)
    links = page.locator("ul.day-maps a")
    if not links.count():
        return False
    page.goto(f"{base_url}{links.first.get_attribute('href')}")
    page.frame_locator("iframe.map-frame").locator(".bb-changes-legend").wait_for(timeout=30_000)
    wait_for_maps(page)
    return True


def open_request_with_slots(page, base_url):
    """The first submitted request that has slots on offer (the slots load after the page)."""
    page.goto(f"{base_url}/console/requests/?status=submitted")
    links = [a.get_attribute("href") for a in page.locator("table.requests a").all()]
    for href in links:
        page.goto(f"{base_url}{href}")
        page.wait_for_selector("#slots:not([hx-get])")
        if page.locator("table.slots").count():
            return


PAGES = [
    ("disruptions", "/console/disruptions/"),
    ("replan", latest_replan),
    ("replan-map", replan_map),
    ("requests", "/console/requests/?status=all"),
    ("request", open_request_with_slots),
    ("conflicts", "/console/conflicts/"),
]
