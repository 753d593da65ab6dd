"""Tests of a draft's changes on the plan map (``maps.add_changes``): a ring behind each stop added, moved or
re-timed, a hollow badge where a visit moved away or was dropped, popups in words, a legend, nothing without changes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from maps import EN, ChangeMarker, add_changes, render_plan, to_html
from maps.layers import BadgeMarker, Panel, new_map
from tests.maps.test_render import LABELS, find, layers

CHANGES = [
    ChangeMarker("added", "Trường THCS B", 10.075, 105.825, "Không có trong kế hoạch đã xuất bản; nay lúc 07:15."),
    ChangeMarker("moved", "Trường Tiểu học A", 10.075, 105.78, "Chuyển từ 04/03, xe 65A-001.23, 08:30."),
    ChangeMarker(
        "dropped", "Nhà văn hóa C", 10.0, 105.7, "Trước ở 02/03, xe 65A-001.23, 09:00; không còn <b>tuyến</b>."
    ),
    ChangeMarker("moved_away", "Trường Tiểu học D", 10.1, 105.6, "Chuyển sang 05/03, xe 65A-002.45, 13:30."),
]


def test_each_change_is_a_marker_at_its_site_with_its_word_and_popup():
    m = new_map(title="t", tile_url="", tile_attribution=None)
    points = add_changes(m, CHANGES)
    assert points == [(10.075, 105.825), (10.075, 105.78), (10.0, 105.7), (10.1, 105.6)]
    group = layers(m)["Thay đổi so với kế hoạch đã xuất bản"]
    marks = find(group, BadgeMarker)
    assert [mark.location for mark in marks] == [list(p) for p in points]
    assert [mark.tooltip for mark in marks] == [
        "Thêm: Trường THCS B",
        "Chuyển đến: Trường Tiểu học A",
        "Bỏ: Nhà văn hóa C",
        "Chuyển đi: Trường Tiểu học D",
    ]
    added, moved, dropped, away = marks
    assert "bb-change-ring" in added.html and ">Thêm</div>" in added.html and "#2e7d32" in added.html
    assert "Chuyển từ 04/03, xe 65A-001.23, 08:30." in moved.popup and "Chuyển đến" in moved.popup
    assert (added.z_offset, moved.z_offset) == (-1000, -1000)  # under the stop's own badge
    assert "bb-change-hollow" in dropped.html and "✕" in dropped.html and dropped.z_offset == 0
    assert "&lt;b&gt;tuyến&lt;/b&gt;" in dropped.popup  # text, never markup
    assert "→" in away.html and "bb-change-moved-away" in away.css_class


def test_the_legend_counts_each_kind_and_says_unmarked_stops_are_unchanged():
    m = new_map(title="t", tile_url="", tile_attribution=None)
    add_changes(m, [*CHANGES, CHANGES[0]], messages=EN)
    (legend,) = [p for p in find(m, Panel) if "bb-changes-legend" in p.css_class]
    assert legend.position == "bottomleft"
    assert "Changes from the published plan" in legend.html
    assert "Added (2)" in legend.html and "Moved here (1)" in legend.html and "Dropped (1)" in legend.html
    assert "New time" not in legend.html  # no re-timed visit: no row
    assert "Stops without a mark stay as in the published plan." in legend.html


def test_no_changes_or_none_placeable_draws_nothing():
    m = new_map(title="t", tile_url="", tile_attribution=None)
    assert add_changes(m, []) == []
    assert add_changes(m, [ChangeMarker("added", "Không tọa độ", None, None, "…")]) == []
    assert find(m, BadgeMarker) == [] and find(m, Panel) == []


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="change kind"):
        ChangeMarker("renamed", "Trường A", 10.0, 105.0, "")


def test_the_plan_map_draws_changes_over_its_routes_fits_them_and_switches_them_as_a_layer(tiny):
    problem, plan = tiny
    result = render_plan(plan, problem, site_labels=LABELS, day=date(2026, 3, 2), changes=CHANGES)
    assert list(layers(result.map)) == ["Thứ Hai 02/03/2026", "Thay đổi so với kế hoạch đã xuất bản"]
    html = to_html(result)
    for change in CHANGES:  # the page's data: each mark's tooltip and popup, as JSON strings
        word = {"added": "Thêm", "moved": "Chuyển đến", "dropped": "Bỏ", "moved_away": "Chuyển đi"}[change.kind]
        assert f".bindTooltip({json.dumps(f'{word}: {change.label}')})" in html
    for change in CHANGES[:2] + CHANGES[3:]:  # (the third is escaped twice: as HTML, then as JSON)
        assert json.dumps(change.detail)[1:-1] in html
    assert "zIndexOffset: -1000" in html
    bounds = html.split(".fitBounds(", 1)[1].split(")", 1)[0]
    assert "105.6]" in bounds and "10.0," in bounds  # the sites off today's route are in view
    assert json.dumps("Thay đổi so với kế hoạch đã xuất bản") in html  # in the layer control


def test_a_day_without_routes_says_so_in_a_corner_so_the_marks_stay_clickable(tiny):
    problem, plan = tiny
    result = render_plan(plan, problem, site_labels=LABELS, day=date(2026, 3, 4), changes=CHANGES[2:])
    html = to_html(result)
    assert "bb-message" not in html
    assert any("Không có tuyến nào cho xe hoặc ngày đã chọn." in p.html for p in find(result.map, Panel))
    assert '<html lang="vi">' in html and '<html lang="en">' in to_html(render_plan(plan, problem, messages=EN))
