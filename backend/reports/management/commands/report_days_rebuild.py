import time

from django.core.management.base import BaseCommand

from backend.reports.daily import report_days_rebuild, report_days_refresh_stale


class Command(BaseCommand):
    help = (
        "Compute the reports' daily figures again from the records: every day (the default), or only the days "
        "marked stale (--stale). Run it once after upgrading a database with a long history."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="Only the days whose records changed.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["stale"]:
            rows = report_days_refresh_stale()
            self.stdout.write(f"{rows:,} rows of daily figures written in {time.perf_counter() - started:.1f} s")
            return
        done = report_days_rebuild()
        self.stdout.write(
            f"{done['days']:,} days, {done['rows']:,} rows of daily figures written in "
            f"{time.perf_counter() - started:.1f} s"
        )
