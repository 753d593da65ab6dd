"""Importing a catalogue file in two steps: a preview that writes nothing, then the import itself, all or nothing.

The console shows the preview (what would be created or updated, and every bad line with its reason); only a file
without a bad line can be imported, and then in one transaction, so a file is never half-saved.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from .import_formats import ImportFileError
from .imports import ImportReport, catalogue_import_csv, catalogue_import_marc

FORMATS_BY_SUFFIX = {
    ".csv": "csv",
    ".txt": "csv",
    ".mrc": "iso2709",
    ".marc": "iso2709",
    ".iso": "iso2709",
    ".xml": "marcxml",
}


def import_format_of(filename: str) -> str:
    """``csv``, ``iso2709`` or ``marcxml`` from a file's name; ``ImportFileError`` for any other kind of file."""
    name = (filename or "").lower()
    for suffix, fmt in FORMATS_BY_SUFFIX.items():
        if name.endswith(suffix):
            return fmt
    raise ImportFileError(
        _("%(name)s is not a CSV or MARC file (.csv, .mrc, .marc, .iso or .xml).") % {"name": filename or "?"}
    )


def catalogue_import_file(*, data: bytes, fmt: str, library, by=None, dry_run: bool = False) -> ImportReport:
    """Import ``data`` all or nothing: any bad line rolls the whole file back (``rolled_back``), and ``dry_run``
    rolls back even a clean file, so its report is a preview. Raises ``ImportFileError`` for an unreadable file."""
    with transaction.atomic():
        if fmt == "csv":
            report = catalogue_import_csv(data=data, library=library, by=by, all_or_nothing=True)
        else:
            report = catalogue_import_marc(data=data, fmt=fmt, library=library, by=by, all_or_nothing=True)
        if dry_run:
            transaction.set_rollback(True)
    return report
