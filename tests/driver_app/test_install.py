"""The app is installable (manifest and service worker) and opens with no network once it has synced."""

import pytest

from tests.driver_app.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_app_is_installable_and_its_shell_loads_offline(phone_browser, live_server, day, driver):
    context, page, errors = phone_browser()
    sign_in(page, live_server.url, driver)

    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and manifest["url"].endswith("/driver/manifest.webmanifest")

    context.set_offline(True)
    page.reload()
    page.wait_for_selector("[data-testid=stop]")

    names = page.locator("[data-testid=stop] strong").all_inner_texts()
    assert names == [visit.site.name for visit in day["visits"]]
    page.wait_for_selector(".net.off:has-text('Mất mạng')")
    screenshot(page, "today-offline-360")
    assert errors == []
