"""Time the console's pages on the loaded data (the demo): median milliseconds and queries per page.

    python manage.py console_bench [--repeat 7]

Each area lists its pages in ``backend/console/bench_pages/<area>.py``; the goal is 300 ms a page.
"""

import importlib
import pkgutil
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import Role, User
from backend.console import bench_pages

GOAL_MS = 300


class Command(BaseCommand):
    help = "Time the console's pages (median ms and queries) on the loaded data."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=7)

    def handle(self, *args, repeat, **options):
        user = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("no coordinator: load the demo first (manage.py load_demo)")
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        self.stdout.write(f"{'page':<34}{'median ms':>10}{'queries':>9}  goal {GOAL_MS} ms")
        for module in pkgutil.iter_modules(bench_pages.__path__):
            for label, url in importlib.import_module(f"{bench_pages.__name__}.{module.name}").pages():
                self._measure(client, label, url, repeat)

    def _measure(self, client, label, url, repeat):
        client.get(url)  # warm the caches a real server would have warm
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        median = statistics.median(times)
        mark = "ok" if median <= GOAL_MS else "SLOW"
        self.stdout.write(f"{label:<34}{median:>10.1f}{len(queries):>9}  {mark}")
