import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from backend.reports.deadlines import deadline_reminders_send


class Command(BaseCommand):
    help = "Remind coordinators (notification and e-mail) of reporting deadlines a week away; safe to run daily."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Run as if on this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        made = deadline_reminders_send(today=today or timezone.localdate())
        self.stdout.write(f"{made} reminders sent.")
