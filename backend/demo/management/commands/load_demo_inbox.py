"""Fill the coordinators' inboxes on the demo: schools' requests, sync conflicts, a re-planned breakdown."""

from django.core.management.base import BaseCommand, CommandError

from backend.demo.inbox import demo_inbox_load


class Command(BaseCommand):
    help = (
        "After load_demo: schools' requests (one booked, one declined), sync conflicts from the demo crew's phone and "
        "a broken-down bus re-planned (a draft to publish), for the console's requests, conflicts and disruptions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=8)
        parser.add_argument("--replan-seconds", type=int, default=5)

    def handle(self, *args, **options):
        try:
            counts = demo_inbox_load(requests=options["requests"], replan_seconds=options["replan_seconds"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))
