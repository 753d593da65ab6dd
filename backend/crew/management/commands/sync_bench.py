"""Benchmark of batch sync: one batch of each size through the service (time and queries), then many phones
syncing at once over HTTP against a real gunicorn server. Prints tables; writes bench rows tagged BENCH-<tag>.

    DATABASE_URL=postgres://… python manage.py migrate
    DATABASE_URL=postgres://… python manage.py sync_bench --sizes 1,10,100,500 --phones 20 --rounds 3 --batch 100
"""

import datetime
import logging
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.crew.services import sync_batch_apply
from backend.places.models import Commune, CrewAssignment, Library, Province, School, ServiceSite, Vehicle
from backend.planning.models import Plan, PlannedVisit, PlanRoute
from backend.stock.holders import Holder
from backend.stock.models import Loan, Reader, Record
from backend.stock.services import copy_acquire, loan_return
from backend.sync.services import device_register

ROOT = Path(__file__).resolve().parents[4]


class Command(BaseCommand):
    help = "Benchmark batch sync: batch sizes through the service, then phones syncing at once over HTTP."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1,10,100,250,500")
        parser.add_argument("--stock-share", type=float, default=0.2, help="Share of lend/take-back events.")
        parser.add_argument("--phones", type=int, default=20)
        parser.add_argument("--rounds", type=int, default=3, help="Batches each phone sends.")
        parser.add_argument("--batch", type=int, default=100, help="Events per batch in the concurrent run.")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes.")
        parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker.")
        parser.add_argument("--no-http", action="store_true", help="Skip the concurrent HTTP run.")

    def handle(self, *args, **opts):
        logging.getLogger("httpx").setLevel(logging.WARNING)
        if connection.vendor != "postgresql":
            self.stderr.write("Run it on PostgreSQL (DATABASE_URL=postgres://…): the figures are for PostgreSQL.")
        self.tag = uuid.uuid4().hex[:6]
        sizes = [int(s) for s in opts["sizes"].split(",")]
        phone = self.make_phone(0, copies=int(max(sizes) * opts["stock_share"]) + 5)
        self.stdout.write(
            f"Batch sync through the service ({connection.vendor}, stock share {opts['stock_share']:.0%})"
        )
        self.stdout.write(f"{'events':>7} {'kind':>8} {'seconds':>8} {'queries':>8} {'ms/event':>9}")
        for size in sizes:
            for label, share in (("visit", 0.0), ("mixed", opts["stock_share"])):
                events = self.events(phone, size, stock_share=share)
                seconds, queries, _ = self.timed(phone["device"], events)
                self.stdout.write(f"{size:>7} {label:>8} {seconds:>8.3f} {queries:>8} {1000 * seconds / size:>9.2f}")
                self.reset_loans(phone)
            if size == max(sizes):
                seconds, queries, results = self.timed(phone["device"], events)
                assert all(r["status"] == "duplicate" for r in results)
                self.stdout.write(f"{size:>7} {'replay':>8} {seconds:>8.3f} {queries:>8} {1000 * seconds / size:>9.2f}")
        if not opts["no_http"]:
            self.concurrent(opts)

    # --- data -------------------------------------------------------------------------------------------

    def make_phone(self, n: int, *, copies: int) -> dict:
        commune = Commune.objects.first() or Commune.objects.create(
            code=99_000_000 + n,
            name="Bench",
            kind="xa",
            codename="bench",
            province=Province.objects.get_or_create(
                code=99, defaults={"name": "Bench", "division_type": "tỉnh", "codename": "bench"}
            )[0],
        )
        depot = Library.objects.create(
            name=f"BENCH-{self.tag} depot {n}", kind="public", commune=commune, latitude=10.03, longitude=105.78
        )
        user = User.objects.create_user(
            username=f"bench-{self.tag}-{n}", password="bench-pass-123", role=Role.DRIVER_LIBRARIAN
        )
        vehicle = Vehicle.objects.create(plate_number=f"B{self.tag}-{n}", name=f"BENCH bus {n}", home_depot=depot)
        CrewAssignment.objects.create(vehicle=vehicle, user=user, crew_role="driver")
        today = timezone.localdate()
        plan = Plan.objects.create(starts_on=today, ends_on=today, status="published", network_revision=0)
        route = PlanRoute.objects.create(
            plan=plan, vehicle=vehicle, date=today, starts_at=datetime.time(7), ends_at=datetime.time(17)
        )
        visits = []
        for k in range(3):
            school = School.objects.create(name=f"BENCH {self.tag} school {n}.{k}", level="primary", commune=commune)
            site = ServiceSite.objects.create(
                name=school.name, school=school, commune=commune, latitude=10.0 + k / 100, longitude=105.7
            )
            visits.append(
                PlannedVisit.objects.create(
                    route=route,
                    position=k + 1,
                    key=f"bench:{self.tag}:{n}:{k}",
                    site=site,
                    arrives_at=datetime.time(8 + 2 * k),
                    starts_at=datetime.time(8 + 2 * k, 10),
                    departs_at=datetime.time(9 + 2 * k, 30),
                )
            )
        record = Record.objects.create(title=f"BENCH {self.tag}", authors="Tô Hoài")
        barcodes = [f"B{self.tag}{n:02d}{i:05d}" for i in range(copies)]
        for barcode in barcodes:
            copy_acquire(record=record, barcode=barcode, vehicle=vehicle)
        readers = [
            Reader.objects.create(
                card_number=f"B{self.tag}{n:02d}R{i:04d}", full_name="Bạn đọc", registered_at=timezone.now()
            )
            for i in range(copies // 3 + 1)
        ]
        device, token = device_register(user=user, name=f"bench {n}")
        return {"device": device, "token": token, "visits": visits, "barcodes": barcodes, "readers": readers}

    def events(self, phone: dict, size: int, *, stock_share: float, offset: int = 0) -> list[dict]:
        """``size`` events: visit events, then lends of copies ``offset``… (3 per reader) and take-backs of the
        first third of them. Different offsets use different copies and readers."""
        now = timezone.now() - datetime.timedelta(hours=1)
        stock = int(size * stock_share)
        lends = stock - stock // 3
        events = []
        for i in range(size - stock):
            visit = phone["visits"][i % 3].id
            kind = ("visitors", "activity_note", "proof", "arrive", "leave")[i % 5]
            data = {
                "visitors": {"students": i % 300, "adults": i % 7},
                "activity_note": {"note": f"Hoạt động {i}"},
                "proof": {"host_name": "Cô Hạnh", "host_confirmed": True},
                "arrive": {"latitude": 10.0, "longitude": 105.7},
                "leave": {},
            }[kind]
            events.append(self.event(kind, visit, now + datetime.timedelta(seconds=i), data))
        for i in range(offset, offset + lends):
            data = {"barcode": phone["barcodes"][i], "card_number": phone["readers"][i // 3].card_number}
            events.append(self.event("lend", phone["visits"][0].id, now, data))
        for i in range(offset, offset + stock - lends):
            events.append(self.event("take_back", phone["visits"][0].id, now, {"barcode": phone["barcodes"][i]}))
        return events

    @staticmethod
    def event(kind, visit, at, data):
        return {"id": str(uuid.uuid4()), "kind": kind, "visit": visit, "device_time": at.isoformat(), "data": data}

    def reset_loans(self, phone):
        """Take every book back (outside the timing) so the next run can lend them again."""
        vehicle = phone["device"].user.crew_assignments.first().vehicle_id
        for loan in Loan.objects.filter(copy__barcode__in=phone["barcodes"], returned_at=None):
            loan_return(loan=loan, to=Holder.vehicle(vehicle))

    @staticmethod
    def timed(device, events):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = sync_batch_apply(device=device, events=events)
            seconds = time.perf_counter() - started
        return seconds, len(queries), result.results

    # --- many phones over HTTP --------------------------------------------------------------------------

    def concurrent(self, opts):
        phones = [
            self.make_phone(n + 1, copies=int(opts["batch"] * 0.2 * opts["rounds"]) + 5) for n in range(opts["phones"])
        ]
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backend.config.settings.local",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        }
        command = [sys.executable, "-m", "gunicorn", "backend.config.wsgi", "-b", f"127.0.0.1:{port}"]
        command += ["-w", str(opts["workers"]), "--threads", str(opts["threads"]), "--log-level", "warning"]
        server = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            _wait_for(port)
            _warm_up(port, phones[0]["token"], requests=4 * opts["workers"] * opts["threads"])
            latencies, errors = self.run_phones(phones, port, opts)
        finally:
            server.terminate()
            server.wait(timeout=30)
        cores = os.cpu_count()
        latencies.sort()
        p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
        self.stdout.write(
            f"\n{opts['phones']} phones at once, {opts['rounds']} batches of {opts['batch']} events each "
            f"({opts['stock_share']:.0%} lend/take back), gunicorn {opts['workers']}×{opts['threads']} on {cores} cores"
        )
        self.stdout.write(f"{'batches':>8} {'errors':>7} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
        self.stdout.write(
            f"{len(latencies):>8} {errors:>7} {statistics.median(latencies):>7.3f} {p95:>7.3f} {latencies[-1]:>7.3f}"
        )
        if self.error_codes:
            self.stdout.write(f"answers other than applied: {dict(self.error_codes)}")

    def run_phones(self, phones, port, opts):
        latencies, errors, lock = [], 0, threading.Lock()
        self.error_codes = Counter()
        barrier = threading.Barrier(len(phones))

        def play(phone):
            nonlocal errors
            share, size = opts["stock_share"], opts["batch"]
            stride = int(size * share) - int(size * share) // 3
            batches = [
                self.events(phone, size, stock_share=share, offset=r * (stride + 3)) for r in range(opts["rounds"])
            ]
            headers = {"Authorization": f"Bearer {phone['token']}"}
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=60) as client:
                barrier.wait()
                for batch in batches:
                    started = time.perf_counter()
                    response = client.post("/api/mobile/v1/sync/", json={"events": batch})
                    elapsed = time.perf_counter() - started
                    if response.status_code == 200:
                        wrong = [r.get("code") for r in response.json()["results"] if r["status"] != "applied"]
                    else:
                        wrong = [f"http_{response.status_code}"]
                    with lock:
                        latencies.append(elapsed)
                        errors += bool(wrong)
                        self.error_codes.update(wrong)

        threads = [threading.Thread(target=play, args=(phone,)) for phone in phones]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return latencies, errors


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _warm_up(port: int, token: str, *, requests: int) -> None:
    """Signed-in requests at once, so every gunicorn worker has loaded its views, catalogues and database
    connection before the clock starts: a server in service is warm."""
    headers = {"Authorization": f"Bearer {token}"}

    def ask(_n):
        httpx.get(f"http://127.0.0.1:{port}/api/mobile/v1/sync/state/", headers=headers, timeout=30)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _wait_for(port: int, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)  # the home page: no 401 in the log
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")
