"""The console pages the README shows, one module per area: each has ``PAGES``, a list of ``(name, how)`` where
``how`` is a path on the server or a function ``how(page, base_url)`` that opens the page (and answers False when the
demo has nothing to show there: no screenshot is taken)."""


def follow_first(page, base_url, list_path: str, selector: str) -> bool:
    """Open ``list_path``, then the first link matching ``selector`` on it; False when there is none."""
    page.goto(f"{base_url}{list_path}")
    links = page.locator(selector)
    if not links.count():
        return False
    page.goto(f"{base_url}{links.first.get_attribute('href')}")
    return True


def wait_for_maps(page) -> None:
    """Wait until Leaflet has drawn each embedded map."""
    for frame in page.frames[1:]:
        frame.wait_for_selector(".leaflet-container", timeout=30_000)
    page.wait_for_timeout(500)
