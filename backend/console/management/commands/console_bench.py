"""Time the console's pages on this database (the demo): median and worst of several loads, and the queries each
makes, signed in as the demo coordinator. Each module of ``backend.console.bench_pages`` lists its pages."""

import importlib
import pkgutil
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import User
from backend.console import bench_pages

BUDGET_MS = 300


def all_pages(areas=None) -> list[tuple[str, str]]:
    listed = []
    for module in pkgutil.iter_modules(bench_pages.__path__):
        if areas and module.name not in areas:
            continue
        listed.extend(importlib.import_module(f"{bench_pages.__name__}.{module.name}").pages())
    return listed


class Command(BaseCommand):
    help = "Median time and queries of each console page on this database (run after load_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", "--rounds", dest="repeat", type=int, default=10)
        parser.add_argument("--area", action="append", help="only these areas (module names in bench_pages)")
        parser.add_argument("--username", default="coordinator")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None or not user.is_coordinator:
            raise CommandError(f"No coordinator {options['username']!r}: run manage.py load_demo first.")
        client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(user)
        rows = []
        for name, path in all_pages(options["area"]):
            client.get(path)  # warm: templates compiled, caches filled
            timings, queries, status = [], 0, None
            for _ in range(options["repeat"]):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
                queries, status = len(captured), response.status_code
            rows.append((name, path, status, statistics.median(timings), max(timings), queries))
        if not rows:
            raise CommandError("No page to time: check --area against the modules of backend/console/bench_pages.")
        width = max(len(r[0]) for r in rows)
        self.stdout.write(f"{'page':<{width}}  status  median ms  worst ms  queries")
        for name, _path, status, median, worst, queries in rows:
            flag = (
                "" if median <= BUDGET_MS and status == 200 else "  <- over budget" if status == 200 else "  <- not 200"
            )
            self.stdout.write(f"{name:<{width}}  {status:>6}  {median:>9.1f}  {worst:>8.1f}  {queries:>7}{flag}")
