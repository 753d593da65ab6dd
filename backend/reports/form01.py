"""Form 01 (*Biểu 01*): the mobile library's service statistics per trip and per point for any period, as the
sector keeps them under Circular 05/2022 (persons served and resource uses per trip and point). The same rows feed
the printable page and the XLSX file; headers are Vietnamese (English on request), the period defaults to the
sector's evaluation year (1/12–30/11), and what is incomplete about the period is said at the top."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from backend.places.models import Library, LibraryKind, ServiceSite
from backend.planning.models import PlanRoute

from . import completeness, selectors
from .indicators import BY_KEY, Indicator
from .periods import Period, ReportQuery, year_period

# Persons served, then resource uses: the order of the sector's form.
SITE_COLUMNS = [
    "visits_made", "reader_visits", "new_readers", "regular_readers", "served_children", "served_elderly",
    "served_disabled", "served_ethnic_minority", "served_priority_areas", "document_uses", "loans", "reading_uses",
    "collection_uses", "digital_uses",
]  # fmt: skip
TRIPS_PER_PAGE = 500
# New readers are registered at a site, not on a trip; a trip has its distance and hours.
TRIP_COLUMNS = [k for k in SITE_COLUMNS if k != "new_readers"] + ["km", "hours_at_sites"]
TEXT = {
    "title": ("BIỂU 01. THỐNG KÊ HOẠT ĐỘNG PHỤC VỤ THƯ VIỆN LƯU ĐỘNG", "FORM 01. MOBILE LIBRARY SERVICE STATISTICS"),
    "by_trip": ("Theo chuyến xe", "By trip"),
    "by_site": ("Theo điểm phục vụ", "By service point"),
    "definitions": ("Định nghĩa chỉ tiêu", "Definitions"),
    "period": ("Kỳ báo cáo: từ ngày %s đến ngày %s", "Period: %s to %s"),
    "no": ("STT", "No."),
    "date": ("Ngày", "Date"),
    "vehicle": ("Xe", "Vehicle"),
    "site": ("Điểm phục vụ", "Service point"),
    "commune": ("Xã, phường", "Commune or ward"),
    "total": ("Tổng cộng", "Total"),
    "unassigned": ("Không gắn với chuyến xe / điểm", "Not tied to a trip / point"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "definition": ("Định nghĩa", "Definition"),
}


def text(key: str, lang: str) -> str:
    vi, en = TEXT[key]
    return en if lang == "en" else vi


def evaluation_year(today: datetime.date) -> Period:
    """The sector's evaluation year that contains ``today`` (1 December – 30 November)."""
    return year_period(today.year + 1 if today.month == 12 else today.year, sector=True)


def _library_name() -> str:
    library = Library.objects.filter(kind=LibraryKind.PUBLIC, is_active=True).order_by("pk").first()
    return library.name if library else ""


def form01_data(
    *, period: Period, scope, today: datetime.date, trip_page: int | None = 1, trips_per_page: int = TRIPS_PER_PAGE
) -> dict:
    """Rows per trip (by date, then plate) and per point (by commune, then name), the period's totals and notes.

    Trips come a page at a time (``trip_page``; ``None``: every trip, for the file), as a big network's year has
    more than a hundred thousand; trips and points not tied to any (a loan recorded away from a visit) are in the
    totals and, on the whole list, in a row of their own.
    """
    if trip_page is None:
        trip_rows = selectors.indicator_table(query=ReportQuery(period, "total", "trip"), scope=scope)
        paging = {"page": 1, "pages": 1, "count": len(trip_rows)}
    else:
        paging = selectors.trip_page(period=period, scope=scope, page=trip_page, page_size=trips_per_page)
        trip_rows = paging.pop("rows")
    site_rows = selectors.indicator_table(query=ReportQuery(period, "total", "site"), scope=scope)
    routes = {
        str(r["id"]): r
        for r in PlanRoute.objects.filter(id__in=[r["group_key"] for r in trip_rows if r["group_key"]]).values(
            "id", "date", "vehicle__plate_number"
        )
    }
    sites = {
        str(s["id"]): s
        for s in ServiceSite.objects.filter(id__in=[r["group_key"] for r in site_rows if r["group_key"]]).values(
            "id", "name", "commune__name"
        )
    }
    trips = []
    for row in trip_rows:
        route = routes.get(row["group_key"])
        trips.append({"date": route["date"] if route else None,
                      "vehicle": route["vehicle__plate_number"] if route else "", "values": row})  # fmt: skip
    if trip_page is None:
        trips.sort(key=lambda t: (t["date"] is None, t["date"] or datetime.date.min, t["vehicle"]))
    points = []
    for row in site_rows:
        site = sites.get(row["group_key"])
        points.append({"site": site["name"] if site else "", "commune": site["commune__name"] if site else "",
                       "values": row})  # fmt: skip
    points.sort(key=lambda p: (p["site"] == "", p["commune"], p["site"]))
    return {
        "period": period,
        "library": _library_name(),
        "notes": completeness.period_notes(period=period, scope=scope, today=today),
        "trips": trips,
        "trip_paging": paging,
        "first_trip_number": (paging["page"] - 1) * trips_per_page,
        "points": points,
        "totals": selectors.indicator_totals(period=period, scope=scope),
        "trip_columns": [BY_KEY[k] for k in TRIP_COLUMNS],
        "site_columns": [BY_KEY[k] for k in SITE_COLUMNS],
    }


THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _number_format(indicator: Indicator) -> str:
    # Excel shows the separators of the reader's locale: 1.234,5 in a Vietnamese Excel.
    return "#,##0.0" if indicator.decimals else "#,##0"


def _sheet(book, title, data, lang, lead, columns, rows, lead_values) -> None:
    sheet = book.create_sheet(title[:31])
    width = len(lead) + len(columns)
    last = get_column_letter(width)
    period = text("period", lang) % (f"{data['period'].start:%d/%m/%Y}", f"{data['period'].end:%d/%m/%Y}")
    heading = [data["library"].upper(), text("title", lang) + " — " + title.upper(), period]
    for line, value in enumerate(heading + data["notes"], start=1):
        sheet.cell(row=line, column=1, value=value).font = Font(bold=line <= 2, italic=line > 3)
        sheet.merge_cells(f"A{line}:{last}{line}")
    header_row = len(heading) + len(data["notes"]) + 2
    for column, value in enumerate(lead + [i.label(lang) for i in columns], start=1):
        cell = sheet.cell(row=header_row, column=column, value=value)
        cell.font, cell.border = Font(bold=True), BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.row_dimensions[header_row].height = 60
    line = header_row
    for number, row in enumerate(rows, start=1):
        line += 1
        values = [number, *lead_values(row, lang)] + [row["values"][i.key] for i in columns]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=line, column=column, value=value)
            cell.border = BOX
            if column > len(lead):
                cell.number_format = _number_format(columns[column - len(lead) - 1])
            elif isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    line += 1
    sheet.cell(row=line, column=2, value=text("total", lang)).font = Font(bold=True)
    for offset, indicator in enumerate(columns, start=len(lead) + 1):
        cell = sheet.cell(row=line, column=offset, value=data["totals"][indicator.key])
        cell.font, cell.border, cell.number_format = Font(bold=True), BOX, _number_format(indicator)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=len(lead) + 1)
    sheet.column_dimensions["A"].width = 6
    for column in range(2, len(lead) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 28 if column == 2 else 18
    for column in range(len(lead) + 1, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1


def _trip_lead(row, lang):
    if row["date"] is None:
        return [text("unassigned", lang), ""]
    return [row["date"], row["vehicle"]]


def _site_lead(row, lang):
    return [row["site"] or text("unassigned", lang), row["commune"]]


def form01_xlsx(*, data: dict, lang: str = "vi") -> bytes:
    """The workbook: a sheet per trip, a sheet per point, and the definitions of the indicators."""
    book = Workbook()
    book.remove(book.active)
    _sheet(book, text("by_trip", lang), data, lang, [text("no", lang), text("date", lang), text("vehicle", lang)],
           data["trip_columns"], data["trips"], _trip_lead)  # fmt: skip
    _sheet(book, text("by_site", lang), data, lang, [text("no", lang), text("site", lang), text("commune", lang)],
           data["site_columns"], data["points"], _site_lead)  # fmt: skip
    sheet = book.create_sheet(text("definitions", lang))
    sheet.append([text("indicator", lang), text("definition", lang)])
    for indicator in data["site_columns"] + [BY_KEY["km"], BY_KEY["hours_at_sites"]]:
        sheet.append([indicator.label(lang), indicator.definition(lang)])
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 40, 100
    book.properties.title = text("title", lang)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
