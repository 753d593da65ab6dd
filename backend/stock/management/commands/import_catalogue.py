import json

from django.core.management.base import BaseCommand, CommandError

from backend.places.models import Library
from backend.stock.catalogue.imports import ImportFileError, catalogue_import_csv, catalogue_import_marc


class Command(BaseCommand):
    help = "Import a catalogue file (CSV, MARC 21 ISO 2709 or MARCXML) into a library's stock and print the report."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--format",
            choices=["csv", "iso2709", "marcxml"],
            default=None,
            help="Default: from the file name (.csv, .mrc, .xml).",
        )
        parser.add_argument("--library", type=int, help="Library id; default: the first public library (depot).")
        parser.add_argument("--all-or-nothing", action="store_true", help="Import nothing if any row is rejected.")

    def handle(self, *args, path, format, library, all_or_nothing, **options):
        fmt = format or {"csv": "csv", "mrc": "iso2709", "xml": "marcxml"}.get(path.rsplit(".", 1)[-1].lower())
        if fmt is None:
            raise CommandError("Say --format csv, iso2709 or marcxml.")
        target = (
            Library.objects.filter(pk=library).first()
            if library
            else Library.objects.filter(kind="public").order_by("pk").first()
        )
        if target is None:
            raise CommandError("No such library.")
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            if fmt == "csv":
                report = catalogue_import_csv(data=data, library=target, all_or_nothing=all_or_nothing)
            else:
                report = catalogue_import_marc(data=data, fmt=fmt, library=target, all_or_nothing=all_or_nothing)
        except ImportFileError as error:
            raise CommandError(error.message) from error
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
