"""Tests of the coverage, live and activity maps' Folium objects and of the rules behind their colours and sizes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import folium
import pytest

from maps import EN, CoverageSite, LiveVehicle, coverage_status, render_activity, render_coverage, render_live, to_html
from maps.activity import circle_radius
from maps.layers import BadgeMarker, Info, Panel
from tests.maps.test_render import find

TODAY = date(2026, 3, 20)


@pytest.mark.parametrize(
    ("last_visit", "status"),
    [
        (None, "never_visited"),
        (date(2026, 3, 10), "on_time"),  # 10 of 30 days
        (date(2026, 2, 25), "due"),  # next visit due in 7 days
        (date(2026, 2, 26), "on_time"),  # due in 8 days
        (date(2026, 2, 18), "due"),  # due today
        (date(2026, 2, 17), "overdue"),  # one day late
    ],
)
def test_coverage_status_counts_days_against_the_target(last_visit, status):
    site = CoverageSite("s", "S", "school", 10.0, 105.0, last_visit, 30)
    assert coverage_status(site, today=TODAY) == status


def test_coverage_counts_every_status_and_lists_sites_without_coordinates(coverage_sites):
    """Tests the legend counts (placed or not), one circle per placed site, and the unplaced site listed."""
    result = render_coverage(coverage_sites, today=TODAY, kind_labels={"school": "Trường học"})
    assert result.counts == {"overdue": 1, "never_visited": 1, "due": 2, "on_time": 1}
    assert result.unplaced == ["Điểm bưu điện - văn hóa xã Nhơn Ái"]
    circles = find(result.map, folium.CircleMarker)
    assert len(circles) == 4
    assert sorted(g.layer_name for g in find(result.map, folium.FeatureGroup)) == [
        "Trường học", "cultural_house", "learning_centre",
    ]  # fmt: skip
    panels = [p.html for p in find(result.map, Panel)]
    assert any("Quá hạn: <b>1</b>" in h for h in panels)
    assert any("Điểm bưu điện - văn hóa xã Nhơn Ái" in h for h in panels)


def test_coverage_filters_by_kind(coverage_sites):
    result = render_coverage(coverage_sites, today=TODAY, kinds={"school"}, messages=EN)
    assert sum(result.counts.values()) == 2
    popups = [i.popup for i in find(result.map, Info)]
    assert len(popups) == 2 and all("school" in p for p in popups)
    assert any("Last visit" in p and "10 days ago" in p for p in popups)


def test_coverage_with_no_sites_says_so():
    assert "Không có điểm phục vụ nào" in to_html(render_coverage([], today=TODAY))


def test_coverage_site_needs_a_positive_target():
    with pytest.raises(ValueError, match="target_interval_days"):
        CoverageSite("s", "S", "school", None, None, None, 0)


def test_live_map_places_buses_and_stops_and_lists_the_rest(live_vehicles):
    result = render_live(live_vehicles, now=datetime(2026, 3, 20, 3, 0, tzinfo=UTC))
    assert result.counts == {"done": 2, "remaining": 2}
    assert result.unplaced == ["65A-002.45: Điểm bưu điện - văn hóa xã Nhơn Ái", "65A-002.45 (Chưa có vị trí)"]
    markers = find(result.map, BadgeMarker)
    (bus,) = [m for m in markers if "bb-bus-marker" in m.css_class]
    assert "Vị trí lúc 09:30" in bus.popup  # 02:30 UTC is 09:30 in Vietnam
    assert "Đã xong 2/3 điểm" in bus.popup
    assert len([m for m in markers if "bb-live-done" in m.css_class]) == 2
    assert '<meta http-equiv="refresh" content="60">' in to_html(result)
    assert any("Cập nhật lúc 10:00" in p.html for p in find(result.map, Panel))


def test_live_refresh_can_be_turned_off(live_vehicles):
    assert 'http-equiv="refresh"' not in to_html(render_live(live_vehicles, refresh_s=0))


def test_live_vehicle_time_must_be_aware():
    with pytest.raises(ValueError, match="timezone-aware"):
        LiveVehicle("v", "V", 10.0, 105.0, datetime(2026, 3, 20, 9, 0))


def test_activity_circle_area_is_proportional_to_the_value():
    r_full, r_quarter = circle_radius(400, 400), circle_radius(100, 400)
    assert r_full == pytest.approx(2 * r_quarter)
    assert circle_radius(0, 400) > 0  # still visible


def test_activity_map_draws_a_circle_per_placed_point(activity_points):
    result = render_activity(activity_points, metric_label="Lượt bạn đọc")
    assert result.unplaced == ["Đặc khu (chưa có tọa độ)"]
    assert result.counts == {"places": 5, "total": 16650}
    circles = find(result.map, folium.CircleMarker)
    assert [c.options["radius"] for c in circles] == sorted((c.options["radius"] for c in circles), reverse=True)
    assert any("Lượt bạn đọc: 12.500" in i.popup for i in find(result.map, Info))


def test_activity_with_only_zeros_says_there_is_nothing():
    assert "Không có số liệu" in to_html(render_activity([], metric_label="Lượt mượn"))
