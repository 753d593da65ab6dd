"""The planning pages of the demo: the board, the newest plan's review and a visit's move form, the plan map page.
Found by following the board's links, so the script needs only the server."""

from tests.console.screenshot_pages import wait_for_maps


def _newest_plan(page, base_url) -> str:
    page.goto(f"{base_url}/console/planning/")
    return page.locator("table.plans a").first.get_attribute("href")


def plan_review(page, base_url):
    page.goto(f"{base_url}{_newest_plan(page, base_url)}")


def plan_map(page, base_url):
    plan_id = _newest_plan(page, base_url).rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"{base_url}/maps/plan/{plan_id}/")
    wait_for_maps(page)


def visit_move(page, base_url):
    plan_review(page, base_url)
    page.goto(f"{base_url}{page.locator('table.grid li.stop a').first.get_attribute('href')}")


PAGES = [
    ("planning", "/console/planning/"),
    ("plan-review", plan_review),
    ("plan-map", plan_map),
    ("visit-move", visit_move),
]
