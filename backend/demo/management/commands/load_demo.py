from django.core.management.base import BaseCommand

from backend.demo.history import demo_history_load
from backend.demo.outreach import demo_outreach_load
from backend.demo.places import DEMO_PASSWORD, demo_load
from backend.demo.planning import demo_plan_publish
from backend.demo.stock import stock_demo_load
from backend.demo.trips import demo_trips_load
from backend.reports.tasks import report_days_deferred


class Command(BaseCommand):
    help = "Load the Cần Thơ demo: network, vehicles, crews, demo users, and a published plan (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--no-plan", action="store_true", help="Do not plan and publish the coming weeks.")
        parser.add_argument("--no-history", action="store_true", help="Do not add the past year and a half.")
        parser.add_argument("--plan-seconds", type=int, default=20, help="Solver time limit for the demo plan.")

    def handle(self, *args, **options):
        # The reports' daily figures are computed once, at the end, not after each of the demo's many commits.
        with report_days_deferred():
            self._load(**options)

    def _load(self, *, no_plan=False, no_history=False, plan_seconds=20, **options):
        counts = demo_load()
        counts.update(stock_demo_load())
        self.stdout.write(self.style.SUCCESS("Demo loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items())))
        if not no_history:
            history = demo_history_load()
            self.stdout.write(self.style.SUCCESS("Demo history: " + ", ".join(f"{v} {k}" for k, v in history.items())))
        trips = demo_trips_load()
        self.stdout.write(
            self.style.SUCCESS("Demo trips and records: " + ", ".join(f"{v} {k}" for k, v in trips.items()))
        )
        outreach = demo_outreach_load()
        self.stdout.write(self.style.SUCCESS("Demo outreach: " + ", ".join(f"{v} {k}" for k, v in outreach.items())))
        if not no_plan:
            self.stdout.write(f"Planning the next 8 weeks for every bus, 4 weeks at a time ({plan_seconds} s each)…")
            plans = demo_plan_publish(time_limit_s=plan_seconds)
            if not plans:
                self.stdout.write(self.style.WARNING("No plan could be made (no coordinator or no active bus)."))
            for plan in plans:
                visits = sum(route.visits.count() for route in plan.routes.all())
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Published plan #{plan.pk}: {plan.starts_on:%d/%m/%Y}–{plan.ends_on:%d/%m/%Y}, "
                        f"{visits} visits, {plan.distance_m / 1000:.0f} km"
                    )
                )
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'): admin, coordinator, driver, school")
