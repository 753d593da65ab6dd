"""Reading catalogue files, CSV and MARC 21 (ISO 2709 and MARCXML), into plain rows; nothing is written here.

A file that cannot be read at all (not UTF-8, not MARC, missing required CSV columns) raises ``ImportFileError``.
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
from django.utils.translation import gettext as _

from backend.core.exceptions import ApplicationError
from backend.core.text import fold
from backend.stock.catalogue.services import isbn_normalise
from backend.stock.models import Condition, CopySource, ReadingLevel

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
            rejected.append({"row": number, "reason": error_reason(error)})
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
            rejected.append({"row": number, "reason": error_reason(error)})
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
    fixed_field = record.get("008")  # pymarc 5 raises KeyError for a missing field: a record may lack 008
    fixed = fixed_field.data if fixed_field is not None else ""
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
    control = record["001"].data.strip() if record.get("001") is not None else ""
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


def error_reason(error: ValidationError) -> str:
    """A validation error as one line of the import report."""
    if hasattr(error, "message_dict"):
        return "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in error.message_dict.items())
    return " ".join(error.messages)
