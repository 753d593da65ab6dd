from django.core.management.base import BaseCommand, CommandError

from backend.stock.verify import ledger_verify


class Command(BaseCommand):
    help = "Replay the stock ledger and report every copy whose stored holder differs from its movements."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="Most mismatches listed per check.")

    def handle(self, *args, limit, **options):
        report = ledger_verify(limit=limit)
        for mismatch in report.mismatches:
            self.stdout.write(str(mismatch))
        self.stdout.write(
            f"{report.copies} copies, {report.movements} movements checked in {report.seconds:.2f} s "
            f"({report.movements_per_second:,.0f} movements/s): {len(report.mismatches)} mismatch(es)."
        )
        if not report.ok:
            raise CommandError("The ledger and the stored holders disagree.")
