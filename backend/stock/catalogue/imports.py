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

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.core.exceptions import ApplicationError
from backend.stock.catalogue.services import DESCRIPTIVE_COPY_FIELDS
from backend.stock.ledger import copy_acquire
from backend.stock.models import Copy, Record

from .import_formats import (
    COPY_DEFAULTS,
    RECORD_DEFAULTS,
    ImportFileError,
    ImportRow,
    error_reason,
    read_csv,
    read_marc,
)

__all__ = ["ImportFileError", "ImportReport", "catalogue_import_csv", "catalogue_import_marc", "catalogue_import_rows"]


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
                    message = error_reason(error) if isinstance(error, ValidationError) else error.message
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
