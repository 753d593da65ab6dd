"""Daily figures: the summable part of every report aggregate, per day, site, bus and trip (``DayFigures``), and
the same added up per month and site or bus (``MonthFigures``), so that a year's report sums some fifty thousand rows
of one table instead of joining a million records.

A day's rows are computed from the same sources, paths and aggregates as the reports over the records
(``sources.SOURCES``), each record placed on its own source's date (a visit on its trip's day, a loan on the day it
was lent, and again on the day it is due). Any write to those records marks its days stale in its own transaction
(``receivers``); ``report_days_refresh`` computes stale days again after the commit (``tasks``), and reports refresh
what is still stale before they read, so a report never reads a day older than its records. What cannot be summed
from days (regular readers: each person once over the whole period) is not kept here.
"""

import datetime
import logging
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from .models import DayFigures, Figures, MonthFigures, StaleDay
from .sources import (
    ACQUISITIONS,
    COLLECTIONS,
    DEPOSITS,
    LOANS,
    NEW_READERS,
    OVERDUE,
    RETURNS,
    ROUTES,
    ROUTES_MADE,
    VISITS,
    Source,
)

logger = logging.getLogger(__name__)
LOCK_NAMESPACE = 170801  # advisory locks of PostgreSQL: (this, day ordinal) while a day is being computed


def _visit_columns() -> dict:
    # The visits' aggregates as a site's report counts them; the trips and distance per site follow from them.
    metrics = VISITS.metrics("site")
    del metrics["trips_planned"], metrics["trips_made"]
    metrics["leg_distance_m"] = metrics.pop("distance_m")
    return metrics


def _overdue_columns() -> dict:
    # Overdue depends on today for loans still out: keep them apart, the reader compares their day with today.
    return {
        "loans_due": Count("id"),
        "due_returned_late": Count("id", filter=Q(returned_at__date__gt=F("due_on"))),
        "due_still_out": Count("id", filter=Q(returned_at__isnull=True)),
    }


def _renamed(metrics: dict, names: dict) -> dict:
    return {names.get(name, name): aggregate for name, aggregate in metrics.items()}


# Each source with the columns of DayFigures it fills.
PARTS: list[tuple[Source, Callable[[], dict]]] = [
    (VISITS, _visit_columns),
    (ROUTES, lambda: ROUTES.metrics("trip")),
    (ROUTES_MADE, lambda: _renamed(ROUTES_MADE.metrics("trip"), {"distance_m": "trip_distance_m"})),
    (LOANS, lambda: LOANS.metrics("total")),
    (OVERDUE, _overdue_columns),
    (RETURNS, lambda: RETURNS.metrics("total")),
    (DEPOSITS, lambda: DEPOSITS.metrics("total")),
    (COLLECTIONS, lambda: COLLECTIONS.metrics("total")),
    (NEW_READERS, lambda: NEW_READERS.metrics("total")),
    (ACQUISITIONS, lambda: {"acquisitions": Count("id"), **ACQUISITIONS.metrics("total")}),
]
# The column that counts a source's records: a group has a row in a report when one of these is not zero.
PRESENCE = {
    "visits": "visits_planned",
    "routes": "trips_planned",
    "routes_made": "trips_made",
    "loans": "loans",
    "overdue": "loans_due",
    "returns": "returns",
    "deposits": "collections_deposited",
    "collections": "collections_collected",
    "new_readers": "new_readers",
    "acquisitions": "acquisitions",
}


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _spans(dates: list[datetime.date]) -> list[tuple[datetime.date, datetime.date]]:
    """Sorted days as runs of consecutive days (a year rebuilt is one range, not 365 values)."""
    spans: list[list[datetime.date]] = []
    for day in dates:
        if spans and day == spans[-1][1] + datetime.timedelta(days=1):
            spans[-1][1] = day
        else:
            spans.append([day, day])
    return [(first, last) for first, last in spans]


def _on_days(source: Source, qs: QuerySet, dates: list[datetime.date]) -> QuerySet:
    wanted = Q()
    for first, last in _spans(dates):
        if source.is_datetime:
            after = _midnight(last + datetime.timedelta(days=1))
            wanted |= Q(**{f"{source.date}__gte": _midnight(first), f"{source.date}__lt": after})
        else:
            wanted |= Q(**{f"{source.date}__range": (first, last)})
    return qs.filter(wanted)


def _path_id(path: str | None):
    if path is None:
        return Value(None, output_field=IntegerField())
    return F(f"{path}__id" if path else "id")


def _day_of(source: Source):
    if source.is_datetime:
        return TruncDate(source.date, tzinfo=timezone.get_current_timezone())
    return F(source.date)


KEYS = ("d_date", "d_site", "d_vehicle", "d_trip")
FIGURES = [field.column for field in Figures._meta.concrete_fields if field.column != "id"]


def _source_query(source: Source, columns: dict, dates: list[datetime.date]) -> tuple[str, list]:
    qs = (
        _on_days(source, source.queryset(), dates)
        .annotate(
            d_date=_day_of(source),
            d_site=_path_id(source.site),
            d_vehicle=_path_id(source.vehicle),
            d_trip=_path_id(source.trip),
        )
        .values(*KEYS)
        .annotate(**columns)
        .order_by()
    )
    return qs.query.sql_with_params()


