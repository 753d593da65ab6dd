"""A day of two crew phones at the same stops, cut into batches: what the arrival-order test and benchmark replay.

Phone A loads books at the depot, registers the readers and lends; phone B lends to A's readers, lends books A
loaded, takes back a book A lent and lends it again. Every batch of B needs something from a batch of A, and each
phone's later batches need its earlier ones, so any arrival order but the day's own exercises waiting events.
"""

import datetime
import uuid
from dataclasses import dataclass

from backend.crew.models import VisitReport
from backend.planning.models import PlannedVisit
from backend.stock.models import Copy, Loan, Movement, Reader
from backend.sync.models import RawEvent

CARDS = ("TD-0001", "TD-0002", "TD-0003")


@dataclass(frozen=True)
class SyncDay:
    """Per phone, its batches in the order the phone sent them (events numbered 1, 2, 3… per phone)."""

    phone_a: list[list[dict]]
    phone_b: list[list[dict]]

    @property
    def batches(self) -> list[tuple[str, list[dict]]]:
        """Every batch with its phone ("a" or "b"), in the order of the day (first event's device time)."""
        tagged = [("a", batch) for batch in self.phone_a] + [("b", batch) for batch in self.phone_b]
        return sorted(tagged, key=lambda pair: pair[1][0]["device_time"])

    @property
    def event_ids(self) -> list[str]:
        return [event["id"] for _phone, batch in self.batches for event in batch]


def _numbered(events: list[tuple], start: datetime.datetime) -> list[dict]:
    numbered = []
    for seq, (minutes, kind, visit, data) in enumerate(events, start=1):
        body = {
            "id": str(uuid.uuid4()),
            "seq": seq,
            "kind": kind,
            "device_time": (start + datetime.timedelta(minutes=minutes)).isoformat(),
            "data": data,
        }
        if visit is not None:
            body["visit"] = visit
        numbered.append(body)
    return numbered


def _cut(events: list[dict], sizes: list[int]) -> list[list[dict]]:
    batches, at = [], 0
    for size in sizes:
        batches.append(events[at : at + size])
        at += size
    return batches


def sync_day_build(
    *, visits: list[int], depot: int, on_bus: list[str], at_depot: list[str], start: datetime.datetime
) -> SyncDay:
    """The two phones' batches for two visits (``visits``), three books on the bus and three at ``depot``."""
    v1, v2 = visits[:2]
    b1, b2 = on_bus[:2]
    d1, d2, d3 = at_depot[:3]
    r1, r2, r3 = CARDS
    phone_a = [
        (0, "load", None, {"barcode": d1, "library": depot}),
        (1, "load", None, {"barcode": d2, "library": depot}),
        (2, "load", None, {"barcode": d3, "library": depot}),
        (60, "arrive", v1, {"latitude": 10.03, "longitude": 105.77}),
        (65, "register_reader", v1, {"card_number": r1, "full_name": "Nguyễn Thị Lan"}),
        (66, "register_reader", v1, {"card_number": r2, "full_name": "Trần Văn Minh"}),
        (70, "lend", v1, {"barcode": d1, "card_number": r1}),
        (71, "lend", v1, {"barcode": b1, "card_number": r2}),
        (150, "leave", v1, {}),
        (180, "arrive", v2, {"latitude": 10.05, "longitude": 105.79}),
        (185, "register_reader", v2, {"card_number": r3, "full_name": "Lê Hoàng Anh"}),
        (190, "lend", v2, {"barcode": d2, "card_number": r3}),
        (250, "leave", v2, {}),
    ]
    phone_b = [
        (75, "lend", v1, {"barcode": b2, "card_number": r1}),
        (80, "lend", v1, {"barcode": d3, "card_number": r2}),
        (100, "take_back", v1, {"barcode": d1}),
        (105, "visitors", v1, {"students": 84, "adults": 3}),
        (200, "lend", v2, {"barcode": d1, "card_number": r3}),
        (205, "take_back", v2, {"barcode": b1}),
        (210, "lend", v2, {"barcode": b1, "card_number": r3}),
        (215, "activity_note", v2, {"note": "Kể chuyện Dế Mèn cho lớp 4"}),
    ]
    return SyncDay(
        phone_a=_cut(_numbered(phone_a, start), [3, 3, 3, 2, 2]),
        phone_b=_cut(_numbered(phone_b, start), [2, 2, 2, 2]),
    )


def sync_day_state(*, visits: list[int], barcodes: list[str], event_ids: list[str]) -> dict:
    """What the day changed, without the server's own ids and clocks: compared across arrival orders."""
    loans = Loan.objects.filter(copy__barcode__in=barcodes)
    return {
        "readers": sorted(Reader.objects.filter(card_number__in=CARDS).values_list("card_number", "site_id")),
        "loans": sorted(
            loans.values_list("copy__barcode", "reader__card_number", "lent_at", "due_on", "returned_at", "visit_id")
        ),
        "copies": sorted(
            Copy.objects.filter(barcode__in=barcodes).values_list(
                "barcode", "status", "holder_vehicle_id", "holder_library_id", "holder_loan__reader__card_number"
            )
        ),
        "movements": sorted(
            Movement.objects.filter(copy__barcode__in=barcodes).values_list(
                "copy__barcode", "kind", "source_event_id", "at", "visit_id"
            )
        ),
        "visits": sorted(
            PlannedVisit.objects.filter(pk__in=visits).values_list("pk", "status", "actual_arrival", "actual_departure")
        ),
        "reports": sorted(
            VisitReport.objects.filter(visit_id__in=visits).values_list(
                "visit_id", "arrived_at", "left_at", "students", "adults", "activity_note"
            )
        ),
        "events": sorted(RawEvent.objects.filter(event_id__in=event_ids).values_list("event_id", "status")),
    }
