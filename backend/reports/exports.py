"""CSV and XLSX files of the indicator tables, with Vietnamese headers (English on request)."""

import csv
import datetime
import io
import re

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from backend.core.spreadsheets import csv_safe_row, xlsx_safe_row

from .indicators import COLUMN_LABELS, INDICATORS
from .periods import GROUPINGS

LANGUAGES = ("vi", "en")
SHEET_TITLES = {
    "total": ("Toàn mạng lưới", "Whole network"),
    "commune": ("Theo xã phường", "By commune"),
    "site_kind": ("Theo loại điểm", "By site kind"),
    "site": ("Theo điểm phục vụ", "By site"),
    "vehicle": ("Theo xe", "By vehicle"),
    "trip": ("Theo chuyến", "By trip"),
}
SITE_KIND_LABELS = {
    "school": ("Trường học", "School"),
    "public": ("Thư viện công cộng", "Public library"),
    "commune": ("Nhà văn hóa, thư viện xã", "Cultural house, commune library"),
    "learning_centre": ("Trung tâm học tập cộng đồng", "Community learning centre"),
    "private": ("Thư viện tư nhân", "Private library"),
    "post_office": ("Điểm bưu điện - văn hóa xã", "Post-office cultural point"),
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMAT_LABELS = {"csv": _("CSV (one grouping)"), "xlsx": _("Excel workbook (one sheet per grouping)")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def header(lang: str) -> list[str]:
    return [_pick(COLUMN_LABELS["period"], lang), _pick(COLUMN_LABELS["group"], lang)] + [
        i.label(lang) for i in INDICATORS
    ]


def group_label(row: dict, grouping: str, lang: str) -> str:
    if grouping == "total":
        return _pick(SHEET_TITLES["total"], lang)
    if grouping == "site_kind" and row["group"] in SITE_KIND_LABELS:
        return _pick(SITE_KIND_LABELS[row["group"]], lang)
    return row["group"]


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def _vn_days(text: str) -> str:
    """ISO dates in ``text`` written as Vietnamese write them (2026-03-02 -> 02/03/2026)."""
    return _ISO_DAY.sub(lambda m: f"{m[3]}/{m[2]}/{m[1]}", text)


def period_label(label: str, lang: str) -> str:
    """A report bucket as people write it: "03/2026", "Quý 1/2026" ("Q1 2026"), "01/01/2026–31/12/2026"."""
    if month := _MONTH.match(label):
        return f"{month[2]}/{month[1]}"
    if quarter := _QUARTER.match(label):
        return f"Q{quarter[2]} {quarter[1]}" if lang == "en" else f"Quý {quarter[2]}/{quarter[1]}"
    return "–".join(_vn_days(part) for part in label.split("/"))  # a whole period: "start/end" in ISO


def _values(row: dict, grouping: str, lang: str) -> list:
    group = group_label(row, grouping, lang)
    if grouping == "trip":  # "plate 2026-03-02": the trip's day as dd/mm/yyyy
        group = _vn_days(group)
    return [period_label(row["period"], lang), group] + [row[i.key] for i in INDICATORS]


def _number_format(value) -> str | None:
    # Excel shows the separators of the reader's locale: 1.234,5 in a Vietnamese Excel.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "DD/MM/YYYY" if isinstance(value, datetime.date) else None
    return "#,##0" if isinstance(value, int) else "#,##0.0"


def csv_export(*, rows: list[dict], grouping: str, lang: str = "vi") -> str:
    """One table as CSV text (with a byte-order mark so spreadsheet programs read the diacritics right)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header(lang))
    for row in rows:
        writer.writerow(csv_safe_row(_values(row, grouping, lang)))
    return out.getvalue()


def xlsx_export(*, tables: dict[str, list[dict]], lang: str = "vi", title: str = "") -> bytes:
    """A workbook with one sheet per grouping (in the order of ``periods.GROUPINGS``), bold frozen header row."""
    book = Workbook()
    book.remove(book.active)
    for grouping in [g for g in GROUPINGS if g in tables]:
        sheet = book.create_sheet(_pick(SHEET_TITLES[grouping], lang)[:31])
        sheet.append(header(lang))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in tables[grouping]:
            sheet.append(xlsx_safe_row(sheet, _values(row, grouping, lang)))
            for cell in sheet[sheet.max_row]:
                cell.number_format = _number_format(cell.value) or cell.number_format
        sheet.freeze_panes = "C2"
        sheet.column_dimensions["A"].width = 12
        sheet.column_dimensions["B"].width = 40
        for index in range(3, len(INDICATORS) + 3):
            sheet.column_dimensions[get_column_letter(index)].width = 14
    if title:
        book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
