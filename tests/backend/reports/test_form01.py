"""Form 01 per trip and per point: the XLSX's cells, the printable page, the default evaluation year, what the
report says about an incomplete period."""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook

from backend.reports import form01
from backend.reports.completeness import period_notes
from backend.reports.periods import Period
from backend.reports.selectors import report_scope_for

from .test_sector_indicators import MARCH_2026

TODAY = datetime.date(2026, 12, 5)


def test_the_evaluation_year_runs_december_to_november():
    assert form01.evaluation_year(datetime.date(2026, 12, 5)) == Period(datetime.date(2026, 12, 1),
                                                                          datetime.date(2027, 11, 30))  # fmt: skip
    assert form01.evaluation_year(datetime.date(2026, 11, 30)) == Period(datetime.date(2025, 12, 1),
                                                                           datetime.date(2026, 11, 30))  # fmt: skip


def _rows(sheet, first_row):
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=first_row) if any(c.value for c in row)]


def test_form01_xlsx_cells_per_trip_and_per_point(sector_history, coordinator, depot):
    data = form01.form01_data(period=MARCH_2026, scope=report_scope_for(user=coordinator), today=TODAY, trip_page=None)
    book = load_workbook(io.BytesIO(form01.form01_xlsx(data=data)))

    assert book.sheetnames == ["Theo chuyến xe", "Theo điểm phục vụ", "Định nghĩa chỉ tiêu"]
    trips = book["Theo chuyến xe"]
    assert trips["A1"].value == depot.name.upper()
    assert trips["A3"].value == "Kỳ báo cáo: từ ngày 01/03/2026 đến ngày 31/03/2026"
    header = [c.value for c in trips[5]]
    assert header[:5] == ["STT", "Ngày", "Xe", "Buổi phục vụ đã thực hiện", "Lượt bạn đọc"]
    assert "Lượt tài liệu lưu hành" in header
    uses = header.index("Lượt tài liệu lưu hành")
    rows = _rows(trips, 6)
    bus, other = sector_history["bus"].plate_number, sector_history["other_bus"].plate_number
    # Three trips in date order: 2/3 (one stop made of two), 4/3 the other bus, 9/3 two stops; then the total.
    assert [(r[0], r[1].date(), r[2], r[3], r[4]) for r in rows[:3]] == [
        (1, datetime.date(2026, 3, 2), bus, 1, 32),
        (2, datetime.date(2026, 3, 4), other, 1, 20),
        (3, datetime.date(2026, 3, 9), bus, 2, 60),
    ]
    assert rows[0][uses] == 4 + 40  # four loans and forty documents read on the spot
    assert rows[2][uses] == 50 + 12
    # The collection was collected without a visit: its 45 uses are on no trip, but in the total.
    assert rows[3][1:3] == ["Không gắn với chuyến xe / điểm", None] and rows[3][uses] == 45
    assert rows[-1][1] == "Tổng cộng" and rows[-1][4] == 112 and rows[-1][uses] == 4 + 127 + 45
    assert trips.cell(row=6, column=uses + 1).number_format == "#,##0"

    points = book["Theo điểm phục vụ"]
    by_name = {r[1]: r for r in _rows(points, 6)}
    header = [c.value for c in points[5]]
    house = by_name[sector_history["house"].name]
    assert house[header.index("Lượt sử dụng tủ sách luân chuyển")] == 45
    assert house[header.index("Lượt bạn đọc là người cao tuổi")] == 6
    far = by_name[sector_history["far_site"].name]
    assert far[header.index("Lượt bạn đọc là người dân tộc thiểu số")] == 8
    assert far[header.index("Lượt bạn đọc tại vùng biên giới, vùng khó khăn")] == 20
    assert book["Định nghĩa chỉ tiêu"]["A1"].value == "Chỉ tiêu"


def test_form01_page_and_download(client, coordinator, sector_history):
    client.force_login(coordinator)

    html = client.get("/reports/form01/?start=2026-03-01&end=2026-03-31").content.decode()
    assert "Biểu 01" in html or "BIỂU 01" in html.upper()
    assert "02/03/2026" in html and "Lượt tài liệu lưu hành" in html
    page = html.split('<main id="main">')[1]
    assert 'style="' not in page and not re.search(r"<script(?![^>]*\bsrc=)", page)  # nothing inline

    response = client.get("/reports/form01/?start=2026-03-01&end=2026-03-31&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bieu-01_2026-03-01_2026-03-31.xlsx"'
    assert client.get("/reports/form01/?format=pdf").status_code == 400
    assert client.get("/reports/form01/?start=2026-03-31&end=2026-03-01").status_code == 400


def test_form01_defaults_to_the_evaluation_year_and_says_it_is_not_over(client, coordinator, history):
    client.force_login(coordinator)

    html = client.get("/reports/form01/").content.decode()

    year = form01.evaluation_year(datetime.date.today())
    assert f"{year.start:%d/%m/%Y}" in html and f"{year.end:%d/%m/%Y}" in html
    assert "chưa kết thúc" in html


@pytest.mark.parametrize("role", ["driver", "school_contact"])
def test_form01_is_for_coordinators(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/reports/form01/").status_code == 403


def test_notes_name_missing_months_and_an_unfinished_period(history, coordinator):
    scope = report_scope_for(user=coordinator)
    whole = Period(datetime.date(2026, 2, 1), datetime.date(2026, 4, 30))

    notes = period_notes(period=whole, scope=scope, today=datetime.date(2026, 4, 10))

    assert notes[0] == "Kỳ báo cáo chưa kết thúc: số liệu đến hết ngày 09/04/2026, còn 21 ngày."
    assert notes[1] == "Chưa ghi nhận buổi phục vụ nào trong các tháng: 02/2026, 04/2026. Cần kiểm tra số liệu."
    assert period_notes(period=MARCH_2026, scope=scope, today=TODAY) == []


def test_the_report_by_trip_comes_a_page_at_a_time_in_date_order(history, coordinator):
    from backend.reports.selectors import trip_page

    scope = report_scope_for(user=coordinator)
    first = trip_page(period=MARCH_2026, scope=scope, page=1, page_size=2)
    second = trip_page(period=MARCH_2026, scope=scope, page=2, page_size=2)

    assert (first["count"], first["pages"], second["page"]) == (3, 2, 2)
    days = [r["group"].split()[-1] for r in first["rows"] + second["rows"]]
    assert days == ["2026-03-02", "2026-03-04", "2026-03-09"]
    assert [r["visits_made"] for r in first["rows"] + second["rows"]] == [1, 1, 2]
    assert trip_page(period=MARCH_2026, scope=scope, page=9, page_size=2)["page"] == 2  # past the end: the last
