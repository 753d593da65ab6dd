"""Fixtures for the map tests: small plain-data inputs, and a local web server plus headless Chromium.

Browser tests use Debian's chromium at /usr/bin/chromium (``.ci/run`` installs it) and skip, saying so, where it
is missing. Every request that is not to 127.0.0.1 is aborted, so the tests never touch the network and prove
that the maps render with no tiles.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from maps import STATIC_DIR, ActivityPoint, CoverageSite, LiveStop, LiveVehicle
from routing import Plan
from routing.instance import load_instance
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

DATA = Path(__file__).parent / "data"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "maps"


@pytest.fixture(scope="session")
def tiny():
    """A tiny instance (3 visits, 1 bus, 2 dates; the maps' own copy) and a fixed plan for it (2 routes)."""
    problem, _ = load_instance(DATA / "tiny.json")
    plan = Plan.from_dict(json.loads((DATA / "tiny_plan.json").read_text(encoding="utf-8")))
    return problem, plan


@pytest.fixture
def coverage_sites():
    """Five sites, one per status plus one without coordinates (due), on 2026-03-20."""
    return [
        CoverageSite("s1", "Trường Tiểu học Lê Quý Đôn", "school", 10.03, 105.77, date(2026, 3, 10), 30),
        CoverageSite("s2", "Nhà văn hóa xã Mỹ Khánh", "cultural_house", 10.00, 105.72, date(2026, 2, 25), 30),
        CoverageSite("s3", "Trường THCS An Bình", "school", 10.01, 105.75, date(2026, 1, 5), 30),
        CoverageSite("s4", "Trung tâm học tập cộng đồng Phong Điền", "learning_centre", 10.05, 105.68, None, 30),
        CoverageSite("s5", "Điểm bưu điện - văn hóa xã Nhơn Ái", "post_office", None, None, date(2026, 2, 20), 30),
    ]


@pytest.fixture
def live_vehicles():
    """Two buses: one on the road with 3 stops (2 done), one with no position yet and a stop without coordinates."""
    return [
        LiveVehicle("v1", "65A-001.23", 10.02, 105.76, datetime(2026, 3, 20, 2, 30, tzinfo=UTC), (
            LiveStop("Trường Tiểu học Lê Quý Đôn", 10.03, 105.77, True, time(7, 30)),
            LiveStop("Trường THCS An Bình", 10.01, 105.75, True, time(9, 30)),
            LiveStop("Nhà văn hóa xã Mỹ Khánh", 10.00, 105.72, False, time(14, 0)),
        )),
        LiveVehicle("v2", "65A-002.45", None, None, None, (
            LiveStop("Điểm bưu điện - văn hóa xã Nhơn Ái", None, None, False),
        )),
    ]  # fmt: skip


@pytest.fixture
def activity_points():
    return [
        ActivityPoint("c1", "Phường Ninh Kiều", 10.03, 105.78, 12500),
        ActivityPoint("c2", "Xã Phong Điền", 10.00, 105.66, 3100),
        ActivityPoint("c3", "Xã Thới Lai", 10.06, 105.56, 800),
        ActivityPoint("c4", "Xã Cờ Đỏ", 10.10, 105.43, 0),
        ActivityPoint("c5", "Đặc khu (chưa có tọa độ)", None, None, 250),
    ]


@dataclass
class Opened:
    """A page opened in Chromium and what went wrong while loading it."""

    page: object
    errors: list[str] = field(default_factory=list)

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture(scope="session")
def site_root(tmp_path_factory):
    """A directory served over HTTP: ``/static/maps/...`` (the package's static files) and the pages tests write."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(STATIC_DIR, root / "static")
    return root


@pytest.fixture(scope="session")
def server(site_root):
    handler = functools.partial(_QuietHandler, directory=str(site_root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        yield b
        b.close()


@pytest.fixture
def open_page(browser, server, site_root):
    """``open_page(name, html)`` serves the page and opens it; returns an :class:`Opened`."""
    contexts = []

    def _open(name: str, html: str) -> Opened:
        (site_root / f"{name}.html").write_text(html, encoding="utf-8")
        context = browser.new_context(viewport={"width": 1000, "height": 700})
        contexts.append(context)
        context.route(lambda url: urlparse(url).hostname != "127.0.0.1", lambda route: route.abort())
        page = context.new_page()
        opened = Opened(page)
        page.on("pageerror", lambda exc: opened.errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: _console(msg, opened.errors))
        page.goto(f"{server}/{name}.html", wait_until="load")
        page.wait_for_timeout(300)
        return opened

    yield _open
    for c in contexts:
        c.close()


def _console(msg, errors: list[str]) -> None:
    if msg.type != "error":
        return
    # Tiles are blocked on purpose: the map must work without them.
    if msg.text.startswith("Failed to load resource") and urlparse(msg.location.get("url", "")).hostname != "127.0.0.1":
        return
    errors.append(f"console: {msg.text} at {msg.location.get('url')}")
