"""The network: service sites, a site with its map, the vehicles and their crews."""

from tests.console.screenshot_pages import follow_first


def site(page, base_url):
    found = follow_first(page, base_url, "/console/sites/", "table.list a[href*='/console/sites/']")
    if found:
        page.wait_for_selector(".leaflet-container", timeout=30_000)  # the site's position map
        page.wait_for_timeout(500)
    return found


PAGES = [
    ("sites", "/console/sites/"),
    ("site", site),
    ("vehicles", "/console/sites/vehicles/"),
]
