"""The coordinators' console in Debian's headless Chromium (driven by Playwright) against a live server: a browser
at desktop or phone size, signing in through the real form, and axe-core's accessibility check."""

import os
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "console"
AXE = Path(__file__).resolve().parents[1] / "driver_app" / "vendor" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 640}
PASSWORD = "secret-pass-123"  # the factories' password


@pytest.fixture
def console_browser(live_server):
    """``console_browser(viewport=DESKTOP)``: a new Chromium page in Vietnamese, Vietnam's time zone; answers
    ``(page, errors)`` where ``errors`` collects script errors and failed requests. Other hosts are refused (no CDN)."""
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's event loop runs in the test's thread
    host = urlparse(live_server.url).hostname
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        contexts = []

        def launch(viewport=DESKTOP, locale="vi-VN"):
            context = browser.new_context(
                viewport=viewport, locale=locale, timezone_id="Asia/Ho_Chi_Minh", is_mobile=viewport == PHONE
            )
            contexts.append(context)
            context.route(lambda url: urlparse(url).hostname != host, lambda route: route.abort())
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
            return page, errors

        yield launch
        for context in contexts:
            context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_in(page, base_url, user, next_path="/console/"):
    """Sign in through the login form and land on ``next_path``."""
    page.goto(f"{base_url}/accounts/login/?next={next_path}")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}{next_path}*")


def serious_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations of impact serious or critical, one line each (empty when clean).
    axe is added through Playwright's script injection, which the page's CSP does not see."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        ".then((r) => r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))"
        ".map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`))"
    )


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wait_until(page, expression: str, timeout_ms: int = 10_000) -> None:
    """Wait until ``expression`` is true in the page. Playwright's ``wait_for_function`` evaluates a string in the
    page, which the strict CSP (no eval) forbids; ``page.evaluate`` goes through the debugger and is allowed."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout_ms} ms: {expression}")
        page.wait_for_timeout(50)
