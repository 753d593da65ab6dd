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


def replay_orders(orders, apply, state, refresh):
    """Apply each order of batches (a tuple of batch indexes) from the same start and take ``state()`` after it.

    The orders are taken sorted, so that consecutive ones share a prefix: the state after a prefix is kept in a
    savepoint and the next order starts from there instead of from the start (a random order of nine batches shares
    its first two or three with another one). Each order still sees exactly the database its batches made, in its
    order; ``refresh()`` reloads what the caller keeps in memory before each order (a rollback leaves it stale).
    Returns ([(order, state)], batches applied).
    """
    results, applied = [], 0
    with transaction.atomic():
        marks, current = [], ()  # marks[d]: a savepoint holding the state after current[:d]
        for order in sorted(orders):
            if order == current:  # the same order drawn twice: its state is the one just taken
                results.append((order, results[-1][1]))
                continue
            shared = next((d for d, (a, b) in enumerate(zip(current, order, strict=False)) if a != b), len(current))
            if marks:
                transaction.savepoint_rollback(marks[shared])
                del marks[shared + 1 :]
            refresh()
            for depth in range(shared, len(order)):
                if depth == len(marks):
                    marks.append(transaction.savepoint())
                apply(order[depth])
                applied += 1
            current = order
            results.append((order, state()))
        transaction.set_rollback(True)
    return results, applied


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

        def state():
            return sync_day_state(visits=[v.pk for v in visits], barcodes=barcodes, event_ids=day.event_ids)

        def apply(batch_index):
            phone, batch = day.batches[batch_index]
            sync_batch_apply(device=phones[phone], events=batch)

        def refresh():
            for device in phones.values():
                device.refresh_from_db()

        [(_order, reference)], _applied = replay_orders([tuple(range(len(day.batches)))], apply, state, refresh)
        chaos = random.Random(options["seed"])
        orders = [
            tuple(chaos.sample(range(len(day.batches)), len(day.batches))) for _n in range(options["permutations"])
        ]
        began = time.perf_counter()
        results, applied = replay_orders(orders, apply, state, refresh)
        elapsed = time.perf_counter() - began
        same = sum(final == reference for _order, final in results)
        lost = sum(len(reference["loans"]) - len(final["loans"]) for _order, final in results)
        waiting = sum(status != "applied" for _order, final in results for _id, status in final["events"])
        rows = [
            ("orders replayed (distinct)", f"{len(results)} ({len(set(orders))})"),
            ("batches a day (phone A + phone B)", f"{len(day.phone_a)} + {len(day.phone_b)}"),
            ("loans in the day's own order", f"{len(reference['loans'])}"),
            ("orders with the same final state", f"{same}"),
            ("loans lost over all orders", f"{lost}"),
            ("events not applied over all orders", f"{waiting}"),
            ("batches applied (shared prefixes once)", f"{applied} of {len(results) * len(day.batches)}"),
            ("all orders (s), per order", f"{elapsed:.1f}, {elapsed / max(len(results), 1):.3f}"),
        ]
        width = max(len(name) for name, _value in rows)
        for name, value in rows:
            self.stdout.write(f"{name:<{width}}  {value}")
