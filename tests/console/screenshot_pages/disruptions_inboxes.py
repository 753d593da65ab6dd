"""Disruptions, the re-plan a breakdown made, the schools' requests and the sync conflicts (after load_demo_inbox)."""


def latest_replan(page, base_url):
    page.goto(f"{base_url}/console/disruptions/")
    page.locator("table.list a").first.click()
    page.wait_for_load_state()


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
    ("requests", "/console/requests/?status=all"),
    ("request", open_request_with_slots),
    ("conflicts", "/console/conflicts/"),
]
