"""Benchmark of a re-plan after an outage: a month's plan of two buses, one bus out for two days, re-planned.

Goal: at most the outage's own visits move (those of the broken-down bus on its two days), no other visit dropped.
Run it on a database holding the demo (``manage.py load_demo --no-plan``); everything it writes is rolled back.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.places.models import Vehicle, VehicleStatus
from backend.planning.models import Plan, PlannedVisit, RunStatus
from backend.planning.services import plan_publish, planning_run_execute, planning_run_start
from backend.planning.services.disruptions import vehicle_mark_out_of_service


class Rollback(Exception):  # noqa: N818
    pass


def _places(plan: Plan) -> dict[str, tuple[int, datetime.date]]:
    rows = PlannedVisit.objects.filter(route__plan=plan).values_list("key", "route__vehicle_id", "route__date")
    return {key: (vehicle, day) for key, vehicle, day in rows}


class Command(BaseCommand):
    help = "Plan a month for two buses, put one out of service for two days, re-plan; count what moved."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=28)
        parser.add_argument("--time-limit", type=int, default=30, help="solver limit of the month's plan (s)")
        parser.add_argument("--replan-limit", type=int, default=15, help="solver limit of the re-plan (s)")
        parser.add_argument("--outage-day", type=int, default=8, help="first day of the outage in the horizon")

    def handle(self, *args, days, time_limit, replan_limit, outage_day, **options):
        coordinator = User.objects.filter(role=Role.COORDINATOR).first()
        vehicles = list(Vehicle.objects.exclude(status=VehicleStatus.RETIRED).order_by("id")[:2])
        if coordinator is None or len(vehicles) < 2:
            raise CommandError("Load the demo first: manage.py load_demo --no-plan")
        try:
            with transaction.atomic():
                rows = self._measure(coordinator, vehicles, days, time_limit, replan_limit, outage_day)
                raise Rollback
        except Rollback:
            pass
        width = max(len(name) for name, _value in rows)
        for name, value in rows:
            self.stdout.write(f"{name:<{width}}  {value}")

    def _measure(self, coordinator, vehicles, days, time_limit, replan_limit, outage_day):
        starts_on = timezone.localdate() + datetime.timedelta(days=1)
        ends_on = starts_on + datetime.timedelta(days=days - 1)
        run = planning_run_start(
            user=coordinator, starts_on=starts_on, ends_on=ends_on, vehicles=vehicles, time_limit_s=time_limit
        )
        run = planning_run_execute(run_id=run.pk)
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"the month's run failed: {run.error}")
        month = plan_publish(plan=Plan.objects.get(run=run), user=coordinator)
        before = _places(month)
        broken = vehicles[0]
        working = sorted({day for vehicle, day in before.values() if vehicle == broken.pk})
        first = working[min(outage_day, len(working) - 2)]
        outage = {first, working[working.index(first) + 1]}
        _closure, replan = vehicle_mark_out_of_service(
            vehicle=broken,
            starts_on=min(outage),
            ends_on=max(outage),
            reason="benchmark",
            user=coordinator,
            time_limit_s=replan_limit,
        )
        began = time.perf_counter()
        replan = planning_run_execute(run_id=replan.pk)
        replan_s = time.perf_counter() - began
        if replan.status != RunStatus.SUCCEEDED:
            raise CommandError(f"the re-plan failed after {replan_s:.1f} s: {replan.error}")
        after = _places(Plan.objects.get(run=replan))
        hit = {key for key, (vehicle, day) in before.items() if vehicle == broken.pk and day in outage}
        others = set(before) - hit
        moved_others = {key for key in others if key in after and after[key] != before[key]}
        dropped_others = {key for key in others if key not in after}
        moved_hit = {key for key in hit if key in after}
        goal = not moved_others and not dropped_others
        return [
            ("month's plan", f"{len(before)} visits, 2 buses, {days} days from {starts_on:%d/%m/%Y}"),
            ("outage", f"{broken.plate_number} on {', '.join(d.strftime('%d/%m') for d in sorted(outage))}"),
            (
                "visits of the outage",
                f"{len(hit)} ({len(moved_hit)} placed again, {len(hit) - len(moved_hit)} left out)",
            ),
            ("other visits moved", f"{len(moved_others)}"),
            ("other visits dropped", f"{len(dropped_others)}"),
            ("re-plan (s)", f"{replan_s:.1f} at a {replan_limit} s limit"),
            ("goal: only the outage's visits move", "met" if goal else "NOT met"),
        ]
