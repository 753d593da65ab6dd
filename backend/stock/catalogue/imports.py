"""Importing the catalogue from CSV and MARC 21 (ISO 2709 and MARCXML), with a report; idempotent.

Policy for bad input (documented in the README):
- A file that cannot be read at all (not UTF-8, not MARC, missing required CSV columns) is rejected whole with
  ``ImportFileError`` (400): nothing is imported.
- Otherwise each record (a CSV row, or a MARC record) is checked and written on its own: valid ones go in and every
  rejected one is listed in the report with its row number and reason. With ``all_or_nothing=True`` a single
  rejected row rolls everything back, and the report says so.
- An empty cell (or a missing MARC field) leaves the stored value as it is; it never clears it.
- Re-importing the same file changes nothing: records are matched by their import key (ISBN-13, else MARC 001 or
  the CSV ``record_key``, else folded title/authors/year) and copies by barcode; only differing fields are updated.
  New copies enter the ledger with an ``acquire`` movement into the chosen library.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pymarc
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.core.exceptions import ApplicationError
from backend.core.text import fold
from backend.stock.catalogue.services import DESCRIPTIVE_COPY_FIELDS, isbn_normalise
from backend.stock.models import Condition, Copy, CopySource, ReadingLevel, Record

RECORD_COLUMNS = (
    "record_key",
    "title",
    "subtitle",
    "authors",
    "isbn",
    "publisher",
    "year",
    "language",
    "ddc",
    "subjects",
    "reading_level",
)
COPY_COLUMNS = ("barcode", "acquired_on", "source", "donor", "price", "condition", "shelf_mark")
CSV_COLUMNS = RECORD_COLUMNS + COPY_COLUMNS
REQUIRED_CSV_COLUMNS = ("title",)
RECORD_DEFAULTS = {"language": "vie", "reading_level": "all"}
COPY_DEFAULTS = {"source": "purchase", "condition": "good"}


class ImportFileError(ApplicationError):
    code = "import_file_unreadable"


@dataclass
class ImportRow:
    row: int
    key: str
    record: dict
    copies: list[dict] = field(default_factory=list)


@dataclass
class ImportReport:
    records_created: int = 0
    records_updated: int = 0
    records_unchanged: int = 0
    copies_created: int = 0
    copies_updated: int = 0
    copies_unchanged: int = 0
    rejected: list[dict] = field(default_factory=list)
    rolled_back: bool = False

    def reject(self, row: int, reason) -> None:
        self.rejected.append({"row": row, "reason": str(reason)})

    def as_dict(self) -> dict:
        return {**self.__dict__}


def _text(value) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split())


def record_key(record: dict, explicit: str = "") -> str:
    if record.get("isbn"):
        return f"isbn:{record['isbn']}"
    if explicit:
        return explicit
    return f"title:{fold(record['title'])}|{fold(record.get('authors'))}|{record.get('year') or ''}"


# --- reading CSV ---------------------------------------------------------------------------------------------


def read_csv(data: bytes | str) -> tuple[list[ImportRow], list[dict]]:
    """Parse a CSV file (UTF-8, comma or semicolon separated, header row) into import rows and rejected rows."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The file is not UTF-8 text.")) from error
    try:
        dialect = csv.Sniffer().sniff(data[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(data), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_CSV_COLUMNS if c not in header]
    if missing:
        raise ImportFileError(
            _("Required column(s) missing: %s.") % ", ".join(missing), extra={"missing_columns": missing}
        )
    reader.fieldnames = header
    rows, rejected = [], []
    for number, raw in enumerate(reader, start=2):
        try:
            rows.append(_csv_row(number, {k: (v or "").strip() for k, v in raw.items() if k}))
        except ValidationError as error:
            rejected.append({"row": number, "reason": _reason(error)})
    return rows, rejected


def _csv_row(number: int, raw: dict) -> ImportRow:
    record = _record_fields(
        title=raw.get("title"),
        subtitle=raw.get("subtitle"),
        authors=raw.get("authors"),
        isbn=raw.get("isbn"),
        publisher=raw.get("publisher"),
        year=raw.get("year"),
        language=raw.get("language"),
        ddc=raw.get("ddc"),
        subjects=raw.get("subjects"),
        reading_level=raw.get("reading_level"),
    )
    copies = []
    if raw.get("barcode"):
        copies.append(
            _copy_fields(
                barcode=raw.get("barcode"),
                acquired_on=raw.get("acquired_on"),
                source=raw.get("source"),
                donor=raw.get("donor"),
                price=raw.get("price"),
                condition=raw.get("condition"),
                shelf_mark=raw.get("shelf_mark"),
            )
        )
    return ImportRow(number, record_key(record, raw.get("record_key", "")), record, copies)


# --- reading MARC ----------------------------------------------------------------------------------------------

_AUDIENCE = {"a": "children", "b": "children", "c": "children", "j": "children", "d": "teen", "e": "adult"}


def read_marc(data: bytes, *, fmt: str = "iso2709") -> tuple[list[ImportRow], list[dict]]:
    """Parse MARC 21 records (``iso2709`` or ``marcxml``) into import rows and rejected records."""
    if fmt == "marcxml":
        try:
            records = pymarc.parse_xml_to_array(io.BytesIO(data))
        except Exception as error:  # noqa: BLE001 - any XML parser failure means an unreadable file
            raise ImportFileError(_("The file is not MARCXML: %s") % error) from error
        parsed = [(n, r, None) for n, r in enumerate(records, start=1)]
    else:
        if not data[:5].isdigit():
            raise ImportFileError(_("The file is not MARC 21 (ISO 2709): it does not start with a record length."))
        reader = pymarc.MARCReader(data, to_unicode=True, force_utf8=True, utf8_handling="replace")
        parsed = []
        for n, record in enumerate(reader, start=1):
            parsed.append((n, record, reader.current_exception))
    if not parsed:
        raise ImportFileError(_("The file holds no MARC record."))
    rows, rejected = [], []
    for number, record, problem in parsed:
        if record is None:
            rejected.append({"row": number, "reason": _("Unreadable MARC record: %s") % problem})
            continue
        try:
            rows.append(_marc_row(number, record))
        except ValidationError as error:
            rejected.append({"row": number, "reason": _reason(error)})
    return rows, rejected


def _sub(record, tag: str, code: str) -> str:
    for f in record.get_fields(tag):
        values = f.get_subfields(code)
        if values:
            return _isbd(values[0])
    return ""


def _isbd(value: str) -> str:
    """Strip the ISBD punctuation MARC puts at the end of subfields ("Dế Mèn phiêu lưu ký /")."""
    return re.sub(r"[\s/:;,=]+$", "", _text(value)).rstrip(".") if value else ""


def _marc_row(number: int, record) -> ImportRow:
    fixed = record["008"].data if record["008"] else ""
    authors = [_sub_field(f, "a") for f in record.get_fields("100", "110", "700", "710")]
    isbn = (_sub(record, "020", "a").split() or [""])[0]
    year = re.search(r"\d{4}", _sub(record, "264", "c") or _sub(record, "260", "c") or fixed[7:11])
    audience = _AUDIENCE.get(fixed[22:23], "") if len(fixed) > 22 else ""
    fields = _record_fields(
        title=_sub(record, "245", "a"),
        subtitle=_sub(record, "245", "b"),
        authors="; ".join(a for a in authors if a),
        isbn=isbn,
        publisher=_sub(record, "264", "b") or _sub(record, "260", "b"),
        year=year.group(0) if year else "",
        language=_sub(record, "041", "a") or (fixed[35:38] if len(fixed) >= 38 else ""),
        ddc=_sub(record, "082", "a"),
        subjects="; ".join(_sub_field(f, "a") for f in record.get_fields("650", "651", "653")),
        reading_level=_level_from_521(_sub(record, "521", "a")) or audience,
    )
    copies = []
    for item in record.get_fields("952", "852"):
        barcode = _sub_field(item, "p")
        if not barcode:
            continue
        copies.append(
            _copy_fields(
                barcode=barcode,
                acquired_on=_sub_field(item, "d"),
                source="donation" if _sub_field(item, "e") else "purchase",
                donor=_sub_field(item, "e"),
                price=_sub_field(item, "g"),
                condition="",
                shelf_mark=_sub_field(item, "o") or _sub_field(item, "h"),
            )
        )
    control = record["001"].data.strip() if record["001"] else ""
    return ImportRow(number, record_key(fields, f"marc:{control}" if control else ""), fields, copies)


def _sub_field(f, code: str) -> str:
    values = f.get_subfields(code)
    return _isbd(values[0]) if values else ""


def _level_from_521(text: str) -> str:
    folded = fold(text)
    if "thieu nhi" in folded or "tieu hoc" in folded or "children" in folded:
        return "children"
    if "thieu nien" in folded or "thcs" in folded:
        return "teen"
    if "nguoi lon" in folded or "adult" in folded or "thpt" in folded:
        return "adult"
    return ""


# --- checking fields -----------------------------------------------------------------------------------------


def _record_fields(**raw) -> dict:
    errors = {}
    title = _text(raw.get("title"))
    if not title:
        errors["title"] = [_("A title is required.")]
    isbn = ""
    try:
        isbn = isbn_normalise(raw.get("isbn"))
    except ValidationError as error:
        errors.update(error.message_dict)
    year = None
    if raw.get("year"):
        try:
            year = int(str(raw["year"]).strip())
            if not 1400 <= year <= 2100:
                raise ValueError
        except ValueError:
            errors["year"] = [_("“%s” is not a year.") % raw["year"]]
    level = (raw.get("reading_level") or "").strip().lower()
    if level and level not in ReadingLevel.values:
        errors["reading_level"] = [_("Use one of: %s.") % ", ".join(ReadingLevel.values)]
    language = (raw.get("language") or "").strip().lower()[:3]
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "subtitle": _text(raw.get("subtitle")),
        "authors": _text(raw.get("authors")),
        "isbn": isbn,
        "publisher": _text(raw.get("publisher")),
        "year": year,
        "language": language,
        "ddc": _text(raw.get("ddc")),
        "subjects": _text(raw.get("subjects")),
        "reading_level": level,
    }


