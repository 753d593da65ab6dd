import os

from django.core.management.base import BaseCommand

from backend.reports.bench import GOAL_S, REFERENCE, reports_bench


class Command(BaseCommand):
    help = (
        "Time the yearly report over EVENTS rows a year (visits, visit reports, loans, returns, new readers) for the "
        "year and the year before, with their daily figures, on PostgreSQL; everything is rolled back afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=1_000_000)
        parser.add_argument("--year", type=int, default=2026)
        parser.add_argument("--keep", action="store_true", help="Commit the rows (in a database of its own).")
        parser.add_argument("--export", action="store_true", help="Also time the XLSX workbook (slow: openpyxl).")

    def handle(self, *args, **options):
        counts, rows = reports_bench(
            events=options["events"], year=options["year"], keep=options["keep"], export=options["export"]
        )
        kept = "kept" if options["keep"] else "rolled back afterwards"
        figures = f"daily figures computed in {counts.pop('figures_s')} s ({counts.pop('figures_rows'):,} rows)"
        self.stdout.write(f"Loaded in {counts.pop('load_s')} s ({kept}); {figures}; in {options['year']}:")
        self.stdout.write("  " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        self.stdout.write(f"Load average {' '.join(f'{n:.1f}' for n in os.getloadavg())}; goal ≤ {GOAL_S:g} s")
        reference = next(row.seconds for row in rows if row.name == REFERENCE)
        self.stdout.write(f"{'query (best of 3 runs)':<45} {'seconds':>8} {'× ref':>7} {'rows':>7}  goal")
        for row in rows:
            verdict = "" if row.name == REFERENCE else "met" if row.seconds <= GOAL_S else "NOT MET"
            ratio = row.seconds / reference if reference else 0
            self.stdout.write(f"{row.name:<45} {row.seconds:>8.3f} {ratio:>7.1f} {row.rows:>7}  {verdict}")
