"""Benchmark of the yearly report on PostgreSQL: ``events`` rows a year (planned visits, the crews' visit reports,
loans, returns in the ledger, new readers) for the report year and the year before, their daily figures computed
(``daily.report_days_rebuild``, timed apart), then the report's queries timed against the 2 s goal, each also as a
ratio to a fixed reference query timed in the same run (a shared machine's load changes the seconds, less the ratios).

Everything is written in one transaction that is rolled back at the end, so the database is left as it was.
"""

import datetime
import time
from dataclasses import dataclass

from django.db import connection, transaction

from backend.places.models import Commune, Library, Province, School, ServiceSite, Vehicle
from backend.stock.models import Record

from . import daily, exports, form01, selectors
from .periods import GROUPINGS, ReportQuery, year_period

SHARES = {"visits": 0.25, "visit_reports": 0.25, "loans": 0.20, "returns": 0.20, "readers": 0.10}
# A network the size of a big province at 1,000,000 events a year (smaller for smaller runs).
COMMUNES, SITES, VEHICLES = 400, 4000, 500


def network_size(events: int) -> tuple[int, int, int]:
    """Communes, sites and vehicles for ``events`` a year."""
    return (
        min(COMMUNES, max(4, events // 2500)),
        min(SITES, max(40, events // 250)),
        min(VEHICLES, max(4, events // 2000)),
    )


class _Rollback(Exception):
    pass


@dataclass
class BenchRow:
    name: str
    seconds: float
    rows: int


def _network(events: int) -> dict:
    communes_n, sites_n, vehicles_n = network_size(events)
    province = Province.objects.create(code=990, name="Tỉnh thử tải", division_type="tỉnh", codename="bench")
    communes = Commune.objects.bulk_create(
        Commune(
            code=990000 + n,
            name=f"Xã thử tải {n}",
            kind="xa",
            province=province,
            codename=f"bench_{n}",
            latitude=10 + n / 1000,
            longitude=105 + n / 1000,
        )  # fmt: skip
        for n in range(communes_n)
    )
    libraries = Library.objects.bulk_create(
        Library(name=f"Nhà văn hóa thử tải {n}", kind="commune", commune=c, latitude=10, longitude=105)
        for n, c in enumerate(communes)
    )
    depot = Library.objects.create(name="Thư viện thử tải", kind="public", commune=communes[0], latitude=10,
                                   longitude=105)  # fmt: skip
    schools = School.objects.bulk_create(
        School(name=f"Trường thử tải {n}", level="primary", commune=communes[n % communes_n])
        for n in range(sites_n // 2)
    )
    ServiceSite.objects.bulk_create(
        ServiceSite(
            name=f"Điểm thử tải {n}",
            commune=communes[n % communes_n],
            library=libraries[n % communes_n] if n % 2 else None,
            school=None if n % 2 else schools[n // 2],
            latitude=10 + (n % 100) / 100,
            longitude=105 + (n // 100) / 100,
            priority_groups=["disadvantaged_area"] if n % 10 == 0 else [],
        )
        for n in range(sites_n)
    )
    Vehicle.objects.bulk_create(
        Vehicle(plate_number=f"99T-{n:05d}", name=f"Xe thử tải {n}", home_depot=depot) for n in range(vehicles_n)
    )
    return {"depot": depot.id, "school": schools[0].id}


def _year_sql(year: int, events: int) -> list[tuple[str, list]]:
    """SQL inserting one year's rows, all generated in the database."""
    _, sites, vehicles = network_size(events)
    n = {k: int(events * share) for k, share in SHARES.items()}
    routes = n["visits"] // 2
    start = datetime.date(year, 1, 1)
    return [
        (
            "INSERT INTO tours_plan (created_at, updated_at, starts_on, ends_on, status, network_revision, distance_m,"
            " duration_s, stats) VALUES (now(), now(), %s, %s, 'published', 0, 0, 0, %s::jsonb)",
            [start, datetime.date(year, 12, 31), f'{{"bench": {year}}}'],
        ),
        (
            # Vehicle r % V on day r / V: one route per vehicle and day, spread over the year.
            "INSERT INTO tours_planroute (plan_id, vehicle_id, date, starts_at, ends_at, distance_m)"
            " SELECT (SELECT id FROM tours_plan WHERE stats->>'bench' = %s), v.id, %s::date + (g / %s) * 365 / %s,"
            " '07:00', '17:00', 30000 + (g * 37) %% 50000"
            " FROM generate_series(0, %s - 1) g"
            " JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM places_vehicle"
            "       WHERE plate_number LIKE '99T-%%') v ON v.rn = g %% %s",
            [str(year), start, vehicles, routes // vehicles + 1, routes, vehicles],
        ),
        (
            "INSERT INTO tours_plannedvisit (route_id, position, key, site_id, arrives_at, starts_at, departs_at,"
            " distance_m, deliver_boxes, collect_boxes, status, skip_cause, skip_reason)"
            " SELECT r.id, p, 'bench', s.id, '08:00'::time + p * interval '5 hours', '08:15'::time + p * interval"
            " '5 hours', '10:15'::time + p * interval '5 hours', 12000, 0, 0,"
            " CASE WHEN (r.id + p) %% 17 = 0 THEN 'skipped' ELSE 'done' END,"
            " CASE WHEN (r.id + p) %% 17 = 0 THEN 'weather' ELSE '' END,"
            " CASE WHEN (r.id + p) %% 17 = 0 THEN 'Mưa lớn' ELSE '' END"
            " FROM tours_planroute r CROSS JOIN generate_series(0, 1) p"
            " JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM places_servicesite"
            "       WHERE name LIKE 'Điểm thử tải%%') s ON s.rn = (r.id * 2 + p) %% %s"
            " WHERE r.plan_id = (SELECT id FROM tours_plan WHERE stats->>'bench' = %s)",
            [sites, str(year)],
        ),
        (
            "INSERT INTO fieldwork_visitreport (created_at, updated_at, visit_id, arrived_at, left_at, students,"
            " adults, children, elderly, reading_uses, digital_uses, activity_note, host_name, host_confirmed, photo,"
            " versions)"
            " SELECT now(), now(), v.id, r.date + v.starts_at, r.date + v.departs_at, 40 + v.id %% 80,"
            " v.id %% 9, 30 + v.id %% 50, v.id %% 4, 60 + v.id %% 90, v.id %% 12, '', '', true, '', '{}'"
            " FROM tours_plannedvisit v JOIN tours_planroute r ON r.id = v.route_id"
            " WHERE r.plan_id = (SELECT id FROM tours_plan WHERE stats->>'bench' = %s)",
            [str(year)],
        ),
        (
            "INSERT INTO stock_reader (created_at, updated_at, search_text, card_number, full_name, family_name,"
            " middle_name, given_name, phone, registered_at, site_id)"
            " SELECT now(), now(), '', 'BENCH-' || %s || '-' || g, 'Bạn đọc ' || g, 'Bạn', 'đọc', g::text, '',"
            " %s::timestamptz + (g %% 365) * interval '1 day',"
            " (SELECT min(id) FROM places_servicesite WHERE name LIKE 'Điểm thử tải%%') + g %% %s"
            " FROM generate_series(1, %s) g",
            [year, f"{year}-01-01 09:00+07", sites, n["readers"]],
        ),
        (
            "INSERT INTO stock_loan (created_at, updated_at, copy_id, reader_id, site_id, visit_id, lent_at, due_on,"
            " returned_at)"
            " SELECT now(), now(), c.first + g %% c.n, rd.first + g %% rd.n, v.site_id, v.id,"
            " r.date + v.starts_at, r.date + 21, r.date + v.starts_at + interval '20 days'"
            " FROM generate_series(0, %s - 1) g"
            " CROSS JOIN (SELECT min(id) AS first, count(*) AS n FROM catalogue_copy WHERE barcode LIKE 'BENCH%%') c"
            " CROSS JOIN (SELECT min(id) AS first, count(*) AS n FROM stock_reader"
            "             WHERE card_number LIKE 'BENCH-%%') rd"
            # Visit number g modulo the year's visits (a constant, so the join is a hash join, not a nested loop).
            " JOIN (SELECT v.id, v.site_id, v.starts_at, v.route_id, row_number() OVER (ORDER BY v.id) - 1 AS rn"
            "       FROM tours_plannedvisit v JOIN tours_planroute r ON r.id = v.route_id"
            "       WHERE r.plan_id = (SELECT id FROM tours_plan WHERE stats->>'bench' = %s)) v ON v.rn = g %% %s"
            " JOIN tours_planroute r ON r.id = v.route_id",
            [n["loans"], str(year), n["visits"]],
        ),
        (
            "INSERT INTO stock_movement (copy_id, kind, from_status, from_loan_id, to_status, to_vehicle_id, site_id,"
            " visit_id, at, reason, recorded_at)"
            " SELECT l.copy_id, 'return', 'on_loan', l.id, 'available', r.vehicle_id, l.site_id, l.visit_id,"
            " l.returned_at, '', now()"
            " FROM stock_loan l JOIN tours_plannedvisit v ON v.id = l.visit_id JOIN tours_planroute r"
            " ON r.id = v.route_id"
            " WHERE r.plan_id = (SELECT id FROM tours_plan WHERE stats->>'bench' = %s) LIMIT %s",
            [str(year), n["returns"]],
        ),
    ]


def _copies(depot_id: int, count: int) -> list[tuple[str, list]]:
    # The record through the ORM, which fills its search columns (title_key, search_text).
    record = Record.objects.create(title="Sách thử tải", language="vie", reading_level="all", source_key=None)
    return [
        (
            "INSERT INTO catalogue_copy (created_at, updated_at, barcode, record_id, source, donor, condition,"
            " shelf_mark, status, holder_library_id)"
            " SELECT now(), now(), 'BENCH' || g, %s, 'purchase', '', 'good', '', 'available', %s"
            " FROM generate_series(1, %s) g",
            [record.pk, depot_id, count],
        ),
    ]


REPEAT = 3
GOAL_S = 2.0
REFERENCE = "reference: one pass over the planned visits"


def _timed(name: str, fn) -> BenchRow:
    """The best of ``REPEAT`` runs: the machine is shared, and the best run is the one least disturbed."""
    best = None
    for _ in range(REPEAT):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return BenchRow(name, best, len(result) if hasattr(result, "__len__") else 1)


def reports_bench(
    *, events: int = 1_000_000, year: int = 2026, keep: bool = False, export: bool = False
) -> tuple[dict, list[BenchRow]]:
    """Load ``events`` rows for ``year`` and as many for the year before, time the yearly report, roll back (unless
    ``keep``: then the rows stay, to study the queries; use a database of its own)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The reports benchmark runs on PostgreSQL (set DATABASE_URL).")
    rows: list[BenchRow] = []
    counts: dict = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            network = _network(events)
            with connection.cursor() as cursor:
                for sql, params in _copies(network["depot"], max(100, events // 20)):
                    cursor.execute(sql, params)
                for y in (year - 1, year):
                    for sql, params in _year_sql(y, events):
                        cursor.execute(sql, params)
                cursor.execute("ANALYZE")
            counts["load_s"] = round(time.perf_counter() - started, 1)
            started = time.perf_counter()
            figures = daily.report_days_rebuild()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE reports_dayfigures, reports_monthfigures")
            counts["figures_s"] = round(time.perf_counter() - started, 1)
            counts["figures_rows"] = figures["rows"]
            counts.update(_count_events(year))
            rows = _time_report(year, network["school"], export=export)
            if not keep:
                raise _Rollback
    except _Rollback:
        pass
    return counts, rows


def _count_events(year: int) -> dict:
    period = year_period(year)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM tours_plannedvisit v JOIN tours_planroute r ON r.id = v.route_id"
            "        WHERE r.date BETWEEN %s AND %s),"
            " (SELECT count(*) FROM fieldwork_visitreport f JOIN tours_plannedvisit v ON v.id = f.visit_id"
            "  JOIN tours_planroute r ON r.id = v.route_id WHERE r.date BETWEEN %s AND %s),"
            " (SELECT count(*) FROM stock_loan WHERE lent_at::date BETWEEN %s AND %s),"
            " (SELECT count(*) FROM stock_movement WHERE kind = 'return' AND at::date BETWEEN %s AND %s),"
            " (SELECT count(*) FROM stock_reader WHERE registered_at::date BETWEEN %s AND %s)",
            [period.start, period.end] * 5,
        )
        visits, reports, loans, returns, readers = cursor.fetchone()
    return {"visits": visits, "visit_reports": reports, "loans": loans, "returns": returns, "readers": readers,
            "events_in_year": visits + reports + loans + returns + readers}  # fmt: skip


def _time_report(year: int, school_id: int, *, export: bool = True) -> list[BenchRow]:
    period = year_period(year)
    everything = selectors.ReportScope()
    school = selectors.ReportScope(school_id=school_id)

    def table(step, grouping, scope=everything):
        return lambda: selectors.indicator_table(query=ReportQuery(period, step, grouping), scope=scope)

    def workbook():
        tables = {g: selectors.indicator_table(query=ReportQuery(period, "total", g), scope=everything)
                  for g in GROUPINGS}  # fmt: skip
        return exports.xlsx_export(tables=tables)

    def growth():
        return selectors.growth_report(period=period, grouping="site", metric="reader_visits", scope=everything)[
            "groups"
        ]

    def trip_page():
        return selectors.trip_page(period=period, scope=everything, page=100, page_size=500)["rows"]

    def form():
        return form01.form01_data(period=period, scope=everything, today=period.end, trip_page=1)["points"]

    def reference():
        # A fixed query, to read the others against: one pass over the two years' planned visits.
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*), sum(distance_m), sum(position) FROM tours_plannedvisit")
            return cursor.fetchall()

    rows = [
        _timed(REFERENCE, reference),
        _timed("yearly totals (whole network)", table("total", "total")),
        _timed("yearly report by month", table("month", "total")),
        _timed("yearly report by quarter × commune", table("quarter", "commune")),
        _timed("yearly report by site", table("total", "site")),
        _timed("yearly report by site kind × month", table("month", "site_kind")),
        _timed("yearly report by vehicle × month", table("month", "vehicle")),
        _timed("yearly report by trip, one page of 500", trip_page),
        _timed("Form 01 page (500 trips, every site)", form),
        _timed("one school's yearly report by month", table("month", "total", school)),
        _timed("growth by site against last year", growth),
    ]
    if export:
        rows.append(_timed("XLSX workbook (6 sheets, whole year)", workbook))
    return rows
