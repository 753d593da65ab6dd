"""Where the page gets Leaflet and our CSS from: the project's static files, or inlined into the page.

Folium links Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from CDNs by default. Our maps use
plain Leaflet only (numbered ``DivIcon`` markers, circle markers, popups set without jQuery), so the page needs
``leaflet.js``, ``leaflet.css`` and ``maps.css`` — vendored under ``maps/static/maps/`` (see maps/README.md).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from html import escape
from pathlib import Path

import folium
from branca.element import Element

STATIC_DIR = Path(__file__).parent / "static"
"""Add this to Django's ``STATICFILES_DIRS``: it holds ``maps/vendor/...`` and ``maps/maps.css``."""

LEAFLET_VERSION = "1.9.3"  # the version folium 0.20 pins; vendored from the npm package leaflet@1.9.3

# (name, path under STATIC_DIR/maps/, kind) in load order.
_ASSETS = (
    ("leaflet_css", f"vendor/leaflet-{LEAFLET_VERSION}/leaflet.css", "css"),
    ("maps_css", "maps.css", "css"),
    ("leaflet_js", f"vendor/leaflet-{LEAFLET_VERSION}/leaflet.js", "js"),
)
_ASSET_NAMES = tuple(f"bookbus_{name}" for name, _, _ in _ASSETS)

AssetUrl = str | Callable[[str], str]

_base_url: AssetUrl = "/static/maps/"
_inline_cache: dict[str, str] = {}


def use_local_assets(base_url: AssetUrl = "/static/maps/") -> None:
    """Set where served pages load the map assets from.

    Parameters
    ----------
    base_url
        URL of the ``maps/static/maps/`` directory as served (a ``/`` is added if missing), or a function from a
        path under it (``"vendor/leaflet-1.9.3/leaflet.js"``) to its URL — in Django
        ``lambda rel: static("maps/" + rel)``, which also gives the manifest's hashed names.
    """
    global _base_url
    _base_url = base_url if callable(base_url) or base_url.endswith("/") else base_url + "/"


def asset_base_url() -> AssetUrl:
    """The base URL set by :func:`use_local_assets` (default ``/static/maps/``)."""
    return _base_url


def to_html(
    map_or_result, *, inline_assets: bool = False, base_url: AssetUrl | None = None, nonce: str | None = None
) -> str:
    """Render a map as a complete HTML page.

    Parameters
    ----------
    map_or_result
        A ``folium.Map`` or a :class:`maps.MapResult`.
    inline_assets
        Put Leaflet and the CSS (with its images as data URIs) into the page: a self-contained file that
        opens with no server and no network. Otherwise the page links them under ``base_url``.
    base_url
        Overrides :func:`use_local_assets` for this page.
    nonce
        The response's Content-Security-Policy nonce: every ``<script>`` and ``<style>`` of the page carries it,
        so the page's own inline code runs under a policy without ``'unsafe-inline'``.

    Returns
    -------
    str
        The page; it loads nothing from the network except the map tiles.
    """
    m = getattr(map_or_result, "map", map_or_result)
    set_assets(m, inline=inline_assets, base_url=base_url)
    html = m.get_root().render()
    if lang := getattr(m.get_root(), "lang", None):
        html = html.replace("<html>", f'<html lang="{escape(lang)}">', 1)
    return with_nonce(html, nonce) if nonce else html


_OPENING_TAG = re.compile(r"<(script|style)(?=[\s>])", re.IGNORECASE)


def with_nonce(html: str, nonce: str) -> str:
    """``html`` with ``nonce`` on each opening ``<script>`` and ``<style>`` tag.

    Only tags the map's own templates wrote can be there: every text a map shows (names, notes, popups) is
    HTML-escaped before it reaches the page, so no ``<script`` from the data survives to be given the nonce.
    """
    return _OPENING_TAG.sub(lambda match: f'<{match.group(1)} nonce="{escape(nonce)}"', html)


def set_assets(m: folium.Map, *, inline: bool = False, base_url: AssetUrl | None = None) -> None:
    """Replace Folium's CDN links on ``m`` by our linked or inlined assets (safe to call again)."""
    m.default_js = []
    m.default_css = []
    header = m.get_root().header
    base = base_url if base_url is not None else _base_url
    url = base if callable(base) else (lambda rel: f"{base}{rel}")
    for (_, rel, kind), element_name in zip(_ASSETS, _ASSET_NAMES, strict=True):
        if inline:
            body = _inline(rel, kind)
        elif kind == "css":
            body = f'<link rel="stylesheet" href="{escape(url(rel))}"/>'
        else:
            body = f'<script src="{escape(url(rel))}"></script>'
        header.add_child(Element(body), name=element_name)


def _inline(rel: str, kind: str) -> str:
    key = f"{kind}:{rel}"
    if key not in _inline_cache:
        path = STATIC_DIR / "maps" / rel
        text = path.read_text(encoding="utf-8")
        if kind == "css":
            text = re.sub(r"url\((images/[\w.-]+\.png)\)", lambda mo: _data_uri(path.parent / mo.group(1)), text)
            _inline_cache[key] = f"<style>\n{text}\n</style>"
        else:
            # A literal "</script" inside would end the element early.
            _inline_cache[key] = "<script>\n" + text.replace("</script", "<\\/script") + "\n</script>"
    return _inline_cache[key]


def _data_uri(path: Path) -> str:
    return "url(data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii") + ")"
