"""Building blocks shared by the maps: the base map, markers with popups, panels and fitted bounds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from maps.assets import set_assets

OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
VIETNAM_CENTRE = (16.0, 106.0)


def new_map(*, title: str, tile_url: str | None, tile_attribution: str | None) -> folium.Map:
    """An empty map over Vietnam with one tile layer and our local assets linked.

    ``tile_url=None`` means OpenStreetMap; ``""`` means no tiles at all (markers and lines on a plain background).
    """
    m = folium.Map(location=VIETNAM_CENTRE, zoom_start=6, tiles=None)
    m.add_child(MetricScale(), name="scale")
    url = OSM_TILE_URL if tile_url is None else tile_url
    if url:
        attribution = tile_attribution or (OSM_ATTRIBUTION if url == OSM_TILE_URL else "&copy; map tiles")
        folium.TileLayer(tiles=url, attr=attribution, name="tiles", control=False, max_zoom=19).add_to(m)
    m.get_root().title = title
    set_assets(m)
    return m


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres only (Folium's ``control_scale`` adds miles and feet too)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});\n"
        "{% endmacro %}"
    )


class Info(MacroElement):
    """Binds a popup (HTML) and a tooltip (plain text) to its parent marker or path.

    Folium's own ``Popup`` parses its HTML with jQuery and its ``Tooltip`` pastes text into a JavaScript template
    literal; this sets both as JSON strings, so the page needs no jQuery and any text is safe.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.bindPopup({{ this.popup|tojson }}, {maxWidth: 340})"
        "{% if this.tooltip %}.bindTooltip({{ this.tooltip|tojson }}){% endif %};\n"
        "{% endmacro %}"
    )

    def __init__(self, popup: str, tooltip: str | None = None):
        super().__init__()
        self._name = "Info"
        self.popup = popup
        self.tooltip = tooltip


class Panel(MacroElement):
    """A Leaflet control in a corner of the map holding fixed HTML (legend, lists)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});\n"
        "{{ this.get_name() }}.onAdd = function () {\n"
        "  var div = L.DomUtil.create('div', {{ this.css_class|tojson }});\n"
        "  div.innerHTML = {{ this.html|tojson }};\n"
        "  L.DomEvent.disableClickPropagation(div); L.DomEvent.disableScrollPropagation(div);\n"
        "  return div;\n"
        "};\n"
        "{{ this.get_name() }}.addTo({{ this._parent.get_name() }});\n"
        "{% endmacro %}"
    )

    def __init__(self, html: str, *, position: str = "bottomright", css_class: str = "bb-panel"):
        super().__init__()
        self._name = "Panel"
        self.html = html
        self.position = position
        self.css_class = css_class


class BadgeMarker(folium.Marker):
    """A marker drawn as our HTML badge, with its popup and tooltip, in one statement.

    No image files, so it shows offline and inlined; and the icon is given to ``L.marker`` up front, so Leaflet
    never loads its default marker image (Folium sets the icon afterwards).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.marker({{ this.location|tojson }}, {icon: L.divIcon({"
        "html: {{ this.html|tojson }}, iconSize: [{{ this.size }}, {{ this.size }}], "
        "iconAnchor: [{{ this.size // 2 }}, {{ this.size // 2 }}], className: {{ this.css_class|tojson }}})})"
        ".bindPopup({{ this.popup|tojson }}, {maxWidth: 340})"
        "{% if this.tooltip %}.bindTooltip({{ this.tooltip|tojson }}){% endif %}"
        ".addTo({{ this._parent.get_name() }});\n"
        "{% endmacro %}"
    )

    def __init__(
        self,
        location: Sequence[float],
        html: str,
        *,
        popup: str,
        tooltip: str | None = None,
        size: int = 24,
        css_class: str = "bb-marker",
    ):
        super().__init__(location=list(location))
        self._name = "BadgeMarker"
        self.html = html
        self.popup = popup
        self.tooltip = tooltip
        self.size = size
        self.css_class = css_class


def show_message(m: folium.Map, text: str) -> None:
    """A message in the middle of the map (e.g. "this plan has no routes")."""
    from html import escape

    m.get_root().html.add_child(
        Element(f'<div class="bb-message" role="status">{escape(text)}</div>'), name="bb_message"
    )


def fit(m: folium.Map, points: Iterable[Sequence[float]], *, max_zoom: int = 15) -> None:
    """Fit the view to the points (does nothing when there are none)."""
    pts = list(points)
    if not pts:
        return
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    if min(lats) == max(lats) and min(lons) == max(lons):
        max_zoom = min(max_zoom, 12)  # a lone depot or site: show its surroundings, not one street
    m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(30, 30), max_zoom=max_zoom)
    m.location = [(min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2]


def layer_control(m: folium.Map, groups: int) -> None:
    folium.LayerControl(collapsed=groups > 8, position="topright").add_to(m)
