"""Replay a day of two crew phones in many random arrival orders and check every order ends the same."""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from backend.crew.services import sync_batch_apply
from backend.demo.sync_day import sync_day_build, sync_day_state
from backend.places.models import Vehicle
from backend.planning.models import PlannedVisit, PlanStatus
from backend.stock.models import Copy, CopyStatus
from backend.sync.services import device_register


class _Rollback(Exception):  # noqa: N818
    pass


class Command(BaseCommand):
    help = (
        "Replay a day's batches from two phones in N random orders (after load_demo and mobile_demo_day); "
        "every order must give the day's own final state. Everything is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--permutations", type=int, default=1000)
        parser.add_argument("--plate", default="65A-001.23")
        parser.add_argument("--seed", type=int, default=20)

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self._run(options)
                raise _Rollback
        except _Rollback:
            pass

    def _run(self, options):
        vehicle = Vehicle.objects.filter(plate_number=options["plate"]).first()
        today = timezone.localdate()
        visits = list(
            PlannedVisit.objects.filter(
                route__vehicle=vehicle, route__date=today, route__plan__status=PlanStatus.PUBLISHED
            ).order_by("route__starts_at", "position")[:2]
        )
        crew = list(vehicle.crew.order_by("id")[:2]) if vehicle else []
        if len(visits) < 2 or len(crew) < 2:
            raise CommandError("Run manage.py load_demo --no-history --no-plan and manage.py mobile_demo_day first.")
        on_bus = list(
            Copy.objects.filter(holder_vehicle=vehicle, status=CopyStatus.AVAILABLE).values_list("barcode", flat=True)[
                :2
            ]
        )
        at_depot = list(
            Copy.objects.filter(holder_library=vehicle.home_depot, status=CopyStatus.AVAILABLE).values_list(
                "barcode", flat=True
            )[:3]
        )
        phones = {
            "a": device_register(user=crew[0], name="bench A")[0],
            "b": device_register(user=crew[1], name="B")[0],
        }
        start = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=5)
        day = sync_day_build(
            visits=[v.pk for v in visits], depot=vehicle.home_depot_id, on_bus=on_bus, at_depot=at_depot, start=start
        )
        barcodes = on_bus + at_depot

        def replay(order):
            for device in phones.values():
                device.refresh_from_db()
            with transaction.atomic():
                began = time.perf_counter()
                for phone, batch in order:
                    sync_batch_apply(device=phones[phone], events=batch)
                elapsed = time.perf_counter() - began
                state = sync_day_state(visits=[v.pk for v in visits], barcodes=barcodes, event_ids=day.event_ids)
                transaction.set_rollback(True)
            return state, elapsed

        reference, _elapsed = replay(day.batches)
        chaos = random.Random(options["seed"])
        same = lost = waiting = 0
        times = []
        for _n in range(options["permutations"]):
            order = list(day.batches)
            chaos.shuffle(order)
            state, elapsed = replay(order)
            times.append(elapsed)
            same += state == reference
            lost += len(reference["loans"]) - len(state["loans"])
            waiting += sum(status != "applied" for _id, status in state["events"])
        times.sort()
        rows = [
            ("orders replayed", f"{len(times)}"),
            ("batches a day (phone A + phone B)", f"{len(day.phone_a)} + {len(day.phone_b)}"),
            ("loans in the day's own order", f"{len(reference['loans'])}"),
            ("orders with the same final state", f"{same}"),
            ("loans lost over all orders", f"{lost}"),
            ("events not applied over all orders", f"{waiting}"),
            ("a day's sync, median / p95 (s)", f"{times[len(times) // 2]:.3f} / {times[int(len(times) * 0.95)]:.3f}"),
        ]
        width = max(len(name) for name, _value in rows)
        for name, value in rows:
            self.stdout.write(f"{name:<{width}}  {value}")