def _copy_fields(**raw) -> dict:
    errors = {}
    acquired_on = None
    if raw.get("acquired_on"):
        acquired_on = _parse_date(raw["acquired_on"])
        if acquired_on is None:
            errors["acquired_on"] = [_("“%s” is not a date (YYYY-MM-DD or DD/MM/YYYY).") % raw["acquired_on"]]
    price = None
    if raw.get("price"):
        try:
            price = Decimal(str(raw["price"]).replace(".", "").replace(",", "").replace(" ", ""))
            if price < 0:
                raise InvalidOperation
        except InvalidOperation:
            errors["price"] = [_("“%s” is not a price in VND.") % raw["price"]]
    source = (raw.get("source") or "").strip().lower()
    if source and source not in CopySource.values:
        errors["source"] = [_("Use purchase or donation.")]
    condition = (raw.get("condition") or "").strip().lower()
    if condition and condition not in Condition.values:
        errors["condition"] = [_("Use good, worn or damaged.")]
    barcode = _text(raw.get("barcode")).replace(" ", "")
    if len(barcode) > 32:
        errors["barcode"] = [_("A barcode has at most 32 characters.")]
    if errors:
        raise ValidationError(errors)
    return {
        "barcode": barcode,
        "acquired_on": acquired_on,
        "source": source,
        "donor": _text(raw.get("donor")),
        "price": price,
        "condition": condition,
        "shelf_mark": _text(raw.get("shelf_mark")),
    }


