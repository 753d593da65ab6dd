"""The activity map: a circle per commune or site whose area is proportional to its figure for the period."""

from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape

import folium

from maps.data import ActivityPoint, MapResult
from maps.layers import Info, Panel, fit, new_map, show_message
from maps.messages import VI, Messages
from maps.styles import ACTIVITY_COLOUR, list_panel_html, popup_html

MAX_RADIUS_PX = 36
MIN_RADIUS_PX = 2  # a zero still gets a dot, so the place is visibly there


def circle_radius(value: float, max_value: float, *, max_radius_px: float = MAX_RADIUS_PX) -> float:
    """Radius in pixels such that the circle's area is proportional to ``value``."""
    if max_value <= 0:
        return MIN_RADIUS_PX
    return max(MIN_RADIUS_PX, max_radius_px * math.sqrt(value / max_value))


def render_activity(
    points: Iterable[ActivityPoint],
    *,
    metric_label: str,
    period_label: str = "",
    tile_url: str | None = None,
    tile_attribution: str | None = None,
    messages: Messages = VI,
) -> MapResult:
    """Draw sized circles (area ∝ value) for reader visits, loans... per commune or site.

    Parameters
    ----------
    points
        Places and their figures; those without coordinates are listed in a panel and in ``unplaced``.
    metric_label
        What the figures count, already translated (e.g. "Lượt bạn đọc").
    period_label
        Shown under the legend title (e.g. "01/12/2025 – 30/11/2026").

    Returns
    -------
    MapResult
        ``counts`` holds ``{"places": n, "total": sum of values}`` (rounded).
    """
    pts = list(points)
    m = new_map(title=metric_label, tile_url=tile_url, tile_attribution=tile_attribution, lang=messages.language)
    max_value = max((p.value for p in pts), default=0)
    unplaced = [p.name for p in pts if p.lat is None or p.lon is None]
    placed = sorted((p for p in pts if p.lat is not None and p.lon is not None), key=lambda p: -p.value)
    group = folium.FeatureGroup(name=escape(metric_label), control=False).add_to(m)
    for p in placed:  # biggest first, so small circles stay clickable on top
        text = f"{metric_label}: {messages.format_number(p.value)}"
        circle = folium.CircleMarker(
            location=[p.lat, p.lon],
            radius=circle_radius(p.value, max_value),
            color="#0d47a1",
            weight=1,
            fill=True,
            fill_color=ACTIVITY_COLOUR,
            fill_opacity=0.45,
            class_name="bb-activity",
        )
        circle.add_child(Info(popup_html(p.name, [("", text)]), f"{p.name}: {messages.format_number(p.value)}"))
        circle.add_to(group)
    if not pts or max_value == 0:
        show_message(m, messages.no_activity)
    m.add_child(Panel(_legend(metric_label, period_label, max_value, messages)), name="legend")
    if unplaced:
        m.add_child(Panel(list_panel_html(messages.no_coordinates, unplaced), position="bottomleft"), name="unplaced")
    fit(m, [(p.lat, p.lon) for p in placed], max_zoom=12)
    total = sum(p.value for p in pts)
    return MapResult(m, unplaced=unplaced, counts={"places": len(pts), "total": round(total)})


def _legend(metric_label: str, period_label: str, max_value: float, messages: Messages) -> str:
    rows = []
    for value in _reference_values(max_value):
        d = 2 * circle_radius(value, max_value)
        rows.append(
            f'<li><span class="bb-size" style="width:{d:.0f}px;height:{d:.0f}px"></span>'
            f"<span>{escape(messages.format_number(value))}</span></li>"
        )
    period = f'<p class="bb-note">{escape(period_label)}</p>' if period_label else ""
    return (
        f'<details class="bb-legend" open><summary>{escape(metric_label)}</summary>{period}<ul>{"".join(rows)}</ul>'
        "</details>"
    )


def _reference_values(max_value: float) -> list[float]:
    """Round values for the legend's sample circles: the largest nice value <= max, then its half and tenth."""
    if max_value <= 0:
        return []
    top = 10 ** math.floor(math.log10(max_value))
    for step in (5, 2, 1):
        if step * top <= max_value:
            top *= step
            break
    return [v for v in (top, top / 2, top / 10) if v >= 1 or v == top]
