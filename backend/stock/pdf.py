"""Handover and return records and the withdrawal list as PDF (fpdf2, with a TrueType font that has Vietnamese
glyphs: ``BOOKBUS["PDF_FONT"]``, DejaVu Sans by default)."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .models import Condition, HandoverRecord, RecordKind, WithdrawalEntry

FONT = "BookBusSans"


def _document(title: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("BookBus")
    pdf.add_font(FONT, "", settings.BOOKBUS["PDF_FONT"])
    pdf.add_font(FONT, "B", settings.BOOKBUS["PDF_FONT_BOLD"])
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    return pdf


def _line(pdf: FPDF, text: str, *, size: int = 10, bold: bool = False, align: str = "L") -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.55, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: FPDF, headings: list[str], rows: Iterable[list[str]], widths: tuple[int, ...]) -> None:
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5) as table:
        header = table.row()
        for heading in headings:
            header.cell(heading)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)


def handover_record_pdf(record: HandoverRecord) -> bytes:
    """The record as a PDF: heading, parties, the item list (barcode, title, condition) and its count, notes,
    guidance and the signature blocks."""
    title = _("HANDOVER RECORD") if record.kind == RecordKind.HANDOVER else _("RETURN RECORD")
    pdf = _document(f"{title} {record.number}")
    _line(pdf, _("SOCIALIST REPUBLIC OF VIETNAM"), bold=True, align="C")
    _line(pdf, _("Independence – Freedom – Happiness"), align="C")
    pdf.ln(3)
    _line(pdf, title, size=14, bold=True, align="C")
    _line(pdf, _("of a rotating collection (Form 02, Circular 05/2022/TT-BVHTTDL) – No. %s") % record.number, align="C")
    pdf.ln(3)
    for label, value in _parties(record):
        _line(pdf, f"{label}: {value}")
    pdf.ln(2)
    condition = dict(_conditions())
    rows = [
        [str(n), item["barcode"], item["title"], item.get("authors", ""), condition.get(item["condition"], "")]
        for n, item in enumerate(record.items, start=1)
    ]
    _table(pdf, [_("No."), _("Barcode"), _("Title"), _("Authors"), _("Condition")], rows, (8, 28, 72, 42, 20))
    pdf.ln(2)
    _line(pdf, _("Number of items: %s") % formats.number_format(record.item_count, force_grouping=True), bold=True)
    for label, value in _notes(record):
        _line(pdf, f"{label}: {value}")
    pdf.ln(6)
    _line(pdf, f"{_('Handed over by')}{' ' * 50}{_('Received by')}", bold=True)
    _line(pdf, f"{record.handed_over_by}{' ' * 20}{record.received_by}")
    if record.confirmed_at:
        _line(pdf, _("Confirmed by %(name)s on %(at)s (%(via)s).") % _confirmation(record))
    return bytes(pdf.output())


def _conditions():
    return [(c.value, str(c.label)) for c in Condition]


def _parties(record: HandoverRecord) -> list[tuple[str, str]]:
    return [
        (_("Library"), record.library.name),
        (_("Point"), f"{record.site.name} – {record.site.address}".rstrip(" –")),
        (_("Date"), record.date.strftime("%d/%m/%Y")),
        (_("Collection"), f"{record.collection.code} {record.collection.name}"),
        (_("Handed over by"), record.handed_over_by or "…"),
        (_("Received by"), record.received_by or "…"),
    ]


def _notes(record: HandoverRecord) -> list[tuple[str, str]]:
    notes = []
    if record.kind == RecordKind.RETURN:
        notes.append((_("Missing"), ", ".join(record.missing) or _("none")))
        notes.append((_("Damaged"), ", ".join(record.damaged) or _("none")))
        notes.append((_("Uses at the point"), formats.number_format(record.uses or 0, force_grouping=True)))
    if record.condition_notes:
        notes.append((_("Condition notes"), record.condition_notes))
    if record.guidance:
        notes.append((_("Storage and service guidance"), record.guidance))
    return notes


def _confirmation(record: HandoverRecord) -> dict[str, str]:
    return {
        "name": record.confirmed_name,
        "at": record.confirmed_at.strftime("%d/%m/%Y %H:%M"),
        "via": record.get_confirmed_via_display(),
    }


def withdrawal_list_pdf(entries: Iterable[WithdrawalEntry], *, library_name: str = "") -> bytes:
    """The withdrawal list for the library's decision: every copy with its title, reason and note."""
    pdf = _document(_("Withdrawal list"))
    _line(pdf, _("WITHDRAWAL LIST"), size=14, bold=True, align="C")
    _line(pdf, _("Lost and damaged copies submitted for the library's decision"), align="C")
    if library_name:
        _line(pdf, library_name, align="C")
    pdf.ln(3)
    entries = list(entries)
    rows = [
        [
            str(n),
            e.copy.barcode,
            e.copy.record.title,
            e.get_reason_display(),
            e.created_at.strftime("%d/%m/%Y"),
            e.note,
        ]
        for n, e in enumerate(entries, start=1)
    ]
    _table(
        pdf, [_("No."), _("Barcode"), _("Title"), _("Reason"), _("Listed on"), _("Note")], rows, (8, 28, 62, 25, 22, 35)
    )
    pdf.ln(2)
    _line(pdf, _("Number of copies: %s") % formats.number_format(len(entries), force_grouping=True), bold=True)
    pdf.ln(8)
    _line(pdf, f"{_('Prepared by')}{' ' * 60}{_('Approved by')}", bold=True)
    return bytes(pdf.output())