def _parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _reason(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in error.message_dict.items())
    return " ".join(error.messages)


# --- writing -------------------------------------------------------------------------------------------------


def catalogue_import_csv(*, data: bytes | str, library, by=None, all_or_nothing: bool = False) -> ImportReport:
    """Import a CSV file (columns in ``CSV_COLUMNS``; see ``docs``) into the catalogue and ``library``'s stock."""
    rows, rejected = read_csv(data)
    return catalogue_import_rows(rows=rows, rejected=rejected, library=library, by=by, all_or_nothing=all_or_nothing)


def catalogue_import_marc(
    *, data: bytes, fmt: str = "iso2709", library, by=None, all_or_nothing: bool = False
) -> ImportReport:
    """Import MARC 21 records (ISO 2709 or MARCXML) with their 952/852 items into ``library``'s stock."""
    rows, rejected = read_marc(data, fmt=fmt)
    return catalogue_import_rows(rows=rows, rejected=rejected, library=library, by=by, all_or_nothing=all_or_nothing)


class _RollBack(Exception):
    pass


def catalogue_import_rows(*, rows, rejected, library, by=None, all_or_nothing=False) -> ImportReport:
    report = ImportReport()
    for item in rejected:
        report.reject(item["row"], item["reason"])
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    with transaction.atomic():
                        _import_row(row, library, by, report)
                except (ValidationError, ApplicationError) as error:
                    message = _reason(error) if isinstance(error, ValidationError) else error.message
                    report.reject(row.row, message)
            if all_or_nothing and report.rejected:
                raise _RollBack
    except _RollBack:
        counts = ImportReport(rejected=report.rejected, rolled_back=True)
        return counts
    report.rejected.sort(key=lambda r: r["row"])
    return report


def _find_record(row: ImportRow) -> Record | None:
    record = Record.objects.filter(source_key=row.key).first()
    if record is None and not row.record["isbn"]:
        # A row without ISBN also matches a record already there with the same title, authors and year (one made
        # by hand, or imported with an ISBN), so that it does not become a duplicate.
        record = (
            Record.objects.filter(
                title__iexact=row.record["title"], authors__iexact=row.record["authors"], year=row.record["year"]
            )
            .order_by("pk")
            .first()
        )
    return record


def _import_row(row: ImportRow, library, by, report: ImportReport) -> None:
    """Write one row; the counts go into ``report`` only when the whole row went in."""
    from backend.stock.services import copy_acquire

    counts = dict.fromkeys(
        (
            "records_created",
            "records_updated",
            "records_unchanged",
            "copies_created",
            "copies_updated",
            "copies_unchanged",
        ),
        0,
    )
    record = _find_record(row)
    given = {k: v for k, v in row.record.items() if v not in ("", None)}  # an empty cell leaves a field as it is
    if record is None:
        record = Record(source_key=row.key, **{**RECORD_DEFAULTS, **given})
        record.full_clean()
        record.save()
        counts["records_created"] += 1
    else:
        changed = {k: v for k, v in given.items() if getattr(record, k) != v}
        if changed:
            for k, v in changed.items():
                setattr(record, k, v)
            record.full_clean()
            record.save()
            counts["records_updated"] += 1
        else:
            counts["records_unchanged"] += 1
    for fields in row.copies:
        copy = Copy.objects.filter(barcode=fields["barcode"]).first()
        fields = {k: v for k, v in fields.items() if v not in ("", None) or k == "barcode"}
        if copy is None:
            copy_acquire(record=record, library=library, by=by, reason=_("import"), **{**COPY_DEFAULTS, **fields})
            counts["copies_created"] += 1
            continue
        if copy.record_id != record.pk:
            raise ValidationError({"barcode": [_("Barcode %s already belongs to another title.") % fields["barcode"]]})
        changed = {k: fields[k] for k in DESCRIPTIVE_COPY_FIELDS if k in fields and getattr(copy, k) != fields[k]}
        if changed:
            Copy.objects.filter(pk=copy.pk).update(**changed)
            counts["copies_updated"] += 1
        else:
            counts["copies_unchanged"] += 1
    for name, value in counts.items():
        setattr(report, name, getattr(report, name) + value)
