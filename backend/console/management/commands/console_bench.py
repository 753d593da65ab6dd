"""Time the console's pages on the demo: median milliseconds and queries per page, as a coordinator.

    DATABASE_URL=… python manage.py load_demo && python manage.py console_bench --rounds 10

Pages come from ``backend/console/bench_pages/<area>.py`` (``pages()``), so each area adds its own.
"""

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


class Command(BaseCommand):
    help = "Time each console page (median ms, queries) on the demo database."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=10)
        parser.add_argument("--area", action="append", help="Only these areas (module names in bench_pages).")

    def handle(self, *args, rounds, area, **options):
        user = User.objects.filter(role="coordinator", is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("No coordinator: load the demo first (manage.py load_demo).")
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        rows = []
        for module in pkgutil.iter_modules(bench_pages.__path__):
            if area and module.name not in area:
                continue
            for name, url in importlib.import_module(f"{bench_pages.__name__}.{module.name}").pages():
                timings, queries, status = [], 0, None
                client.get(url)  # warm caches and templates
                for _round in range(rounds):
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        status = client.get(url).status_code
                        timings.append((time.perf_counter() - started) * 1000)
                    queries = max(queries, len(captured))
                rows.append((name, url, statistics.median(timings), queries, status))
        width = max((len(r[0]) for r in rows), default=4)
        self.stdout.write(f"| {'page':<{width}} | median ms | queries | status")
        self.stdout.write(f"|{'-' * (width + 2)}|-----------|---------|-------")
        for name, _url, median, queries, status in rows:
            self.stdout.write(f"| {name:<{width}} | {median:9.1f} | {queries:7d} | {status}")
