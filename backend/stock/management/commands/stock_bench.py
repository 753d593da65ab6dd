"""Benchmark of the catalogue and the stock ledger at scale (issue 3). PostgreSQL only.

    DATABASE_URL=postgres://…/bb_stock_bench python manage.py migrate
    DATABASE_URL=postgres://…/bb_stock_bench python manage.py stock_bench --records 200000 --copies 1000000

Seeds (once; ``--reset`` empties the catalogue and stock tables first, so use a database of its own) records and
copies with their ledger through PostgreSQL COPY and INSERT … SELECT, then measures: ranked catalogue search
p50/p95/max as the API and the console run it (``catalogue_search``: a page of 20 with its estimated total) over a mix
of queries as typed (one and two letters, title starts, titles, authors, subjects, barcodes, ISBNs), the disk its
indexes take against the table they serve (``search_bench``: by class of query, with estimates for a quiet machine
and PASS/FAIL against the goals), moving a 300-copy collection onto the bus and back (time and queries),
a stocktake of a 5,000-copy bus, a scan on the console's loading page (the whole request: load a copy onto the
5,000-copy bus, then unload it; and a refused scan), and ``verify_ledger`` over everything. Prints a table.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.core.text import search_key
from backend.places.models import Commune, Library, LibraryKind, Province, Vehicle
from backend.stock.catalogue.search_bench import bench_search
from backend.stock.catalogue.search_index import SEARCH_INDEXES
from backend.stock.catalogue.titles import TITLES
from backend.stock.models import Copy, Record
from backend.stock.services import Holder, collection_create, collection_move
from backend.stock.stocktake import stocktake_submit
from backend.stock.verify import ledger_verify

WORDS = (
    "Dế Mèn|phiêu lưu|ký|Đất rừng|phương Nam|kính vạn hoa|tuổi thơ|mùa hè|quê hương|sông nước|miền Tây|bí mật|"
    "khu vườn|cổ tích|chuyện|cậu bé|cô bé|ngôi sao|biển cả|rừng xanh|ánh trăng|mẹ hiền|bà ngoại|con đường|lịch sử|"
    "khoa học|vì sao|kỹ năng sống|những người bạn|chú mèo|chú chó|cánh đồng|mùa lúa|chợ nổi|Cần Thơ|Mekong|"
    "giấc mơ|thành phố|làng quê|trường học|thầy cô|bạn bè|phép màu|hòn đảo|núi cao|dòng sông|hoa sen|"
    "cây ăn trái|nuôi cá|trồng lúa|sức khỏe|tin học|toán vui|tiếng Việt|văn học|thơ|truyện tranh|khám phá|vũ trụ"
).split("|")
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
GIVEN = ["Nhật Ánh", "Văn An", "Thị Bích", "Minh Khang", "Ngọc Hân", "Gia Bảo", "Thảo Vy", "Đức Anh", "Hoài", "Quang"]
PUBLISHERS = ["NXB Kim Đồng", "NXB Trẻ", "NXB Giáo dục Việt Nam", "NXB Văn học", "NXB Hội Nhà văn", "NXB Nông nghiệp"]
LEVELS = ["children", "teen", "adult", "all"]
BUS_COPIES = 5000


class Command(BaseCommand):
    help = "Seed a large catalogue and ledger and measure search, collection moves, stocktake and verify_ledger."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=200_000)
        parser.add_argument("--copies", type=int, default=1_000_000)
        parser.add_argument("--queries", type=int, default=300)
        parser.add_argument("--reset", action="store_true", help="Empty the catalogue and stock tables first.")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--only", choices=["search", "move", "stocktake", "scan", "verify"], action="append")

    def handle(self, *args, records, copies, queries, reset, seed, only, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL.")
        rng = random.Random(seed)
        rows = []
        if reset:
            self._reset()
        depot, bus, other_bus = self._places()
        if Record.objects.count() < records:
            if Record.objects.exists():
                raise CommandError("A smaller catalogue is already there: run with --reset.")
            started = time.perf_counter()
            self._seed(rng, records, copies, depot, bus)
            rows.append(
                ("seed", f"{records:,} records, {copies:,} copies + ledger", f"{time.perf_counter() - started:.1f} s")
            )
        wanted = set(only or ["search", "move", "stocktake", "scan", "verify"])
        if "search" in wanted:
            rows += bench_search(rng, queries)
        if "move" in wanted:
            rows += self._collection_move(depot, other_bus)
        if "stocktake" in wanted:
            rows += self._stocktake(bus, depot)
        if "scan" in wanted:
            rows += self._scan(depot, bus)
        if "verify" in wanted:
            rows.append(self._verify())
        first, width = max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)
        self.stdout.write(f"| {'measure':<{first}} | {'what':<{width}} | result")
        self.stdout.write(f"|{'-' * (first + 2)}|{'-' * (width + 2)}|{'-' * 30}")
        for name, what, result in rows:
            self.stdout.write(f"| {name:<{first}} | {what:<{width}} | {result}")

    def _verify(self):
        report = ledger_verify(limit=10)
        return (
            "verify_ledger",
            f"{report.copies:,} copies, {report.movements:,} movements, {len(report.mismatches)} mismatches",
            f"{report.seconds:.1f} s = {report.movements_per_second:,.0f} movements/s",
        )

    def _reset(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE stock_stocktake, stock_rotationassignment, stock_rotationproposal, stock_movement, "
                "stock_collectionstay, stock_loan, stock_reader, catalogue_copy, stock_rotatingcollection, "
                "catalogue_record RESTART IDENTITY CASCADE"
            )

    def _places(self):
        province, _ = Province.objects.get_or_create(
            code=99, defaults={"name": "Tỉnh Thử nghiệm", "division_type": "tỉnh", "codename": "bench"}
        )
        commune, _ = Commune.objects.get_or_create(
            code=999_999, defaults={"name": "Xã Thử nghiệm", "kind": "xa", "province": province, "codename": "bench"}
        )
        depot, _ = Library.objects.get_or_create(
            name="Thư viện thử nghiệm (benchmark)",
            defaults={"kind": LibraryKind.PUBLIC, "commune": commune, "latitude": 10.03, "longitude": 105.78},
        )
        buses = [
            Vehicle.objects.get_or_create(plate_number=plate, defaults={"name": name, "home_depot": depot})[0]
            for plate, name in (("BENCH-01", "Xe thử nghiệm 1"), ("BENCH-02", "Xe thử nghiệm 2"))
        ]
        return depot, buses[0], buses[1]

    def _seed(self, rng, records, copies, depot, bus):
        now = timezone.now()
        raw = connection.connection
        with raw.cursor() as cursor:
            # A bulk load builds the search indexes once afterwards, compact, as after an import and a REINDEX.
            cursor.execute("DROP INDEX IF EXISTS " + ", ".join(name for name, _definition in SEARCH_INDEXES))
            with cursor.copy(
                "COPY catalogue_record (title, subtitle, authors, series, isbn, publisher, year, language, ddc, "
                "subjects, reading_level, title_key, search_text, created_at, updated_at) FROM STDIN"
            ) as out:
                for n in range(records):
                    if n < len(TITLES):
                        title, authors, publisher, year, ddc, level, subjects = TITLES[n]
                    else:
                        title = " ".join(rng.sample(WORDS, rng.randint(2, 4))).capitalize()
                        if rng.random() < 0.3:
                            title += f" - Tập {rng.randint(1, 12)}"
                        authors = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
                        publisher, year = rng.choice(PUBLISHERS), rng.randint(1990, 2025)
                        ddc, level = f"{rng.randint(0, 999):03d}.{rng.randint(0, 99)}", rng.choice(LEVELS)
                        subjects = "; ".join(rng.sample(WORDS, 2))
                    series = f"Tủ sách {rng.choice(WORDS)}" if n % 5 == 0 else ""
                    isbn = _isbn13(n) if n % 2 == 0 else ""
                    # as Record.refresh_search_text
                    words = search_key(" ".join([title, "", authors, series, subjects]))
                    out.write_row(
                        (title, "", authors, series, isbn, publisher, year, "vie", ddc, subjects, level)
                        + (search_key(title), " " + words, now, now)
                    )
            cursor.execute("; ".join(definition for _name, definition in SEARCH_INDEXES))
            cursor.execute("SELECT MIN(id), MAX(id) FROM catalogue_record")
            first, last = cursor.fetchone()
            with cursor.copy(
                "COPY catalogue_copy (barcode, record_id, source, donor, condition, shelf_mark, status, "
                "holder_library_id, holder_vehicle_id, created_at, updated_at) FROM STDIN"
            ) as out:
                for n in range(copies):
                    record_id = first + (n % (last - first + 1))
                    on_bus = n >= copies - BUS_COPIES
                    out.write_row(
                        (
                            f"B{n:09d}",
                            record_id,
                            "purchase",
                            "",
                            "good",
                            f"{n % 1000:03d}",
                            "available",
                            None if on_bus else depot.id,
                            bus.id if on_bus else None,
                            now,
                            now,
                        )
                    )
            cursor.execute(
                "INSERT INTO stock_movement (copy_id, kind, from_status, to_status, to_library_id, at, reason, "
                "recorded_at) SELECT id, 'acquire', NULL, 'available', %s, %s, 'bench', %s FROM catalogue_copy "
                "ORDER BY id",
                [depot.id, now, now],
            )
            cursor.execute(
                "INSERT INTO stock_movement (copy_id, kind, from_status, from_library_id, to_status, to_vehicle_id, "
                "at, reason, recorded_at) SELECT id, 'load', 'available', %s, 'available', %s, %s, 'bench', %s "
                "FROM catalogue_copy WHERE holder_vehicle_id = %s ORDER BY id",
                [depot.id, bus.id, now, now, bus.id],
            )
            cursor.execute("ANALYZE catalogue_record; ANALYZE catalogue_copy; ANALYZE stock_movement")

    def _collection_move(self, depot, bus):
        timings, queries = [], []
        with transaction.atomic():
            members = Copy.objects.filter(holder_library=depot, collection=None).order_by("id")[:300]
            collection = collection_create(
                code=f"BENCH-{int(time.time())}",
                name="Bộ sách thử nghiệm",
                library=depot,
                box_labels=["1", "2", "3"],
                copies=list(members),
            )
            for _round in range(5):
                for kind, to in (("load", Holder.vehicle(bus)), ("unload", Holder.library(depot))):
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        result = collection_move(collection=collection, kind=kind, to=to, reason="bench")
                        timings.append(time.perf_counter() - started)
                    queries.append(len(captured))
                    assert result.moved == 300
            transaction.set_rollback(True)
        return [
            (
                "collection move",
                "300 copies onto the bus / back, 10 moves",
                f"median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms, "
                f"{max(queries)} queries per move",
            )
        ]

    def _scan(self, depot, bus, rounds=40):
        """The console's scan request as the browser sends it (session, htmx), answered with its line."""
        from django.test import Client

        from backend.accounts.models import User

        timings, refused, queries = [], [], []
        with transaction.atomic():
            Vehicle.objects.filter(pk=bus.pk).update(capacity_books=BUS_COPIES * 2)  # room to load: time, not refuse
            user = User.objects.create(username=f"bench-{int(time.time())}", role="coordinator")
            client = Client(HTTP_HOST="localhost", HTTP_HX_REQUEST="true")
            client.force_login(user)
            url = f"/console/buses/{bus.pk}/scan/"
            barcodes = Copy.objects.filter(holder_library=depot, collection=None).values_list("barcode", flat=True)
            for barcode in list(barcodes.order_by("?")[:rounds]):
                for kind in ("load", "unload"):
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = client.post(url, {"code": barcode, "kind": kind})
                        timings.append((time.perf_counter() - started) * 1000)
                    queries.append(len(captured))
                    assert b"scan-line done" in response.content, response.content[:300]
                started = time.perf_counter()
                response = client.post(url, {"code": barcode, "kind": "unload"})  # not on the bus any more
                refused.append((time.perf_counter() - started) * 1000)
                assert b"scan-line refused" in response.content
            transaction.set_rollback(True)
        timings.sort()
        return [
            (
                "console scan",
                f"{len(timings)} scans onto / off the bus with {BUS_COPIES:,} copies (POST, htmx line)",
                f"median {statistics.median(timings):.1f} ms, p95 {statistics.quantiles(timings, n=20)[18]:.1f} ms, "
                f"max {timings[-1]:.1f} ms, {max(queries)} queries; refused median {statistics.median(refused):.1f} ms",
            )
        ]

    def _stocktake(self, bus, depot):
        on_bus = list(Copy.objects.filter(holder_vehicle=bus).values_list("barcode", flat=True))
        elsewhere = list(Copy.objects.filter(holder_library=depot).values_list("barcode", flat=True)[:10])
        scanned = on_bus[50:] + elsewhere + [f"UNKNOWN-{n}" for n in range(20)]
        with transaction.atomic():
            started = time.perf_counter()
            take = stocktake_submit(holder=Holder.vehicle(bus), barcodes=scanned)
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        r = take.result
        return [
            (
                "stocktake",
                f"bus with {len(on_bus):,} copies, {len(scanned):,} scans",
                f"{seconds * 1000:.0f} ms ({len(r['missing'])} missing, {len(r['misplaced'])} misplaced, "
                f"{len(r['unexpected'])} unexpected)",
            )
        ]


def _isbn13(n: int) -> str:
    """A valid ISBN-13 in the 978-604 (Vietnam) range, distinct for each ``n``."""
    body = f"978604{n:06d}"
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
    return f"{body}{check}"