def _insert_computed(dates: list[datetime.date]) -> int:
    """Write the rows of ``dates``, computed from the records: one GROUP BY per source, merged by day, site, bus and
    trip, all in one INSERT … SELECT (a year is a million records: they never come through Python)."""
    names = FIGURES
    quote = connection.ops.quote_name
    parts, params = [], []
    for source, columns in PARTS:
        filled = columns()
        sql, part_params = _source_query(source, filled, dates)
        # Ids a source has none of are NULL literals, which a subquery types as text: cast them all alike.
        fields = [quote("d_date")] + [f"CAST({quote(key)} AS BIGINT) AS {quote(key)}" for key in KEYS[1:]]
        for name in names:
            value = quote(name) if name in filled else "NULL" if name == "time_at_sites" else "0"
            fields.append(f"{value} AS {quote(name)}")
        parts.append(f"SELECT {', '.join(fields)} FROM ({sql}) AS part")  # noqa: S608 -- names and SQL of our own
        params += part_params
    merged = ", ".join(
        f"SUM({quote(name)})" if name == "time_at_sites" else f"COALESCE(SUM({quote(name)}), 0)" for name in names
    )
    keys = ", ".join(quote(key) for key in KEYS)
    table = quote(DayFigures._meta.db_table)
    columns = ", ".join(quote(c) for c in ["date", "site_id", "vehicle_id", "trip_id", *names])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {keys}, {merged} FROM ({' UNION ALL '.join(parts)}) AS parts"
            f" GROUP BY {keys}",
            params,
        )
        return cursor.rowcount


def _insert_months(dates: list[datetime.date]) -> None:
    """Add up again the months of ``dates``, per site and per bus, from their days."""
    months = sorted({day.replace(day=1) for day in dates})
    MonthFigures.objects.filter(month__in=months).delete()
    in_months = Q()
    for first, last in _spans(months):
        after = (last + datetime.timedelta(days=32)).replace(day=1)
        in_months |= Q(date__gte=first, date__lt=after)
    quote = connection.ops.quote_name
    table = quote(MonthFigures._meta.db_table)
    columns = ", ".join(quote(c) for c in ["month", "by", "site_id", "vehicle_id", *FIGURES])
    sums = ", ".join(quote(name) for name in FIGURES)
    for by, key in (("site", "site_id"), ("vehicle", "vehicle_id")):
        sql, params = (
            DayFigures.objects.filter(in_months)
            .annotate(m_month=TruncMonth("date"), m_key=F(key))
            .values("m_month", "m_key")
            .annotate(**{name: Sum(name) for name in FIGURES})
            .order_by()
            .query.sql_with_params()
        )
        site, vehicle = ('"m_key"', "NULL") if by == "site" else ("NULL", '"m_key"')
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {quote('m_month')}, %s, {site}, {vehicle}, {sums}"  # noqa: S608
                f" FROM ({sql}) AS days",
                [by, *params],
            )


def _lock(dates: list[datetime.date]) -> None:
    """One computation of a day, and of a month, at a time (two at once would both delete, then both insert): the
    days' locks first, then their months', each in order, so that two computations never wait for each other."""
    if connection.vendor == "postgresql":
        months = sorted({day.replace(day=1) for day in dates})
        with connection.cursor() as cursor:
            for namespace, days in ((LOCK_NAMESPACE, dates), (LOCK_NAMESPACE + 1, months)):
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, d) FROM unnest(%s::int[]) AS d ORDER BY d",
                    [namespace, [day.toordinal() for day in days]],
                )


def report_days_refresh(*, dates: Iterable[datetime.date]) -> int:
    """Compute the figures of ``dates`` again from the records (idempotent); returns the rows written.

    The stale marks are cleared before the records are read: a write committed meanwhile marks its day again.
    """
    dates = sorted({as_day(day) for day in dates} - {None})
    if not dates:
        return 0
    with transaction.atomic():
        _lock(dates)
        StaleDay.objects.filter(date__in=dates).delete()
        DayFigures.objects.filter(date__in=dates).delete()
        rows = _insert_computed(dates)
        _insert_months(dates)
    return rows


def report_days_mark_stale(*, dates: Iterable[datetime.date]) -> None:
    """Mark days whose records the current transaction changed. An upsert, not "insert if missing": a refresh
    running meanwhile waits for this transaction, so it either sees these records or leaves the mark."""
    days = {as_day(day) for day in dates} - {None}
    marks = [StaleDay(date=day, marked_at=timezone.now()) for day in days]
    if marks:
        StaleDay.objects.bulk_create(marks, update_conflicts=True, unique_fields=["date"], update_fields=["marked_at"])


def report_days_refresh_stale() -> int:
    """Compute every day marked stale; returns the rows written."""
    dates = list(StaleDay.objects.values_list("date", flat=True))
    return report_days_refresh(dates=dates) if dates else 0


def report_days_refresh_stale_quietly() -> None:
    """After a commit: a failure leaves the days marked, and the next report computes them."""
    try:
        report_days_refresh_stale()
    except Exception:
        logger.exception("Daily report figures not refreshed; the next report will refresh them")


def as_day(value) -> datetime.date | None:
    return value.date() if isinstance(value, datetime.datetime) else value


def _record_days() -> list[datetime.date]:
    days: set[datetime.date] = set()
    for source, _columns in PARTS:
        found = source.queryset().annotate(d=_day_of(source)).values_list("d", flat=True).distinct().order_by()
        days.update(as_day(day) for day in found)
    return sorted(day for day in days if day is not None)


def report_days_rebuild() -> dict:
    """Compute every day that has records, and drop the rows of days that no longer have any."""
    days = _record_days()
    with transaction.atomic():
        _lock(days)
        StaleDay.objects.all().delete()
        DayFigures.objects.all().delete()
        MonthFigures.objects.all().delete()
        rows = _insert_computed(days) if days else 0
        if days:
            _insert_months(days)
    return {"days": len(days), "rows": rows}
