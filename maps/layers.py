"""Building blocks shared by the maps: the base map, markers with popups, panels and fitted bounds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from maps.assets import set_assets
from maps.data import CHANGE_KINDS, ChangeMarker
from maps.messages import VI, Messages
from maps.styles import CHANGE_ON_ROUTE, change_icon_html, change_swatch, legend_html, popup_html

OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
VIETNAM_CENTRE = (16.0, 106.0)


def new_map(*, title: str, tile_url: str | None, tile_attribution: str | None, lang: str = "vi") -> folium.Map:
    """An empty map over Vietnam with one tile layer and our local assets linked; ``lang`` is the page's language.

    ``tile_url=None`` means OpenStreetMap; ``""`` means no tiles at all (markers and lines on a plain background).
    """
    m = folium.Map(location=VIETNAM_CENTRE, zoom_start=6, tiles=None)
    m.add_child(MetricScale(), name="scale")
    url = OSM_TILE_URL if tile_url is None else tile_url
    if url:
        attribution = tile_attribution or (OSM_ATTRIBUTION if url == OSM_TILE_URL else "&copy; map tiles")
        folium.TileLayer(tiles=url, attr=attribution, name="tiles", control=False, max_zoom=19).add_to(m)
    m.get_root().title = title
    m.get_root().lang = lang  # written on <html> by maps.to_html, for screen readers
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
    """A Leaflet control in a corner of the map holding fixed HTML (legend, lists). On a map narrower than
    ``fold_below`` pixels (a phone) a foldable legend starts folded, so that it does not hide the map."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});\n"
        "{{ this.get_name() }}.onAdd = function (map) {\n"
        "  var div = L.DomUtil.create('div', {{ this.css_class|tojson }});\n"
        "  div.innerHTML = {{ this.html|tojson }};\n"
        "  var folded = div.querySelector('details');\n"
        "  if (folded && map.getSize().x < {{ this.fold_below }}) folded.open = false;\n"
        "  L.DomEvent.disableClickPropagation(div); L.DomEvent.disableScrollPropagation(div);\n"
        "  return div;\n"
        "};\n"
        "{{ this.get_name() }}.addTo({{ this._parent.get_name() }});\n"
        "{% endmacro %}"
    )

    def __init__(self, html: str, *, position: str = "bottomright", css_class: str = "bb-panel", fold_below: int = 480):
        super().__init__()
        self._name = "Panel"
        self.fold_below = int(fold_below)
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
        "iconAnchor: [{{ this.size // 2 }}, {{ this.size // 2 }}], className: {{ this.css_class|tojson }}})"
        "{% if this.z_offset %}, zIndexOffset: {{ this.z_offset }}{% endif %}})"
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
        z_offset: int = 0,
    ):
        super().__init__(location=list(location))
        self._name = "BadgeMarker"
        self.html = html
        self.popup = popup
        self.tooltip = tooltip
        self.size = size
        self.css_class = css_class
        self.z_offset = int(z_offset)


def show_message(m: folium.Map, text: str) -> None:
    """A message in the middle of the map (e.g. "this plan has no routes")."""
    m.get_root().html.add_child(
        Element(f'<div class="bb-message" role="status">{escape(text)}</div>'), name="bb_message"
    )


def fit(m: folium.Map, points: Iterable[Sequence[float]], *, max_zoom: int = 15, bottom_room: int = 0) -> None:
    """Fit the view to the points (does nothing when there are none); ``bottom_room`` pixels more are kept clear
    at the bottom, where the legends are."""
    pts = list(points)
    if not pts:
        return
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    if min(lats) == max(lats) and min(lons) == max(lons):
        max_zoom = min(max_zoom, 12)  # a lone depot or site: show its surroundings, not one street
    bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
    if bottom_room:
        m.fit_bounds(bounds, padding_top_left=(30, 30), padding_bottom_right=(30, 30 + bottom_room), max_zoom=max_zoom)
    else:
        m.fit_bounds(bounds, padding=(30, 30), max_zoom=max_zoom)
    m.location = [(min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2]


def layer_control(m: folium.Map, groups: int) -> None:
    folium.LayerControl(collapsed=groups > 8, position="topright").add_to(m)


CHANGE_RING_SIZE = 36


def add_changes(
    m: folium.Map, changes: Iterable[ChangeMarker], *, messages: Messages = VI
) -> list[tuple[float, float]]:
    """Mark a draft's changes against the published plan on a plan map, in a layer of their own with a legend.

    A stop that is added, moved here or re-timed gets a ring behind its numbered badge (which stays clickable); a
    visit that moved away or was dropped gets a hollow badge at its site, since no route goes there. Each mark has
    a short word beside it, a popup with ``detail`` and a tooltip. Stops without a change are left as they are.
    Returns the points marked, for fitting the view; does nothing (and adds no legend) when there are no changes.
    """
    placed = [c for c in changes if c.lat is not None and c.lon is not None]
    if not placed:
        return []
    group = folium.FeatureGroup(name=escape(messages.changes)).add_to(m)
    for change in placed:
        word = messages.change_label(change.kind)
        on_route = change.kind in CHANGE_ON_ROUTE
        BadgeMarker(
            (change.lat, change.lon),
            change_icon_html(change.kind, word),
            popup=popup_html(change.label, [(word, change.detail)]),
            tooltip=f"{word}: {change.label}",
            size=CHANGE_RING_SIZE if on_route else 24,
            css_class=f"bb-marker bb-change-marker bb-change-{change.kind.replace('_', '-')}",
            z_offset=-1000 if on_route else 0,  # under the stop's own badge, whose popup says the rest
        ).add_to(group)
    counts = {kind: sum(1 for c in placed if c.kind == kind) for kind in CHANGE_KINDS}
    rows = [(change_swatch(k), escape(f"{messages.change_label(k)} ({n})")) for k, n in counts.items() if n]
    legend = legend_html(messages.changes, rows, note=escape(messages.changes_note))
    m.add_child(Panel(legend, position="bottomleft", css_class="bb-panel bb-changes-legend"), name="changes_legend")
    return [(c.lat, c.lon) for c in placed]
