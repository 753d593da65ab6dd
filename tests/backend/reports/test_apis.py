"""Tests of the reports API: scoped figures for every role, 400 on bad input, CSV and XLSX files."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from backend.reports.indicators import INDICATORS

URL = "/api/v1/reports/"
MARCH = "start=2026-03-01&end=2026-03-31"


@pytest.mark.parametrize(
    "path",
    [
        "indicators/",
        "growth/",
        "skip-reasons/",
        "monthly/",
        "events/book_day/",
        "export/csv/",
        "export/xlsx/",
    ],
)
def test_anonymous_callers_get_401(db, client_for, path):
    assert client_for(None).get(URL + path).status_code == 401


@pytest.mark.parametrize(
    ("user", "visits_made", "trips_made"), [("coordinator", 4, 3), ("driver", 3, 2), ("school_contact", 2, 2)]
)
def test_indicators_are_scoped_by_role(history, client_for, request, user, visits_made, trips_made):
    response = client_for(request.getfixturevalue(user)).get(f"{URL}indicators/?{MARCH}&step=total")

    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {"start": "2026-03-01", "end": "2026-03-31"}
    assert (body["step"], body["group"]) == ("total", "total")
    assert [i["key"] for i in body["indicators"]] == [i.key for i in INDICATORS]
    [row] = body["rows"]
    assert (row["visits_made"], row["trips_made"]) == (visits_made, trips_made)


def test_indicators_by_commune_and_month(history, client_for, coordinator):
    body = client_for(coordinator).get(f"{URL}indicators/?year=2026&group=commune").json()

    got = [(r["period"], r["group"], r["visits_planned"], r["visits_made"]) for r in body["rows"]]
    commune = history["site"].commune.name
    assert got == [
        ("2026-03", commune, 3, 3),
        ("2026-03", "Xã Phong Điền", 2, 1),
        ("2026-04", commune, 1, 0),
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-03-31&end=2026-03-01", "end"),
        ("start=2026-03-01", "end"),
        ("start=yesterday&end=2026-03-01", "start"),
        ("year=2026&group=province", "group"),
        ("year=2026&step=week", "step"),
        ("year=1850", "year"),
        ("year=2026&year_kind=lunar", "year_kind"),
    ],
)
def test_bad_parameters_are_400_with_the_field(history, client_for, coordinator, query, field):
    response = client_for(coordinator).get(f"{URL}indicators/?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_report_parameters"
    assert field in body["extra"]["fields"]


def test_unknown_metric_event_and_export_kind_are_400(history, client_for, coordinator):
    client = client_for(coordinator)

    assert client.get(f"{URL}growth/?year=2026&metric=happiness").json()["extra"]["fields"].keys() == {"metric"}
    assert client.get(f"{URL}events/tet/").json()["code"] == "unknown_event"
    assert client.get(f"{URL}export/pdf/").json()["code"] == "unknown_export_kind"
    assert client.get(f"{URL}export/csv/?lang=fr").status_code == 400


def test_growth_by_site_puts_sites_behind_first(history, client_for, coordinator):
    body = client_for(coordinator).get(f"{URL}growth/?{MARCH}&group=site&metric=visits_made").json()

    assert body["metric"] == "visits_made"
    assert body["target_rate"] == 0.1
    assert body["previous_period"] == {"start": "2025-03-01", "end": "2025-03-31"}
    assert body["groups"][0] == {
        "group_key": str(history["house"].id),
        "group": history["house"].name,
        "current": 1.0,
        "previous": 1.0,
        "change": 0.0,
        "growth_pct": 0.0,
        "target": 1.1,
        "target_gap": -0.1,
        "on_track": False,
    }


def test_school_contact_growth_lists_only_their_site(history, client_for, school_contact):
    body = client_for(school_contact).get(f"{URL}growth/?{MARCH}&group=site&metric=visits_made").json()

    assert [g["group"] for g in body["groups"]] == [history["site"].name]


def test_skip_reasons(history, client_for, coordinator, school_contact):
    english = client_for(coordinator)
    english.credentials(HTTP_ACCEPT_LANGUAGE="en")
    assert english.get(f"{URL}skip-reasons/?{MARCH}&group=site").json() == [
        {
            "group_key": str(history["house"].id),
            "group": history["house"].name,
            "cause": "site_busy",
            "reason": "site closed or busy (exams, events)",
            "visits": 1,
        }
    ]
    assert client_for(school_contact).get(f"{URL}skip-reasons/?{MARCH}").json() == []


def test_monthly_series_has_every_month_with_target(history, client_for, coordinator):
    body = client_for(coordinator).get(f"{URL}monthly/?start=2026-02-01&end=2026-04-30&metric=visits_made").json()

    assert body == [
        {"month": "2026-02-01", "value": 0.0, "previous": 0.0, "target": 0.0},
        {"month": "2026-03-01", "value": 4.0, "previous": 2.0, "target": 2.2},
        {"month": "2026-04-01", "value": 0.0, "previous": 0.0, "target": 0.0},
    ]


def test_csv_export_has_vietnamese_headers_and_english_on_request(history, client_for, coordinator):
    client = client_for(coordinator)

    response = client.get(f"{URL}export/csv/?{MARCH}&group=site&step=total")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Kỳ", "Nhóm", "Chuyến xe theo kế hoạch", "Chuyến xe đã thực hiện"]
    assert len(rows) == 4
    english = list(csv.reader(io.StringIO(client.get(f"{URL}export/csv/?{MARCH}&lang=en").content.decode("utf-8-sig"))))
    assert english[0][:3] == ["Period", "Group", "Trips planned"]
    assert english[1][1] == "Whole network"


def test_xlsx_export_has_one_sheet_per_grouping(history, client_for, coordinator):
    response = client_for(coordinator).get(f"{URL}export/xlsx/?{MARCH}&step=total")

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Toàn mạng lưới",
        "Theo xã phường",
        "Theo loại điểm",
        "Theo điểm phục vụ",
        "Theo xe",
        "Theo chuyến",
    ]
    kinds = [row[1] for row in book["Theo loại điểm"].iter_rows(min_row=2, values_only=True)]
    assert kinds == ["Nhà văn hóa, thư viện xã", "Trường học"]
    trips = list(book["Theo chuyến"].iter_rows(min_row=2, values_only=True))
    assert len(trips) == 3


def test_event_report_compares_with_last_year(history, client_for, coordinator):
    body = client_for(coordinator).get(f"{URL}events/lifelong_learning_week/?year=2026").json()

    assert body["period"] == {"start": "2026-10-01", "end": "2026-10-07"}
    assert body["totals"]["visits_made"] == 0
    assert body["sites"] == [] and body["activities"] == []


def test_exports_write_periods_and_trip_days_the_vietnamese_way(history, client_for, coordinator):
    client = client_for(coordinator)
    monthly = list(
        csv.reader(io.StringIO(client.get(f"{URL}export/csv/?{MARCH}&step=month").content.decode("utf-8-sig")))
    )
    assert monthly[1][0] == "03/2026"
    whole = list(
        csv.reader(io.StringIO(client.get(f"{URL}export/csv/?{MARCH}&step=total").content.decode("utf-8-sig")))
    )
    assert whole[1][0] == "01/03/2026–31/03/2026"
    book = load_workbook(io.BytesIO(client.get(f"{URL}export/xlsx/?{MARCH}&step=total").content))
    trip = next(book["Theo chuyến"].iter_rows(min_row=2))
    assert re.search(r" \d{2}/03/2026$", trip[1].value)  # "plate dd/mm/yyyy", not ISO
    assert trip[2].number_format == "#,##0"  # Excel groups thousands in the reader's locale (1.234 in Vietnamese)
    header = [c.value for c in book["Theo chuyến"][1]]
    assert trip[header.index("Số km đã chạy")].number_format == "#,##0.0"
