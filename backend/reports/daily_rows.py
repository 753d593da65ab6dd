"""Report rows from the daily figures: the same buckets, groups and aggregates as the GROUP BY of each source over
the records (``selectors``), in one query over ``DayFigures``. A group has a row when the sources the report asks
for have records in it, as over the records; each aggregate is summed from the column its source fills."""

import datetime

from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Trunc
from django.utils import timezone

from .daily import PRESENCE, report_days_refresh_stale
from .grouping import group_key
from .models import DayFigures, MonthFigures
from .periods import Period, ReportQuery
from .sources import SOURCES, Source

DAY_FIGURES = Source(
    name="day_figures",
    queryset=lambda: DayFigures.objects.all(),
    date="date",
    is_datetime=False,
    site="site",
    vehicle="vehicle",
    trip="trip",
    metrics=lambda grouping: {},
)
MONTH_FIGURES = Source(
    name="month_figures",
    queryset=lambda: MonthFigures.objects.all(),
    date="month",
    is_datetime=False,
    site="site",
    vehicle="vehicle",
    trip=None,
    metrics=lambda grouping: {},
)
_NOT_FROM_MONTHS = {
    "commune": ("trips_planned", "trips_made"),
    "site_kind": ("trips_planned", "trips_made"),
}
# Aggregates computed over the records, not from days: readers counted once over the whole bucket.
NOT_FROM_DAYS = frozenset({"regular_readers"})
_SITE_GROUPINGS = ("commune", "site_kind", "site")


def _aggregate(source: str, name: str, grouping: str, *, monthly: bool = False):
    """The daily figures' aggregate for ``name`` as ``source`` computes it in ``grouping``."""
    if source == "visits" and name in ("trips_planned", "trips_made"):
        counted = "visits_planned" if name == "trips_planned" else "visits_made"
        if grouping == "site":  # a trip stops once at a site
            return Sum(counted)
        return Count("trip_id", distinct=True, filter=Q(**{f"{counted}__gt": 0}))
    if source == "visits" and name == "distance_m":
        return Sum("leg_distance_m")
    if source == "routes_made" and name == "distance_m":
        return Sum("trip_distance_m")
    if source == "overdue":
        # Returned late, or still out and due before today (for a month's figures: due in a month before this one,
        # the days of this month before today are added from the daily figures).
        today = timezone.localdate()
        before = Q(month__lt=today.replace(day=1)) if monthly else Q(date__lt=today)
        return Sum(F("due_returned_late") + Case(When(before, then=F("due_still_out")), default=Value(0)))
    return Sum(name)


def _presence(columns: list[str]):
    total = F(columns[0])
    for column in columns[1:]:
        total = total + F(column)
    return Sum(total)


def _rows(qs, date_field: str, source: Source, query: ReportQuery, metrics: dict, presence: list[str]) -> list[dict]:
    bucket = Value(query.period.start) if query.step == "total" else Trunc(date_field, query.step)
    rows = (
        qs.annotate(r_bucket=bucket, r_key=group_key(source, query.grouping))
        .values("r_bucket", "r_key")
        # Aggregates named apart from the columns (reader visits is both a column and an aggregate of columns).
        .annotate(**{f"m_{name}": aggregate for name, aggregate in metrics.items()}, r_present=_presence(presence))
        .filter(r_present__gt=0)
        .order_by()
    )
    return [
        {"r_bucket": row["r_bucket"], "r_key": row["r_key"], **{name: row[f"m_{name}"] for name in metrics}}
        for row in rows
    ]


def _whole_months(period: Period) -> tuple[tuple[datetime.date, datetime.date] | None, list[tuple]]:
    """The first days of the period's first and last whole months (None: it has none), and the spans of days
    before and after them."""
    first = period.start if period.start.day == 1 else (period.start + datetime.timedelta(days=32)).replace(day=1)
    after_end = period.end + datetime.timedelta(days=1)
    last_end = period.end if after_end.day == 1 else period.end.replace(day=1) - datetime.timedelta(days=1)
    if first > last_end:
        return None, [(period.start, period.end)]
    edges = []
    if period.start < first:
        edges.append((period.start, first - datetime.timedelta(days=1)))
    if last_end < period.end:
        edges.append((last_end + datetime.timedelta(days=1), period.end))
    return (first, last_end.replace(day=1)), edges


