from django.core.management.base import BaseCommand

from backend.demo.history import MONTHS, demo_history_load


class Command(BaseCommand):
    help = "Add a year and a half of demo trips, head counts, loans and rotations to the demo network (safe to repeat)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months", type=int, default=None, help=f"How many past months (default {MONTHS}, and all of last year)."
        )

    def handle(self, *args, **options):
        counts = demo_history_load(months=options["months"])
        self.stdout.write(self.style.SUCCESS("Demo history: " + ", ".join(f"{v} {k}" for k, v in counts.items())))
