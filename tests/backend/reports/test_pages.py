"""Tests of the coordinators' report pages: dashboard with an inline SVG chart, printable yearly report."""

import datetime
import re
from pathlib import Path

import pytest

from backend.reports.charts import ChartLabels, monthly_chart_svg


def test_dashboard_shows_figures_chart_behind_sites_and_map_links(client, coordinator, history):
    client.force_login(coordinator)

    response = client.get("/reports/?year=2026")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="bb-chart"' in html
    assert html.count('class="bb-bar"') == 12
    assert 'class="bb-target"' in html
    assert "/maps/coverage/" in html
    assert "/api/v1/reports/export/xlsx/?year=2026" in html
    # the chart is drawn on the server: the only script is the shared site.js (the language menu), nothing inline
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/core/site.js" defer>']
    assert "<script>" not in html and "style=" not in html  # no inline code: the pages run under a strict CSP
    assert 'src="http' not in html and 'href="http' not in html  # nothing from another server (no CDN)
    assert 'data-key="visits_made"' in html


def test_yearly_report_lists_totals_places_and_events(client, coordinator, history):
    client.force_login(coordinator)

    html = client.get("/reports/yearly/?year=2026").content.decode()

    assert "01/01/2026 – 31/12/2026" in html
    assert history["house"].name in html
    assert "điểm phục vụ đóng cửa hoặc bận (thi, sự kiện)" in html  # the skipped visit, counted by its cause
    assert "Tuần lễ hưởng ứng học tập suốt đời" in html
    assert "/static/reports/reports.css" in html  # its @media print rules lay the report out on A4
    assert "@media print" in (Path(__file__).parents[3] / "backend/reports/static/reports/reports.css").read_text()


def test_sector_year_runs_december_to_november(client, coordinator, history):
    client.force_login(coordinator)

    html = client.get("/reports/yearly/?year=2026&year_kind=sector").content.decode()

    assert "01/12/2025 – 30/11/2026" in html


@pytest.mark.parametrize(("user", "status"), [("coordinator", 200), ("driver", 403), ("school_contact", 403)])
def test_report_pages_are_for_coordinators(client, request, user, status):
    client.force_login(request.getfixturevalue(user))

    assert client.get("/reports/").status_code == status
    assert client.get("/reports/yearly/").status_code == status


def test_report_pages_need_a_login(client, db):
    assert client.get("/reports/").status_code == 302


def test_bad_year_is_400(client, coordinator):
    client.force_login(coordinator)

    assert client.get("/reports/?year=abc").status_code == 400
    assert client.get("/reports/yearly/?year=2026&year_kind=lunar").status_code == 400


def test_chart_scales_bars_and_target_line():
    months = [
        {"month": datetime.date(2026, 1, 1), "value": 100, "previous": 80, "target": 88.0},
        {"month": datetime.date(2026, 2, 1), "value": 50, "previous": 100, "target": 110.0},
    ]

    svg = monthly_chart_svg(months, ChartLabels("Lượt bạn đọc", "2026", "2025", "mục tiêu"))

    assert svg.count('class="bb-bar"') == 2
    assert "<title>01/2026: 100</title>" in svg
    assert 'class="bb-target"' in svg and 'class="bb-previous"' in svg


def test_activity_map_draws_a_circle_per_commune(client, coordinator, reader_history):
    client.force_login(coordinator)

    response = client.get("/maps/activity/embed/?start=2026-03-01&end=2026-03-31")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/maps/vendor/leaflet" in html and "unpkg" not in html and "cdn.jsdelivr" not in html
    assert html.count("bb-activity") >= 2
    assert "Lượt bạn đọc" in html and "01/03/2026" in html and "31/03/2026" in html


def test_activity_map_by_site_for_loans_and_bad_parameters(client, coordinator, reader_history):
    client.force_login(coordinator)

    assert client.get("/maps/activity/?by=site&metric=loans&year=2026").status_code == 200
    assert client.get("/maps/activity/?metric=happiness").status_code == 400
    assert client.get("/maps/activity/?by=province").status_code == 400
    assert client.get("/maps/activity/?start=2026-03-31&end=2026-03-01").status_code == 400


@pytest.mark.parametrize(("user", "status"), [("driver", 403), ("school_contact", 403)])
def test_activity_map_is_for_coordinators(client, request, user, status):
    client.force_login(request.getfixturevalue(user))

    assert client.get("/maps/activity/").status_code == status


def test_chart_numbers_and_months_are_written_the_vietnamese_way():
    months = [{"month": datetime.date(2026, m, 1), "value": v, "previous": 0, "target": 0}
              for m, v in ((3, 12_345), (4, 2.5))]  # fmt: skip
    svg = monthly_chart_svg(months, ChartLabels("Lượt bạn đọc", "2026", "2025", "mục tiêu"))
    assert "<title>03/2026: 12.345</title>" in svg and "<title>04/2026: 2,5</title>" in svg
    assert ">15.000<" in svg and ">03/2026<" in svg  # the axis's top tick, the month under its bar
