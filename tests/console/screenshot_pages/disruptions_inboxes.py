"""Disruptions, the re-plan a breakdown made, the schools' requests and the sync conflicts (after load_demo_inbox)."""


def latest_replan(page, base_url):
    page.goto(f"{base_url}/console/disruptions/")
    page.locator("table.list a").first.click()
    page.wait_for_load_state()


def first_open_request(page, base_url):
    page.goto(f"{base_url}/console/requests/?status=submitted")
    page.locator("table.requests a").first.click()
    page.wait_for_load_state()


PAGES = [
    ("disruptions", "/console/disruptions/"),
    ("replan", latest_replan),
    ("requests", "/console/requests/?status=all"),
    ("request", first_open_request),
    ("conflicts", "/console/conflicts/"),
]
