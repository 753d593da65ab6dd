"""The planning pages of the demo: the board, the newest plan's review and a visit's move form, the plan map page."""


def pages(base_url: str, page) -> list[tuple[str, str]]:
    """Found by following the board's links, so the script needs only the server."""
    page.goto(f"{base_url}/console/planning/")
    plan_url = page.locator("table.plans a").first.get_attribute("href")
    page.goto(f"{base_url}{plan_url}")
    move_url = page.locator("table.grid li.stop a").first.get_attribute("href")
    plan_id = plan_url.rstrip("/").rsplit("/", 1)[-1]
    found = [("planning", "/console/planning/"), ("plan-review", plan_url), ("plan-map", f"/maps/plan/{plan_id}/")]
    if move_url:
        found.append(("visit-move", move_url))
    return found
