"""Tests that pages load nothing from a CDN: assets are linked from our static files or inlined."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from maps import STATIC_DIR, render_plan, to_html, use_local_assets
from maps.assets import asset_base_url

EXTERNAL = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.I)


def test_served_page_links_assets_under_the_static_url(tiny):
    problem, plan = tiny
    html = to_html(render_plan(plan, problem))
    assert not EXTERNAL.search(html)
    assert '<script src="/static/maps/vendor/leaflet-1.9.3/leaflet.js"></script>' in html
    assert '<link rel="stylesheet" href="/static/maps/maps.css"/>' in html
    for rel in ("vendor/leaflet-1.9.3/leaflet.js", "vendor/leaflet-1.9.3/leaflet.css", "maps.css"):
        assert (STATIC_DIR / "maps" / rel).is_file()


def test_base_url_follows_use_local_assets(tiny):
    problem, plan = tiny
    try:
        use_local_assets("https://library.example/static/maps")
        assert 'src="https://library.example/static/maps/vendor/leaflet-1.9.3/leaflet.js"' in to_html(
            render_plan(plan, problem)
        )
    finally:
        use_local_assets()
    assert asset_base_url() == "/static/maps/"


def test_inlined_page_needs_no_other_file(tiny):
    """Tests the self-contained page: no <script src>, no <link>, CSS images as data URIs."""
    problem, plan = tiny
    result = render_plan(plan, problem)
    to_html(result)  # rendering linked first must not leave links behind
    html = to_html(result, inline_assets=True)
    assert "<script src" not in html and "<link" not in html
    assert "url(images/" not in html and "url(data:image/png;base64," in html
    assert "Leaflet 1.9.3" in html
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()


def test_maps_does_not_import_django():
    code = "import sys, maps, maps.cli, maps.bench; sys.exit('django' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0


def test_base_url_may_be_a_function_such_as_djangos_static(tiny):
    problem, plan = tiny
    html = to_html(render_plan(plan, problem), base_url=lambda rel: f"/s/maps/{rel.replace('.js', '.abc123.js')}")
    assert '<script src="/s/maps/vendor/leaflet-1.9.3/leaflet.abc123.js"></script>' in html
