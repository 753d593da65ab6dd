"""The console's frame in Chromium: signing in, the header menu at desktop and phone sizes, no serious or critical
accessibility violation, no script error, htmx loaded from this server."""

import pytest

from tests.console.conftest import DESKTOP, PHONE, screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_overview_after_signing_in(console_browser, live_server, coordinator, viewport):
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator)
    assert page.inner_text("h1") == "Công việc hôm nay"
    assert page.locator("nav.menu a[aria-current=page]").inner_text() == "Tổng quan"
    assert page.evaluate("typeof htmx") == "object"
    assert serious_violations(page) == []
    screenshot(page, f"overview-{viewport['width']}")
    page.goto(f"{live_server.url}/console/no-such-page/")
    assert serious_violations(page) == []
    screenshot(page, f"not-found-{viewport['width']}")
    assert [e for e in errors if "404" not in e] == []
