"""Browser fixture for page tests: a coordinator's headless Chromium (Debian's package, driven by Playwright)."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "pages"


@pytest.fixture
def chromium_page(live_server, coordinator):
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from playwright.sync_api import sync_playwright

    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(coordinator.pk), settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = coordinator.get_session_auth_hash()
    session.save()
    # Playwright's sync API runs an event loop in this thread; the database work above is done already.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        context = browser.new_context(viewport={"width": 1100, "height": 750})
        host = urlparse(live_server.url).hostname
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "domain": host, "path": "/"}]
        )
        context.route(lambda url: urlparse(url).hostname != host, lambda route: route.abort())  # no tiles, no CDN
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: msg.type == "error" and host in msg.location.get("url", "") and errors.append(msg.text),
        )
        yield page, errors
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
