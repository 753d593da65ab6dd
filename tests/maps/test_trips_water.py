"""The plan map shows trips of several days (nights at lodgings) and ferry legs through their ports."""

from __future__ import annotations

from datetime import date

import folium

from maps import EN, render_plan, to_html
from maps.layers import BadgeMarker
from routing import Plan, ProblemBuilder, Route, Stop

PORT, ISLE = (15.19, 108.88), (15.376, 109.11)


def island_trip():
    days = [date(2026, 3, 2), date(2026, 3, 3)]
    b = ProblemBuilder(days)
    b.add_depot("library", 15.12, 108.80)
    b.add_vehicle("bus1", "library", capacity_boxes=20, max_trip_days=2)
    b.add_ferry("pha", PORT, ISLE, crossing_min=60, departures=["07:30"], return_departures=["14:00"])
    b.add_commune("dac-khu", kind="special_zone", ferry_id="pha")
    b.add_lodging("nha-khach", "dac-khu", 15.38, 109.115)
    b.add_visit("isle1", "isle-school", 15.38, 109.12, duration_min=60, commune_id="dac-khu")
    problem = b.build()
    plan = Plan(
        (
            Route("bus1", days[0], 25200, 36000, (Stop("isle1", "isle-school", 31000, 31000, 34600, 30000, 0, 27000),),
                  31000, 0, None, None, "nha-khach"),
            Route("bus1", days[1], 45000, 56000, (), 30000, 0, None, "nha-khach", None, 50400),
        )
    )  # fmt: skip
    return problem, plan


def find(element, cls) -> list:
    found = []
    for child in element._children.values():
        if isinstance(child, cls):
            found.append(child)
        found.extend(find(child, cls))
    return found


def test_a_night_at_a_lodging_is_marked_and_named_in_the_legend():
    problem, plan = island_trip()
    result = render_plan(plan, problem, site_labels={"nha-khach": "Nhà khách Lý Sơn"}, messages=EN)
    nights = [m for m in find(result.map, BadgeMarker) if "bb-night-marker" in m.css_class]
    assert len(nights) == 1
    assert nights[0].location == [15.38, 109.115]
    html = to_html(result)  # texts are JSON strings in the page: non-ASCII letters escaped
    assert html.count("Night at Nh\\u00e0 kh\\u00e1ch L\\u00fd S\\u01a1n") == 3  # popup, tooltip, legend


def test_a_ferry_leg_goes_through_the_ports_with_the_crossing_dashed():
    problem, plan = island_trip()
    result = render_plan(plan, problem)
    lines = find(result.map, folium.PolyLine)
    dashed = [pl for pl in lines if pl.options.get("dashArray") == "8 6"]
    assert len(dashed) == 2  # out on the first day, back on the second
    out, back = dashed
    assert out.locations == [list(PORT), list(ISLE)] and back.locations == [list(ISLE), list(PORT)]
    routes = [pl for pl in lines if pl.options.get("className") == "bb-route"]
    assert [list(PORT), list(ISLE)] == routes[0].locations[1:3]  # library, port, island port, school, lodging
    assert routes[1].locations[0] == [15.38, 109.115]  # the second day starts from the lodging
    assert "Ph\\u00e0 07:30" in to_html(result)
