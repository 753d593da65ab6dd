"""The coverage map: every site coloured by days since its last real visit against its target interval."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from html import escape

import folium

from maps.data import CoverageSite, MapResult
from maps.layers import Info, Panel, fit, layer_control, new_map, show_message
from maps.messages import VI, Messages
from maps.styles import STATUS_COLOURS, legend_html, list_panel_html, popup_html, swatch

STATUSES = ("overdue", "never_visited", "due", "on_time")


def coverage_status(site: CoverageSite, *, today: date, due_within_days: int = 7) -> str:
    """``"never_visited"``, ``"overdue"`` (past its next due date), ``"due"`` (due within ``due_within_days``
    days) or ``"on_time"``."""
    if site.last_visit is None:
        return "never_visited"
    days_left = site.target_interval_days - (today - site.last_visit).days
    if days_left < 0:
        return "overdue"
    return "due" if days_left <= due_within_days else "on_time"


def render_coverage(
    sites: Iterable[CoverageSite],
    *,
    today: date,
    kinds: Collection[str] | None = None,
    kind_labels: Mapping[str, str] | None = None,
    due_within_days: int = 7,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
    messages: Messages = VI,
) -> MapResult:
    """Draw the sites coloured on time / due / overdue / never visited, one layer per site kind.

    Parameters
    ----------
    sites
        The active sites; those without coordinates are listed in a panel and in ``MapResult.unplaced``.
    today
        The date days are counted to.
    kinds
        Show only sites of these kinds (all when ``None``).
    kind_labels
        Display names by kind code.
    due_within_days
        A site is "due" when its next visit falls within this many days.

    Returns
    -------
    MapResult
        ``counts`` maps each status to its number of sites (placed or not), as in the legend.
    """
    labels = dict(kind_labels or {})
    chosen = [s for s in sites if kinds is None or s.kind in kinds]
    m = new_map(title=messages.coverage, tile_url=tile_url, tile_attribution=tile_attribution, lang=messages.language)
    counts = dict.fromkeys(STATUSES, 0)
    groups: dict[str, folium.FeatureGroup] = {}
    unplaced: list[str] = []
    points = []
    for site in sorted(chosen, key=lambda s: (s.kind, s.name)):
        status = coverage_status(site, today=today, due_within_days=due_within_days)
        counts[status] += 1
        if site.lat is None or site.lon is None:
            unplaced.append(site.name)
            continue
        kind = labels.get(site.kind, site.kind)
        if kind not in groups:
            groups[kind] = folium.FeatureGroup(name=escape(kind)).add_to(m)
        colour = STATUS_COLOURS[status]
        marker = folium.CircleMarker(
            location=[site.lat, site.lon],
            radius=7,
            color="#fff",
            weight=1.5,
            fill=True,
            fill_color=colour,
            fill_opacity=0.95,
            class_name=f"bb-site bb-{status.replace('_', '-')}",
        )
        marker.add_child(Info(popup_html(site.name, _rows(site, kind, status, today, messages)), site.name))
        marker.add_to(groups[kind])
        points.append((site.lat, site.lon))
    if not chosen:
        show_message(m, messages.no_sites)
    if len(groups) > 1:
        layer_control(m, len(groups))
    rows = [
        (swatch(STATUS_COLOURS[s], shape="dot"), f"{escape(getattr(messages, s))}: <b>{counts[s]}</b>")
        for s in STATUSES
    ]
    m.add_child(Panel(legend_html(messages.coverage, rows, note=escape(messages.format_date(today)))), name="legend")
    if unplaced:
        m.add_child(Panel(list_panel_html(messages.no_coordinates, unplaced), position="bottomleft"), name="unplaced")
    fit(m, points, max_zoom=13)
    return MapResult(m, unplaced=unplaced, counts=counts)


def _rows(site: CoverageSite, kind: str, status: str, today: date, messages: Messages):
    if site.last_visit is None:
        last = messages.never
    else:
        days = messages.days_since.format(n=(today - site.last_visit).days)
        last = f"{messages.format_date(site.last_visit)} ({days})"
    return [
        (messages.kind, kind),
        (messages.last_visit, last),
        ("", messages.target_interval.format(n=site.target_interval_days)),
        ("", getattr(messages, status)),
    ]
