"""Every screen passes axe-core's WCAG 2.1 A/AA rules (contrast included: the crew reads it in the sun), at a phone's
360×640 and on a desktop, in Vietnamese and in English."""

from pathlib import Path

import pytest

from tests.driver_app.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def violations(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        ".then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`))"
    )
    return found


@pytest.mark.parametrize(
    "viewport", [{"width": 360, "height": 640}, {"width": 1280, "height": 800}], ids=["phone", "desktop"]
)
def test_every_screen_passes_axe_in_both_languages(phone_browser, live_server, day, stock, driver, viewport):
    context, page, errors = phone_browser(viewport=viewport, bypass_csp=True)  # axe is injected as an inline script
    size = f"{viewport['width']}"
    page.goto(f"{live_server.url}/driver/")
    page.wait_for_selector("[name=username]")
    assert violations(page) == []
    screenshot(page, f"sign-in-{size}")
    sign_in(page, live_server.url, driver)
    visit = day["visits"][0].id
    screens = {"today": "", "bus": "#/bus", "stop": f"#/stop/{visit}", "lend": f"#/stop/{visit}/lend"}
    screens["reserve"] = f"#/stop/{visit}/reserve"
    screens["skip"] = f"#/stop/{visit}/skip"  # last: the language is switched on it
    for name, hash_ in screens.items():
        page.goto(f"{live_server.url}/driver/{hash_}")
        page.wait_for_selector("body[data-ready='1']")
        assert violations(page) == [], name
        screenshot(page, f"{name}-{size}")

    page.click("#bar button.lang")
    page.wait_for_selector("#bar button.sync:has-text('Sync now')")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.inner_text("h1") == "Skip stop" and "Cause" in page.inner_text("main")
    assert violations(page) == []
    screenshot(page, f"skip-en-{size}")
    page.reload()  # the language is kept on the phone
    page.wait_for_selector("body[data-ready='1']")
    assert page.inner_text("h1") == "Skip stop"
    assert errors == []
