"""Exporting a holder's stock as CSV or XLSX (one row per copy)."""

import csv
import io

from openpyxl import Workbook

from backend.core.spreadsheets import csv_safe_row, xlsx_safe_row

from .holders import Holder
from .selectors import copy_list_at

COLUMNS = [
    "barcode",
    "title",
    "authors",
    "isbn",
    "publisher",
    "year",
    "ddc",
    "shelf_mark",
    "reading_level",
    "status",
    "condition",
    "collection",
    "acquired_on",
    "source",
    "donor",
    "price",
]


def stock_export_rows(*, holder: Holder):
    """Rows (lists of plain values) of the copies at ``holder``, by barcode, streamed from the database."""
    copies = copy_list_at(holder=holder).select_related("collection").order_by("barcode")
    for c in copies.iterator(chunk_size=2000):
        r = c.record
        yield [
            c.barcode,
            r.title,
            r.authors,
            r.isbn,
            r.publisher,
            r.year,
            r.ddc,
            c.shelf_mark,
            r.reading_level,
            c.status,
            c.condition,
            c.collection.code if c.collection_id else "",
            c.acquired_on.isoformat() if c.acquired_on else "",
            c.source,
            c.donor,
            int(c.price) if c.price is not None else "",
        ]


def stock_export_csv(*, holder: Holder) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(csv_safe_row(row) for row in stock_export_rows(holder=holder))
    return out.getvalue()


def stock_export_xlsx(*, holder: Holder) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("stock")
    sheet.append(COLUMNS)
    for row in stock_export_rows(holder=holder):
        sheet.append(xlsx_safe_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
