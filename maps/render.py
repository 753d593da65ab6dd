"""The plan map: each route in its own colour along its stops, numbered stops, depots, a layer per date or vehicle."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

import folium

from maps.data import ChangeMarker, MapResult
from maps.layers import BadgeMarker, Info, Panel, add_changes, fit, layer_control, new_map, show_message
from maps.messages import VI, Messages
from maps.styles import LEFT_OUT_COLOUR, depot_icon_html, legend_html, popup_html, route_colour, stop_icon_html, swatch
from routing import Plan, Problem, Route, Stop

LEGEND_OPEN_ROWS = 8  # a longer legend (a month's routes) starts folded, so it does not hide the map
LEGEND_ROOM = 110  # pixels kept clear at the bottom of a map with changes, which has a legend in both bottom corners


def render_plan(
    plan: Plan,
    problem: Problem,
    *,
    site_labels: Mapping[str, str] | None = None,
    vehicle_labels: Mapping[str, str] | None = None,
    vehicle: str | None = None,
    day: date | None = None,
    group_by: str = "date",
    changes: Sequence[ChangeMarker] = (),
    tile_url: str | None = None,
    tile_attribution: str | None = None,
    messages: Messages = VI,
) -> MapResult:
    """Draw a plan (or one vehicle's, or one date's routes) on a map.

    Parameters
    ----------
    plan, problem
        The planner's answer and the problem it solves (for locations, windows, boxes and depots).
    site_labels, vehicle_labels
        Display names by site id and vehicle id; ids are shown where missing.
    vehicle, day
        Show only this vehicle's routes and/or this date's.
    group_by
        ``"date"`` (default) or ``"vehicle"``: one switchable layer per date or per vehicle.
    changes
        A draft's changes against the published plan, already chosen for the date or vehicle shown: marked over
        the routes in a layer and a legend of their own (see :func:`maps.layers.add_changes`).
    tile_url, tile_attribution
        Tile source, OpenStreetMap by default; ``""`` for none.
    messages
        The texts (Vietnamese by default; ``maps.EN`` for English).

    Returns
    -------
    MapResult
        The map. Visits the planner left out are drawn grey in their own layer when no filter is given.

    Raises
    ------
    ValueError
        For an unknown ``group_by``, or a plan naming a vehicle or visit the problem lacks.
    """
    if group_by not in ("date", "vehicle"):
        raise ValueError(f"group_by must be 'date' or 'vehicle', not {group_by!r}")
    sites = dict(site_labels or {})
    vehicles = dict(vehicle_labels or {})
    routes = [r for r in plan.routes if (vehicle is None or r.vehicle_id == vehicle) and (day is None or r.date == day)]
    m = new_map(title=messages.routes, tile_url=tile_url, tile_attribution=tile_attribution, lang=messages.language)
    try:
        depot_ids = sorted({problem.vehicle(r.vehicle_id).depot_id for r in routes})
    except KeyError as exc:
        raise ValueError(f"the plan names vehicle {exc.args[0]!r}, which the problem does not have") from None
    points: list[tuple[float, float]] = []
    groups: dict[str, folium.FeatureGroup] = {}
    legend_rows = []
    for index, route in enumerate(routes):
        colour = route_colour(index)
        key = (
            messages.format_date(route.date) if group_by == "date" else vehicles.get(route.vehicle_id, route.vehicle_id)
        )
        if key not in groups:
            groups[key] = folium.FeatureGroup(name=escape(key)).add_to(m)
        points.extend(_add_route(groups[key], route, problem, colour, sites, vehicles, messages))
        vname = vehicles.get(route.vehicle_id, route.vehicle_id)
        text = (
            f"{messages.format_date(route.date)} · {vname} · {messages.stops.format(n=len(route.stops))}"
            f" · {messages.format_number(round(route.distance_m / 1000, 1))} km"
        )
        if route.end_at:
            text += f" · {messages.night_at} {sites.get(route.end_at, route.end_at)}"
        legend_rows.append((swatch(colour), escape(text)))
    for depot_id in depot_ids or [d.id for d in problem.depots]:
        loc = problem.depot(depot_id).location
        BadgeMarker(
            (loc.lat, loc.lon),
            depot_icon_html(f"{messages.depot}: {depot_id}"),
            popup=popup_html(messages.depot, [("", depot_id)]),
            tooltip=f"{messages.depot}: {depot_id}",
            size=26,
            css_class="bb-marker bb-depot-marker",
        ).add_to(m)
        points.append((loc.lat, loc.lon))
    left_out = plan.left_out if vehicle is None and day is None else ()
    if left_out:
        group = folium.FeatureGroup(name=escape(messages.left_out)).add_to(m)
        groups[messages.left_out] = group
        for lo in left_out:
            loc = problem.visit(lo.visit_id).location
            name = sites.get(lo.site_id, lo.site_id)
            BadgeMarker(
                (loc.lat, loc.lon),
                stop_icon_html("?", LEFT_OUT_COLOUR, extra_class="bb-left-out"),
                popup=popup_html(name, [(messages.left_out, lo.message or lo.reason)]),
                tooltip=f"{messages.left_out}: {name}",
                css_class="bb-marker bb-left-out-marker",
            ).add_to(group)
            points.append((loc.lat, loc.lon))
        legend_rows.append((swatch(LEFT_OUT_COLOUR, shape="dot"), escape(f"{messages.left_out} ({len(left_out)})")))
    marked = add_changes(m, changes, messages=messages)
    points.extend(marked)
    if not routes:
        text = messages.no_routes if vehicle is None and day is None else messages.no_routes_filtered
        if marked:  # in a corner: a box in the middle would hide the marks and their popups
            m.add_child(Panel(f'<p class="bb-note" role="status">{escape(text)}</p>'), name="legend")
        else:
            show_message(m, text)
    if groups or marked:
        layer_control(m, len(groups) + bool(marked))
    if legend_rows:
        legend = legend_html(messages.routes, legend_rows, collapsed=len(legend_rows) > LEGEND_OPEN_ROWS)
        m.add_child(Panel(legend, position="bottomright"), name="legend")
    fit(m, points, bottom_room=LEGEND_ROOM if marked else 0)  # both bottom corners hold a legend
    return MapResult(m)


def _place(problem: Problem, lodging_id: str | None, depot):
    """The lodging where a day of a trip starts or ends, else the depot."""
    loc = problem.lodging(lodging_id).location if lodging_id else depot
    return (loc.lat, loc.lon)


def _side(problem: Problem, site_id: str | None = None, lodging_id: str | None = None) -> str | None:
    """The ferry link of the island a site or lodging is on (``None``: the mainland)."""
    if lodging_id:
        return problem.side_of_commune(problem.lodging(lodging_id).commune_id)
    visit = next((v for v in problem.visits if v.site_id == site_id), None) if site_id else None
    return problem.access_of(visit)[1] if visit is not None else None


def _crossing(problem: Problem, before, after, group, departure_s: int | None, messages: Messages):
    """The ports of the ferry taken between two places (island sides ``before`` and ``after``), the
    crossing drawn dashed; nothing for a road leg."""
    link_id = after or before
    if departure_s is None or link_id is None:
        return []
    link = next(f for f in problem.ferries if f.id == link_id)
    ports = [(link.port.lat, link.port.lon), (link.island_port.lat, link.island_port.lon)]
    if after is None:  # back to the mainland
        ports.reverse()
    crossing = folium.PolyLine(ports, color="#1f5fa8", weight=3, dash_array="8 6").add_to(group)
    text = f"{messages.ferry} {_hhmm(departure_s)}"
    crossing.add_child(Info(popup_html(text, [("", link.id)]), tooltip=text))  # JSON strings, no template text
    return ports


def _add_route(group, route: Route, problem: Problem, colour: str, sites, vehicles, messages: Messages):
    """Draw one route (depot or last night's lodging -> stops -> depot or tonight's lodging) into ``group``;
    a ferry leg goes through its ports with the crossing dashed; returns the points drawn."""
    vehicle = problem.vehicle(route.vehicle_id)
    depot = problem.depot(vehicle.depot_id).location
    shift = vehicle.shift_on(route.date)
    line = [_place(problem, route.start_at, depot)]
    side = _side(problem, lodging_id=route.start_at)
    vname = vehicles.get(route.vehicle_id, route.vehicle_id)
    for number, stop in enumerate(route.stops, start=1):
        try:
            visit = problem.visit(stop.visit_id)
        except KeyError:
            raise ValueError(f"the plan names visit {stop.visit_id!r}, which the problem does not have") from None
        loc = (visit.location.lat, visit.location.lon)
        here = _side(problem, site_id=stop.site_id)
        line.extend(_crossing(problem, side, here, group, stop.ferry_departure_s, messages))
        line.append(loc)
        side = here
        name = sites.get(stop.site_id, stop.site_id)
        popup = popup_html(f"{number}. {name}", _stop_rows(route, stop, visit, shift, vname, messages))
        BadgeMarker(
            loc,
            stop_icon_html(number, colour),
            popup=popup,
            tooltip=f"{number}. {name}",
            css_class="bb-marker bb-stop-marker",
        ).add_to(group)
    end_side = _side(problem, lodging_id=route.end_at)
    line.extend(_crossing(problem, side, end_side, group, route.return_ferry_departure_s, messages))
    line.append(_place(problem, route.end_at, depot))
    if route.end_at:
        name = sites.get(route.end_at, route.end_at)
        BadgeMarker(
            line[-1],
            stop_icon_html("☾", colour),
            popup=popup_html(f"{messages.night_at} {name}", [(messages.date, messages.format_date(route.date))]),
            tooltip=f"{messages.night_at} {name}",
            css_class="bb-marker bb-night-marker",
        ).add_to(group)
    folium.PolyLine(line, color=colour, weight=4, opacity=0.85, class_name="bb-route").add_to(group)
    return line


def _stop_rows(route: Route, stop: Stop, visit, shift, vehicle_name: str, messages: Messages):
    windows = visit.windows_on(route.date, shift)
    window_text = ", ".join(str(w) for w in windows) if windows else messages.any_time
    rows = [
        (messages.date, messages.format_date(route.date)),
        (messages.vehicle, vehicle_name),
        (messages.arrival_departure, f"{_hhmm(stop.arrival_s)} – {_hhmm(stop.departure_s)}"),
    ]
    if stop.ferry_departure_s is not None:
        rows.append((messages.ferry, _hhmm(stop.ferry_departure_s)))
    if stop.start_s != stop.arrival_s:  # the bus waits for the window to open
        rows.append((messages.service_start, _hhmm(stop.start_s)))
    rows.append((messages.time_window, window_text))
    rows.append(("", messages.boxes.format(deliver=visit.deliver_boxes, collect=visit.collect_boxes)))
    return rows


def _hhmm(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
