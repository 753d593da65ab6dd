"""Cells for exported spreadsheets that no spreadsheet program runs as a formula (CSV and formula injection).

A site, reader or title named ``=HYPERLINK("http://…")`` is text typed by a person; opened in a spreadsheet it must
stay text. CSV has no types, so a text that a spreadsheet would read as a formula (starting with ``= + - @``, a tab
or a carriage return) gets a leading apostrophe, as OWASP recommends; XLSX cells are typed, so such a text is
stored as a string cell instead of openpyxl's formula.
"""

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` for a CSV cell: a text a spreadsheet would run as a formula starts with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_row(row) -> list:
    return [csv_safe(value) for value in row]


def xlsx_safe_row(sheet, row) -> list:
    """Cells for ``sheet.append``: texts stay texts (openpyxl would make a formula of one starting with ``=``)."""
    cells = []
    for value in row:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells
