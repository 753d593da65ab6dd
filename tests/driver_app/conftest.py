"""The driver app in a phone-sized headless Chromium (Debian's package, driven by Playwright), against a live server
with the crew's published day (the phone API tests' fixtures)."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.mobile_api.conftest import day, device, phone, stock, today  # noqa: F401  (the phone API tests' fixtures)

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "driver"
PHONE = {"width": 360, "height": 640}


@pytest.fixture
def phone_browser(live_server, tmp_path):
    """``phone_browser(*args, viewport=PHONE, bypass_csp=False)``: a new Chromium with a phone's screen, GPS and
    camera permission, and a profile of its own (an incognito window is never installable); answers
    ``(context, page, errors)``. Requests to any other host are refused (no CDN)."""
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's event loop runs in the test's thread
    host = urlparse(live_server.url).hostname
    with sync_playwright() as pw:
        contexts = []

        def launch(*args, viewport=PHONE, bypass_csp=False):
            context = pw.chromium.launch_persistent_context(
                str(tmp_path / f"profile-{len(contexts)}"),
                executable_path=str(CHROMIUM),
                args=[*CHROMIUM_ARGS, *args],
                viewport=viewport,
                device_scale_factor=1,
                is_mobile=viewport == PHONE,
                has_touch=viewport == PHONE,
                locale="vi-VN",
                timezone_id="Asia/Ho_Chi_Minh",
                permissions=["geolocation", "camera"],
                geolocation={"latitude": 10.03, "longitude": 105.77, "accuracy": 12},
                service_workers="allow",
                bypass_csp=bypass_csp,
            )
            contexts.append(context)
            context.route(lambda url: urlparse(url).hostname != host, lambda route: route.abort())
            page = context.pages[0] if context.pages else context.new_page()
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on(
                "console", lambda msg: msg.type == "error" and not offline_noise(msg.text) and errors.append(msg.text)
            )
            return context, page, errors

        yield launch
        for context in contexts:
            context.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def offline_noise(text):
    """A request that failed for want of a network: expected offline (an HTTP error status is not noise)."""
    return text.startswith("Failed to load resource: net::")


def sign_in(page, base_url, driver):
    """Open the app and sign the phone in through its form; waits for today's run sheet and the service worker."""
    page.goto(f"{base_url}/driver/")
    page.fill("[name=username]", driver.username)
    page.fill("[name=password]", "secret-pass-123")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=stop]")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()  # a page opened while the worker installed is controlled from its next load
        page.wait_for_selector("[data-testid=stop]")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10_000)


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
