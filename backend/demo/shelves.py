"""Copies in the numbers a real mobile library keeps: about 3,000 books aboard each bus, rotating collections of
100–300 books. Written in bulk (the copy and its ``acquire`` movement in the ledger, as ``copy_acquire`` writes them
one at a time) so that ``make run`` stays quick."""

import datetime
import itertools

from django.db import transaction
from django.utils import timezone

from backend.reports.daily import report_days_mark_stale
from backend.reports.tasks import report_days_refresh_on_commit
from backend.stock.holders import Holder
from backend.stock.models import Copy, Movement, MovementKind, Record

BUS_BOOKS = 3000
BATCH = 1000


def demo_copies_bulk(
    *, prefix: str, count: int, holder: Holder, acquired_on: datetime.date, records: list[Record] | None = None
) -> list[Copy]:
    """``count`` new copies at ``holder`` (barcodes ``prefix``00001…), spread over the catalogue's records, each
    with its acquisition in the ledger. Barcodes that exist already are skipped, so loading twice adds nothing."""
    if count <= 0:
        return []
    records = records or list(Record.objects.order_by("id"))
    if not records:
        return []
    wanted = [f"{prefix}{n:05d}" for n in range(1, count + 1)]
    existing = set(Copy.objects.filter(barcode__in=wanted).values_list("barcode", flat=True))
    cycle = itertools.cycle(records)
    copies = [
        Copy(barcode=code, record=next(cycle), acquired_on=acquired_on, price=65000, **holder.copy_fields())
        for code in wanted
        if code not in existing
    ]
    with transaction.atomic():
        Copy.objects.bulk_create(copies, batch_size=BATCH)
        at = timezone.make_aware(datetime.datetime.combine(acquired_on, datetime.time(8, 0)))
        Movement.objects.bulk_create(
            [
                Movement(copy=copy, kind=MovementKind.ACQUIRE, **holder.movement_fields("to"), at=at, reason="demo")
                for copy in copies
            ],
            batch_size=BATCH,
        )
        # Written in bulk (no signals): the reports count the day's acquisitions again.
        report_days_mark_stale(dates=[acquired_on])
        report_days_refresh_on_commit()
    return copies


def demo_bus_fill(*, vehicle, acquired_on: datetime.date, books: int = BUS_BOOKS) -> int:
    """Put about ``books`` copies aboard ``vehicle`` (bought for it; loading twice adds nothing)."""
    return len(
        demo_copies_bulk(
            prefix=f"XE{vehicle.id:02d}-", count=books, holder=Holder.vehicle(vehicle), acquired_on=acquired_on
        )  # fmt: skip
    )
