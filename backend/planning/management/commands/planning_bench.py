"""Benchmark of planning on the demo network: problem build, a full run, publishing, slot offers.

Run it on a database holding the demo (``manage.py load_demo --no-plan``); everything it writes is rolled back.
"""

import datetime
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.places.models import ServiceSite, Vehicle, VehicleStatus
from backend.planning.models import Plan, PlannedVisit, RunStatus, VisitRequest
from backend.planning.services import (
    plan_publish,
    planning_run_execute,
    planning_run_start,
    problem_build,
    slot_offers_for,
)

GOALS = {"problem build": 2.0, "planning run": 60.0, "publish": 1.0, "slot offers": 1.0}


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time problem build, a planning run, publishing and slot offers for a month of the demo network."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=28)
        parser.add_argument("--time-limit", type=int, default=30, help="solver time limit of the run (s)")
        parser.add_argument("--repeat", type=int, default=3, help="repeats of the quick steps (median shown)")

    def handle(self, *args, days, time_limit, repeat, **options):
        coordinator = User.objects.filter(role=Role.COORDINATOR).first()
        vehicles = list(Vehicle.objects.exclude(status=VehicleStatus.RETIRED))
        if coordinator is None or not vehicles or not ServiceSite.objects.exists():
            raise CommandError("Load the demo first: manage.py load_demo --no-plan")
        starts_on = timezone.localdate() + datetime.timedelta(days=1)
        ends_on = starts_on + datetime.timedelta(days=days - 1)
        rows = []
        try:
            with transaction.atomic():
                rows = self._measure(coordinator, vehicles, starts_on, ends_on, time_limit, repeat)
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(
            f"\nplanning benchmark: {ServiceSite.objects.filter(is_active=True).count()} active sites, "
            f"{len(vehicles)} buses, {days} days from {starts_on:%d/%m/%Y}, solver limit {time_limit} s"
        )
        self.stdout.write(f"{'step':<16}{'seconds':>10}{'goal':>8}  detail")
        for step, seconds, detail in rows:
            goal = GOALS[step]
            mark = "ok" if seconds <= goal else "SLOW"
            self.stdout.write(f"{step:<16}{seconds:>10.3f}{goal:>7.0f}s  {detail} {mark}")

    def _measure(self, coordinator, vehicles, starts_on, ends_on, time_limit, repeat):
        def median_of(step):
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                result = step()
                times.append(time.perf_counter() - t0)
            return statistics.median(times), result

        build_s, built = median_of(lambda: problem_build(starts_on=starts_on, ends_on=ends_on, vehicles=vehicles))
        rows = [("problem build", build_s, f"{len(built.problem.visits)} visits to place")]

        t0 = time.perf_counter()
        run = planning_run_start(
            user=coordinator,
            starts_on=starts_on,
            ends_on=ends_on,
            vehicles=vehicles,
            time_limit_s=time_limit,
            enqueue=False,
        )
        run = planning_run_execute(run_id=run.pk)
        run_s = time.perf_counter() - t0
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"the planning run failed: {run.error}")
        plan = Plan.objects.get(run=run)
        planned = PlannedVisit.objects.filter(route__plan=plan).count()
        rows.append(("planning run", run_s, f"{planned} visits planned, {plan.distance_m / 1000:.0f} km"))

        t0 = time.perf_counter()
        plan_publish(plan=plan, user=coordinator)
        rows.append(("publish", time.perf_counter() - t0, f"{planned} visits"))

        # A school whose request the published plan can absorb; timing the offers for a full plan says little.
        best = None
        for site in ServiceSite.objects.filter(school__isnull=False, is_active=True).order_by("-pk")[:40]:
            request = VisitRequest.objects.create(
                school=site.school,
                site=site,
                preferred_from=starts_on + datetime.timedelta(days=1),
                preferred_until=ends_on,
                window_start=datetime.time(7),
                window_end=datetime.time(16, 30),
                students=40,
                created_by=coordinator,
            )
            offers_s, offers = median_of(lambda request=request: slot_offers_for(request=request))
            best = max(best or (offers_s, offers), (offers_s, offers), key=lambda pair: (len(pair[1]), -pair[0]))
            if offers:
                break
        rows.append(("slot offers", best[0], f"{len(best[1])} slots offered"))
        return rows