def _in_spans(spans: list[tuple]) -> Q:
    wanted = Q(pk__in=[])
    for first, last in spans:
        wanted |= Q(date__range=(first, last))
    return wanted


def daily_source_rows(query: ReportQuery, vehicle_ids: tuple[int, ...] | None) -> list[dict]:
    """Rows ``r_bucket``, ``r_key`` and the aggregates, for the whole network or some vehicles' trips: whole months
    from the monthly figures, the days before and after them from the daily ones."""
    metrics, presence = {}, []
    for source in SOURCES:
        if source.name not in PRESENCE or not source.supports(query.grouping):
            continue  # a source the days do not hold is read over its records (selectors)
        names = set(source.metrics(query.grouping))
        if source.bucket_metrics is not None:
            names |= NOT_FROM_DAYS
        if query.only is not None:
            names &= query.only
        if not names:
            continue
        presence.append(PRESENCE[source.name])
        for name in names - NOT_FROM_DAYS:
            metrics[name] = _aggregate(source.name, name, query.grouping)
    if not presence:
        return []
    days = DayFigures.objects.all()
    if vehicle_ids is not None or query.grouping == "trip" or query.trip_ids is not None:
        # A crew's or a page of trips' figures: few days rows (by bus, or by trip).
        if vehicle_ids is not None:
            days = days.filter(vehicle_id__in=vehicle_ids)
        if query.trip_ids is not None:
            days = days.filter(trip_id__in=query.trip_ids)
        days = days.filter(date__range=(query.period.start, query.period.end))
        return _rows(days, "date", DAY_FIGURES, query, metrics, presence)
    # What months cannot give: trips counted once per commune or kind of site.
    over_days = {name: metrics.pop(name) for name in _NOT_FROM_MONTHS.get(query.grouping, ()) if name in metrics}
    months, edges = _whole_months(query.period)
    rows = []
    if months is not None:
        by = "vehicle" if query.grouping == "vehicle" else "site"
        monthly = MonthFigures.objects.filter(by=by, month__range=months)
        if "overdue_loans" in metrics:
            metrics_by_month = {**metrics, "overdue_loans": _aggregate("overdue", "overdue_loans", "", monthly=True)}
        rows += _rows(monthly, "month", MONTH_FIGURES, query, metrics_by_month if "overdue_loans" in metrics
                      else metrics, presence)  # fmt: skip
        this_month = timezone.localdate().replace(day=1)
        if "overdue_loans" in metrics and months[0] <= this_month <= months[1]:
            still_out = Sum(Case(When(date__lt=timezone.localdate(), then=F("due_still_out")), default=Value(0)))
            this = days.filter(date__gte=this_month, date__lt=(this_month + datetime.timedelta(days=32)).replace(day=1))
            rows += _rows(this, "date", DAY_FIGURES, query, {"overdue_loans": still_out}, ["loans_due"])
    if edges:
        rows += _rows(days.filter(_in_spans(edges)), "date", DAY_FIGURES, query, metrics, presence)
    if over_days:
        # Only the rows of visits (a third of the days' rows): a trip is counted where it stops.
        period = days.filter(date__range=(query.period.start, query.period.end), visits_planned__gt=0)
        rows += _rows(period, "date", DAY_FIGURES, query, over_days, ["visits_planned"])
    return rows


def daily_months_with_service(period: Period, vehicle_ids: tuple[int, ...] | None) -> set[datetime.date]:
    """First days of the months of ``period`` with a stop made: from the monthly figures for whole months of the
    network, from the days otherwise."""
    report_days_refresh_stale()
    months, edges = _whole_months(period)
    days = DayFigures.objects.filter(visits_made__gt=0)
    if vehicle_ids is not None:
        days, months, edges = days.filter(vehicle_id__in=vehicle_ids), None, [(period.start, period.end)]
    found = set()
    if months is not None:
        monthly = MonthFigures.objects.filter(by="site", month__range=months, visits_made__gt=0)
        found |= set(monthly.values_list("month", flat=True).distinct().order_by())
    if edges:
        in_edges = days.filter(_in_spans(edges)).annotate(m=Trunc("date", "month"))
        found |= set(in_edges.values_list("m", flat=True).distinct().order_by())
    return found
