"""Demo stock for the Cần Thơ network: a catalogue of Vietnamese children's and general titles, copies in the
depot store, a shelf on bus 1, rotating collections (two deposited at demo sites), readers and loans.

Loading twice changes nothing: every step looks for what it would make (by ISBN, barcode, code, card number) first.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from backend.demo.shelves import demo_bus_fill, demo_copies_bulk
from backend.places.models import Library, LibraryKind, ServiceSite, Vehicle
from backend.stock import services
from backend.stock.catalogue.services import record_create
from backend.stock.catalogue.titles import TITLES, demo_isbn
from backend.stock.holders import Holder
from backend.stock.models import Copy, Loan, Reader, Record, RotatingCollection

COPIES_PER_TITLE = 10
BUS_COPIES = (9, 10)  # copy numbers kept on bus 1's shelves
COLLECTIONS = [
    # code, name, reading levels taken, copy numbers, boxes, books in all (the norm is 100–300), site to deposit
    # at (or None: stays in the depot)
    ("LC-TN-01", "Tủ sách thiếu nhi 01", {"children"}, (1, 2), 3, 150, "Trường Tiểu học Lê Quý Đôn"),
    ("LC-TN-02", "Tủ sách thiếu nhi 02", {"children"}, (3, 4), 3, 120, None),
    ("LC-TTN-01", "Tủ sách thiếu niên 01", {"teen"}, (1, 2, 3), 4, 200, None),
    ("LC-CD-01", "Tủ sách cộng đồng 01", {"adult", "all"}, (1, 2), 5, 250, "Nhà văn hóa xã Phong Điền"),
]
READERS = [
    ("CT-LQD-0001", "Nguyễn Minh Khang", 2016),
    ("CT-LQD-0002", "Trần Ngọc Hân", 2015),
    ("CT-LQD-0003", "Lê Gia Bảo", 2017),
    ("CT-LQD-0004", "Phạm Thảo Vy", 2016),
    ("CT-LQD-0005", "Võ Đức Anh", 2015),
]


def _barcode(title_no: int, copy_no: int) -> str:
    return f"CT{title_no:04d}{copy_no:02d}"


@transaction.atomic
def stock_demo_load() -> dict[str, int]:
    depot = Library.objects.filter(kind=LibraryKind.PUBLIC, is_active=True).order_by("pk").first()
    if depot is None:
        return {}
    bus = Vehicle.objects.filter(home_depot=depot).order_by("plate_number").first()
    levels = {}
    for number, (title, authors, publisher, year, ddc, level, subjects) in enumerate(TITLES, start=1):
        isbn = demo_isbn(number)
        record = Record.objects.filter(isbn=isbn).first() or record_create(
            title=title,
            authors=authors,
            publisher=publisher,
            year=year,
            ddc=ddc,
            reading_level=level,
            subjects=subjects,
            isbn=isbn,
            source_key=f"isbn:{isbn}",
        )
        levels[number] = level
        existing = set(record.copies.values_list("barcode", flat=True))
        for copy_no in range(1, COPIES_PER_TITLE + 1):
            if _barcode(number, copy_no) not in existing:
                services.copy_acquire(
                    record=record,
                    barcode=_barcode(number, copy_no),
                    library=depot,
                    reason="demo",
                    acquired_on=datetime.date(year, 9, 15),
                    price=60000 + 5000 * (number % 7),
                    shelf_mark=ddc,
                    source="donation" if copy_no == 10 else "purchase",
                    donor="Quỹ Sách Việt" if copy_no == 10 else "",
                )
    for vehicle in Vehicle.objects.filter(home_depot=depot).order_by("plate_number"):
        demo_bus_fill(vehicle=vehicle, acquired_on=datetime.date(timezone.localdate().year - 2, 9, 1))
    if bus is not None:
        _fill_bus(bus, depot, levels)
        _load_collections(bus, depot, levels)
        _load_readers_and_loans(bus)
    return {
        "records": Record.objects.count(),
        "copies": Copy.objects.count(),
        "collections": RotatingCollection.objects.count(),
        "readers": Reader.objects.count(),
    }


def _fill_bus(bus, depot, levels) -> None:
    barcodes = [_barcode(n, c) for n in levels for c in BUS_COPIES]
    for copy in Copy.objects.filter(barcode__in=barcodes, holder_library=depot):
        services.copy_move(copy=copy, kind="load", to=services.Holder.vehicle(bus), reason="demo")


def _load_collections(bus, depot, levels) -> None:
    now = timezone.now()
    for code, name, wanted, copy_numbers, boxes, books, site_name in COLLECTIONS:
        if RotatingCollection.objects.filter(code=code).exists():
            continue
        barcodes = [_barcode(n, c) for n, level in levels.items() if level in wanted for c in copy_numbers]
        copies = list(Copy.objects.filter(barcode__in=barcodes, holder_library=depot))
        records = list(Record.objects.filter(reading_level__in=wanted).order_by("id"))
        copies += demo_copies_bulk(prefix=f"{code}-", count=books - len(copies), holder=Holder.library(depot),
                                   acquired_on=datetime.date(2024, 9, 15), records=records)  # fmt: skip
        collection = services.collection_create(
            code=code,
            name=name,
            library=depot,
            reading_level=sorted(wanted)[0] if len(wanted) == 1 else "all",
            box_labels=[f"{code}/{b + 1}" for b in range(boxes)],
            copies=copies,
        )
        site = ServiceSite.objects.filter(name=site_name, is_active=True).first() if site_name else None
        if site is None:
            continue
        services.collection_move(
            collection=collection, kind="load", to=services.Holder.vehicle(bus), at=now - datetime.timedelta(days=30)
        )
        services.collection_deposit(
            collection=collection,
            site=site,
            at=now - datetime.timedelta(days=30),
            expected_collection_on=timezone.localdate() + datetime.timedelta(days=30),
            received_by_name="Cô Hạnh",
        )


def _load_readers_and_loans(bus) -> None:
    site = ServiceSite.objects.filter(name="Trường Tiểu học Lê Quý Đôn").first()
    if site is None:
        return
    readers = []
    for card, name, born in READERS:
        reader = Reader.objects.filter(card_number=card).first() or services.reader_register(
            card_number=card, full_name=name, birth_year=born, site=site
        )
        readers.append(reader)
    if Loan.objects.exists():
        return
    on_bus = Copy.objects.filter(holder_vehicle=bus, record__reading_level="children").order_by("barcode")[:2]
    for reader, copy in zip(readers, on_bus, strict=False):
        services.loan_lend(copy=copy, reader=reader, site=site)
