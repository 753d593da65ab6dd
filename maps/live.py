"""The live map: where each vehicle was last seen, and today's stops done and remaining. The page reloads itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

import folium
from branca.element import Element

from maps.data import LiveVehicle, MapResult
from maps.layers import BadgeMarker, Panel, fit, layer_control, new_map, show_message
from maps.messages import VI, Messages
from maps.styles import bus_icon_html, legend_html, list_panel_html, popup_html, route_colour, stop_icon_html, swatch

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def render_live(
    vehicles: Iterable[LiveVehicle],
    *,
    refresh_s: int = 60,
    now: datetime | None = None,
    tz: ZoneInfo = LOCAL_TZ,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
    messages: Messages = VI,
) -> MapResult:
    """Draw each vehicle's latest position and today's stops (done faded, remaining outlined), one layer each.

    Parameters
    ----------
    vehicles
        The vehicles on the road today; a vehicle with no position yet, or a stop without coordinates, is listed
        in a panel and in ``unplaced``.
    refresh_s
        The page reloads itself every ``refresh_s`` seconds (``<meta http-equiv="refresh">``); 0 turns it off.
    now
        Shown as "updated at" (default: the current time); times are shown in ``tz``.

    Returns
    -------
    MapResult
        ``counts`` holds ``{"done": n, "remaining": n}`` over all vehicles.
    """
    vehicles = list(vehicles)
    now = (now or datetime.now(tz)).astimezone(tz)
    m = new_map(title=messages.live, tile_url=tile_url, tile_attribution=tile_attribution, lang=messages.language)
    if refresh_s:
        m.get_root().header.add_child(
            Element(f'<meta http-equiv="refresh" content="{int(refresh_s)}">'), name="bb_refresh"
        )
    unplaced: list[str] = []
    points = []
    rows = []
    done_total = remaining_total = 0
    for index, v in enumerate(vehicles):
        colour = route_colour(index)
        group = folium.FeatureGroup(name=escape(v.name)).add_to(m)
        done = sum(1 for s in v.stops if s.done)
        done_total += done
        remaining_total += len(v.stops) - done
        progress = messages.stops_done.format(done=done, total=len(v.stops))
        line = []
        for number, stop in enumerate(v.stops, start=1):
            if stop.lat is None or stop.lon is None:
                unplaced.append(f"{v.name}: {stop.name}")
                continue
            state = messages.done if stop.done else messages.remaining
            stop_rows = [(messages.vehicle, v.name), ("", state)]
            if stop.planned_arrival is not None:
                stop_rows.insert(1, (messages.arrival_departure, stop.planned_arrival.strftime("%H:%M")))
            if stop.expected and not stop.done:
                stop_rows.insert(-1, (messages.expected, stop.expected))
            css = "bb-done" if stop.done else "bb-remaining"
            BadgeMarker(
                (stop.lat, stop.lon),
                stop_icon_html(number, colour, extra_class=css),
                popup=popup_html(f"{number}. {stop.name}", stop_rows),
                tooltip=f"{number}. {stop.name}",
                css_class=f"bb-marker bb-stop-marker bb-live-{'done' if stop.done else 'remaining'}",
            ).add_to(group)
            line.append((stop.lat, stop.lon))
        if len(line) > 1:
            folium.PolyLine(line, color=colour, weight=3, opacity=0.7, dash_array="6 6", class_name="bb-route").add_to(
                group
            )
        if v.lat is None or v.lon is None or v.at is None:
            unplaced.append(f"{v.name} ({messages.no_position})")
            seen = messages.no_position
        else:
            at = v.at.astimezone(tz)
            seen = f"{messages.position_at} {at:%H:%M} {messages.format_date(at.date())}"
            BadgeMarker(
                (v.lat, v.lon),
                bus_icon_html(colour, v.name),
                size=28,
                popup=popup_html(v.name, [("", seen), ("", progress)]),
                tooltip=v.name,
                css_class="bb-marker bb-bus-marker",
            ).add_to(group)
            points.append((v.lat, v.lon))
        points.extend(line)
        rows.append((swatch(colour, shape="square"), f"<b>{escape(v.name)}</b> · {escape(progress)}"))
    if not vehicles:
        show_message(m, messages.no_position)
    if len(vehicles) > 1:
        layer_control(m, len(vehicles))
    note = escape(messages.updated.format(time=f"{now:%H:%M}"))
    m.add_child(Panel(legend_html(messages.live, rows, note=note)), name="legend")
    if unplaced:
        m.add_child(Panel(list_panel_html(messages.no_coordinates, unplaced), position="bottomleft"), name="unplaced")
    fit(m, points, max_zoom=14)
    return MapResult(m, unplaced=unplaced, counts={"done": done_total, "remaining": remaining_total})
