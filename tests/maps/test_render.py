"""Tests of the plan map's Folium object: layers, markers, lines, popups, filters and the empty plan."""

from __future__ import annotations

from datetime import date

import folium
import pytest

from maps import EN, MapResult, render_plan, to_html
from maps.bench import generated_plan
from maps.layers import BadgeMarker, Panel
from routing import LeftOut, Plan

LABELS = {"school-a": "Trường Tiểu học A", "school-b": "Trường THCS B", "house-c": "Nhà văn hóa C"}


def find(element, cls) -> list:
    """All descendants of ``element`` that are instances of ``cls``, in drawing order."""
    found = []
    for child in element._children.values():
        if isinstance(child, cls):
            found.append(child)
        found.extend(find(child, cls))
    return found


def layers(m: folium.Map) -> dict[str, folium.FeatureGroup]:
    return {g.layer_name: g for g in find(m, folium.FeatureGroup)}


def test_plan_has_a_layer_per_date_with_its_stops_and_route(tiny):
    """Tests that each date is a layer holding its numbered stops and one line depot -> stops -> depot."""
    problem, plan = tiny
    result = render_plan(plan, problem, site_labels=LABELS)
    assert isinstance(result, MapResult) and result.unplaced == []
    groups = layers(result.map)
    assert list(groups) == ["Thứ Hai 02/03/2026", "Thứ Ba 03/03/2026"]
    monday = groups["Thứ Hai 02/03/2026"]
    stops = find(monday, BadgeMarker)
    assert [s.tooltip for s in stops] == ["1. Trường THCS B", "2. Trường Tiểu học A"]
    (line,) = find(monday, folium.PolyLine)
    depot = [10.03, 105.78]
    assert [list(p) for p in line.locations] == [depot, [10.075, 105.825], [10.075, 105.78], depot]
    assert line.options["color"] != find(groups["Thứ Ba 03/03/2026"], folium.PolyLine)[0].options["color"]
    assert len(find(result.map, folium.LayerControl)) == 1


def test_stop_popup_gives_site_date_times_window_and_boxes(tiny):
    """Tests the popup of the first stop of the first route."""
    problem, plan = tiny
    first = find(render_plan(plan, problem, site_labels=LABELS).map, BadgeMarker)[0]
    assert "1. Trường THCS B" in first.popup
    assert "Thứ Hai 02/03/2026" in first.popup
    assert "07:15 – 09:00" in first.popup
    assert "07:00-11:15, 13:30-16:45" in first.popup
    assert "Giao 2 thùng, nhận về 2 thùng" in first.popup


def test_depot_marker_and_legend_are_on_the_map(tiny):
    """Tests that the depot is drawn once outside the layers and the legend lists both routes."""
    problem, plan = tiny
    m = render_plan(plan, problem, messages=EN).map
    depots = [c for c in m._children.values() if isinstance(c, BadgeMarker)]
    assert len(depots) == 1 and "bb-depot-marker" in depots[0].css_class
    (legend,) = find(m, Panel)
    assert "Mon 2026-03-02 · bus1 · 2 stop(s) · 22 km" in legend.html
    assert "Tue 2026-03-03 · bus1 · 1 stop(s) · 12.9 km" in legend.html


def test_grouping_by_vehicle_gives_one_layer_per_vehicle(tiny):
    problem, plan = tiny
    m = render_plan(plan, problem, group_by="vehicle", vehicle_labels={"bus1": "65A-001.23"}).map
    assert list(layers(m)) == ["65A-001.23"]
    assert len(find(m, folium.PolyLine)) == 2


def test_filter_by_day_keeps_that_date_only(tiny):
    problem, plan = tiny
    m = render_plan(plan, problem, day=date(2026, 3, 3)).map
    assert list(layers(m)) == ["Thứ Ba 03/03/2026"]
    assert len([b for b in find(m, BadgeMarker) if "bb-stop-marker" in b.css_class]) == 1


def test_filter_matching_nothing_says_so(tiny):
    """Tests that an unknown vehicle gives a map with the depot and the 'nothing for this filter' message."""
    problem, plan = tiny
    html = to_html(render_plan(plan, problem, vehicle="bus9"))
    assert "Không có tuyến nào cho xe hoặc ngày đã chọn." in html


def test_plan_with_no_routes_shows_a_message_and_the_depots(tiny):
    problem, _ = tiny
    result = render_plan(Plan(()), problem, messages=EN)
    html = to_html(result)
    assert 'class="bb-message"' in html and "This plan has no routes." in html
    assert len(find(result.map, BadgeMarker)) == 1
    assert find(result.map, folium.PolyLine) == []


def test_left_out_visits_are_drawn_grey_in_their_own_layer(tiny):
    problem, plan = tiny
    plan = Plan(plan.routes[:1], (LeftOut("c", "house-c", "site_closed", "Nhà văn hóa C đóng cửa"),))
    m = render_plan(plan, problem, site_labels=LABELS).map
    (marker,) = find(layers(m)["Chưa xếp được lịch"], BadgeMarker)
    assert "Nhà văn hóa C đóng cửa" in marker.popup


def test_names_are_escaped(tiny):
    """Tests that a site name with markup cannot inject HTML or script into the page."""
    problem, plan = tiny
    html = to_html(render_plan(plan, problem, site_labels={"school-a": "<script>alert(1)</script>"}))
    assert "<script>alert(1)" not in html


def test_unknown_group_by_is_refused(tiny):
    problem, plan = tiny
    with pytest.raises(ValueError, match="group_by"):
        render_plan(plan, problem, group_by="week")


def test_month_of_150_visits_stays_under_2_mb():
    # The render time is measured by `python -m maps.bench`, not here: timings in tests are noise.
    plan, problem, labels = generated_plan(150)
    html = to_html(render_plan(plan, problem, site_labels=labels), inline_assets=True)
    assert len(html.encode("utf-8")) < 2_000_000
