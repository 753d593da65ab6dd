"""The planning pages of the demo: the board, the newest plan's review and a visit's move form, the plan map page.
Found by following the board's links, so the script needs only the server."""


def _newest_plan(page, base_url) -> str:
    page.goto(f"{base_url}/console/planning/")
    return page.locator("table.plans a").first.get_attribute("href")


def plan_review(page, base_url):
    page.goto(f"{base_url}{_newest_plan(page, base_url)}")


def plan_map(page, base_url):
    plan_id = _newest_plan(page, base_url).rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"{base_url}/maps/plan/{plan_id}/")
    for frame in page.frames[1:]:  # the embedded map: wait until Leaflet has drawn it
        frame.wait_for_selector(".leaflet-container", timeout=30_000)
    page.wait_for_timeout(500)


def visit_move(page, base_url):
    plan_review(page, base_url)
    page.goto(f"{base_url}{page.locator('table.grid li.stop a').first.get_attribute('href')}")


PAGES = [
    ("planning", "/console/planning/"),
    ("plan-review", plan_review),
    ("plan-map", plan_map),
    ("visit-move", visit_move),
]
