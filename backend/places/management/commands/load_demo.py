from django.core.management.base import BaseCommand

from backend.places.demo import DEMO_PASSWORD, demo_load
from backend.reports.demo import demo_history_load


class Command(BaseCommand):
    help = "Load the Cần Thơ demo network, vehicles, crews and demo users (safe to run again)."

    def handle(self, *args, **options):
        counts = demo_load()
        self.stdout.write(self.style.SUCCESS("Demo loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items())))
        history = demo_history_load()
        self.stdout.write(self.style.SUCCESS("Demo history: " + ", ".join(f"{v} {k}" for k, v in history.items())))
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'): admin, coordinator, driver, school")
