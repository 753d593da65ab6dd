from django.core.management.base import BaseCommand

from backend.places.demo import DEMO_PASSWORD, demo_load
from backend.stock.demo import stock_demo_load


class Command(BaseCommand):
    help = "Load the Cần Thơ demo network, vehicles, crews and demo users (safe to run again)."

    def handle(self, *args, **options):
        counts = demo_load()
        counts.update(stock_demo_load())
        self.stdout.write(self.style.SUCCESS("Demo loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items())))
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'): admin, coordinator, driver, school")
