"""Report reads: indicators per period and group, growth against last year and the target, skip reasons, event
reports. Every figure is a GROUP BY in the database (one query per source); Python only merges the few result rows.

Visibility: coordinators and administrators see everything, a driver-librarian the trips of the vehicles they crew,
a school contact their own school's sites.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf, Trunc
from django.utils import timezone

from backend.accounts.models import User
from backend.places.models import CrewAssignment, ServiceSite
from backend.planning.models import PlannedVisit, SkipCause

from .daily import PRESENCE, report_days_refresh_stale
from .daily_rows import NOT_FROM_DAYS, daily_source_rows
from .grouping import as_date as _as_date
from .grouping import bucket_label
from .grouping import group_key as _group_key
from .grouping import group_labels as _labels
from .grouping import join as _join
from .indicators import BY_KEY, finish_row, raw_keys
from .periods import Period, ReportQuery, shift_years
from .sources import LOANS, ROUTES, SOURCES, VISITS, Source

UNASSIGNED = "—"


@dataclass(frozen=True)
class ReportScope:
    """What a user may count: everything, some vehicles' trips, or one school's sites."""

    vehicle_ids: tuple[int, ...] | None = None
    school_id: int | None = None
    nothing: bool = False

    @property
    def everything(self) -> bool:
        return self.vehicle_ids is None and self.school_id is None and not self.nothing


def report_scope_for(*, user: User) -> ReportScope:
    """The scope of a signed-in user's reports."""
    if user.is_coordinator:
        return ReportScope()
    if user.is_driver_librarian:
        ids = CrewAssignment.objects.filter(user=user).values_list("vehicle_id", flat=True)
        return ReportScope(vehicle_ids=tuple(sorted(ids)))
    if user.is_school_contact and user.school_id:
        return ReportScope(school_id=user.school_id)
    return ReportScope(nothing=True)


def _scoped(source: Source, qs: QuerySet, scope: ReportScope) -> QuerySet | None:
    if scope.nothing:
        return None
    if scope.vehicle_ids is not None:
        if source.vehicle is None:
            return None
        return qs.filter(**{_join(source.vehicle, "id__in"): scope.vehicle_ids})
    if scope.school_id is not None:
        if source.site is None and source.trip == "":
            # Rows that are trips: a school sees the trips that stop at its sites.
            visiting = PlannedVisit.objects.filter(site__school_id=scope.school_id).values("route_id")
            return qs.filter(id__in=visiting)
        if source.site is None:
            return None
        return qs.filter(**{_join(source.site, "school_id"): scope.school_id})
    return qs


def _in_period(source: Source, qs: QuerySet, period: Period) -> QuerySet:
    if source.is_datetime:
        # From local midnight to local midnight: a plain range the planner estimates well (a cast to date is not).
        first, after = _midnight(period.start), _midnight(period.end + datetime.timedelta(days=1))
        return qs.filter(**{f"{source.date}__gte": first, f"{source.date}__lt": after})
    return qs.filter(**{f"{source.date}__range": (period.start, period.end)})


def _source_rows(source: Source, query: ReportQuery, scope: ReportScope) -> list[dict]:
    qs = _scoped(source, source.queryset(), scope)
    if qs is None:
        return []
    if query.trip_ids is not None:
        qs = qs.filter(**{_join(source.trip, "id__in"): query.trip_ids})
    key = _group_key(source, query.grouping)
    bucket = Value(query.period.start) if query.step == "total" else _trunc(source, query.step)
    metrics = source.metrics(query.grouping)
    if source.bucket_metrics is not None:
        first = Value(_midnight(query.period.start)) if query.step == "total" else _trunc(source, query.step)
        metrics |= source.bucket_metrics(first)
    if query.only is not None:
        # A growth table or a chart needs one indicator: the other aggregates (and the sources with none of it)
        # are not computed at all.
        metrics = {name: aggregate for name, aggregate in metrics.items() if name in query.only}
        if not metrics:
            return []
    return list(
        _in_period(source, qs, query.period)
        .annotate(r_bucket=bucket, r_key=key)
        .values("r_bucket", "r_key")
        .annotate(**metrics)
        .order_by()
    )


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _trunc(source: Source, step: str):
    if source.is_datetime:
        return Trunc(source.date, step, tzinfo=timezone.get_current_timezone())
    return Trunc(source.date, step)


def reads_daily_figures(scope: ReportScope) -> bool:
    """Whether a scope's reports sum the daily figures: the network's and a crew's. A school's few sites are
    counted over the records (its rows are few, and its trips are those that stop at its sites)."""
    return settings.BOOKBUS["REPORT_DAILY_FIGURES"] and scope.school_id is None and not scope.nothing


@transaction.atomic
def _all_source_rows(query: ReportQuery, scope: ReportScope) -> list[dict]:
    """The daily figures' rows (stale days computed first) and the aggregates that days cannot give, or one
    aggregate query per source over the records. PostgreSQL's JIT compiler spends longer compiling these one-off
    scans than running them (half a second of a 1.4 s query over a million rows), so it is off for them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    if reads_daily_figures(scope):
        report_days_refresh_stale()
        rows = daily_source_rows(query, scope.vehicle_ids)
        wanted = NOT_FROM_DAYS if query.only is None else NOT_FROM_DAYS & query.only
        if wanted and LOANS.supports(query.grouping):
            rows += _source_rows(LOANS, replace(query, only=wanted), scope)
        for source in SOURCES:  # the few records the days do not hold (events): read as they are
            if source.name not in PRESENCE and source.supports(query.grouping):
                rows += _source_rows(source, query, scope)
        return rows
    rows = []
    for source in SOURCES:
        if source.supports(query.grouping):
            rows += _source_rows(source, query, scope)
    return rows


def indicator_table(*, query: ReportQuery, scope: ReportScope) -> list[dict]:
    """Every indicator per period bucket and group, sorted by bucket then group label.

    Each row: ``period`` (e.g. "2026-03", "2026-Q1", "2026"), ``period_start``, ``group_key``, ``group`` (label)
    and one value per indicator key (``indicators.INDICATORS``). Rows that belong to no group of the kind asked
    for (a purchase has no site) are gathered under the label "—".
    """
    merged: dict[tuple, dict] = defaultdict(dict)
    for row in _all_source_rows(query, scope):
        start = _as_date(row.pop("r_bucket"))
        key = row.pop("r_key")
        target = merged[(start, key)]
        for name, value in row.items():
            if isinstance(value, datetime.timedelta):
                value = value.total_seconds()
            if value is not None:
                target[name] = (target.get(name) or 0) + value
    labels = _labels(query.grouping, {key for _, key in merged})
    rows = []
    for (start, key), values in merged.items():
        row = {
            "period": bucket_label(start, query.step, query.period),
            "period_start": start,
            "group_key": "" if key is None else str(key),
            "group": UNASSIGNED if key is None else str(labels.get(key, key)) if query.grouping != "total" else "",
        }
        row.update(finish_row(values))
        rows.append(row)
    rows.sort(key=lambda r: (r["period_start"], r["group"] == UNASSIGNED, r["group"]))
    return rows


def trip_page(*, period: Period, scope: ReportScope, page: int = 1, page_size: int = 500) -> dict:
    """One page of the report by trip: the scope's published trips in ``period`` by date and plate, each with
    every indicator. Returns ``rows`` (as ``indicator_table``), ``count`` (trips in all), ``page`` and ``pages``."""
    trips = _scoped(ROUTES, ROUTES.queryset(), scope)
    if trips is None:
        return {"rows": [], "count": 0, "page": 1, "pages": 1}
    trips = _in_period(ROUTES, trips, period)
    count = trips.count()
    pages = max(1, -(-count // page_size))
    page = min(max(1, page), pages)
    ordered = trips.order_by("date", "vehicle__plate_number", "id").values_list("id", flat=True)
    ids = tuple(ordered[(page - 1) * page_size : page * page_size])
    rows = indicator_table(query=ReportQuery(period, "total", "trip", trip_ids=ids), scope=scope) if ids else []
    order = {str(pk): n for n, pk in enumerate(ids)}
    rows.sort(key=lambda r: order.get(r["group_key"], len(order)))
    return {"rows": rows, "count": count, "page": page, "pages": pages}


def _total(period: Period, metric: str, scope: ReportScope) -> float:
    rows = indicator_table(query=ReportQuery(period, "total", "total", only=raw_keys(metric)), scope=scope)
    return rows[0][metric] if rows else 0


def indicator_totals(*, period: Period, scope: ReportScope) -> dict:
    """Every indicator over the whole period, for the whole scope."""
    rows = indicator_table(query=ReportQuery(period=period, step="total", grouping="total"), scope=scope)
    return rows[0] if rows else {"group": "", **finish_row({})}


def growth_target() -> float:
    """The yearly growth the plans ask for (0.10 = +10 %/year); ``BOOKBUS["REPORT_GROWTH_TARGET"]`` overrides it."""
    return float(settings.BOOKBUS["REPORT_GROWTH_TARGET"])


def _growth_row(current: float, previous: float, target_rate: float) -> dict:
    target = previous * (1 + target_rate)
    return {
        "current": current,
        "previous": previous,
        "change": round(current - previous, 1),
        "growth_pct": round(100 * (current - previous) / previous, 1) if previous else None,
        "target": round(target, 1),
        "target_gap": round(current - target, 1),
        "on_track": current >= target if previous else None,
    }


def growth_report(*, period: Period, grouping: str, metric: str, scope: ReportScope) -> dict:
    """``metric`` in ``period`` against the same dates a year earlier and against last year × (1 + target).

    Returns ``{"overall": {...}, "groups": [...]}``; groups that fall behind the target come first (the furthest
    behind, by ratio to target, at the top), then those without last year's figure, then those on track.
    """
    rate = growth_target()
    by_period = {}
    only = raw_keys(metric)
    for name, p in (("current", period), ("previous", period.year_before())):
        table = indicator_table(query=ReportQuery(p, "total", grouping, only=only), scope=scope)
        by_period[name] = {r["group_key"]: r for r in table}
    keys = set(by_period["current"]) | set(by_period["previous"])
    groups = []
    for key in keys:
        current, previous = by_period["current"].get(key), by_period["previous"].get(key)
        label = (current or previous)["group"]
        row = _growth_row(current[metric] if current else 0, previous[metric] if previous else 0, rate)
        groups.append({"group_key": key, "group": label, **row})

    def order(row):
        if row["on_track"] is False:
            return (0, row["current"] / row["target"] if row["target"] else 0, row["group"])
        return (1 if row["on_track"] is None else 2, 0, row["group"])

    groups.sort(key=order)
    totals = [_total(p, metric, scope) for p in (period, period.year_before())]
    return {
        "metric": metric,
        "target_rate": rate,
        "period": period,
        "previous_period": period.year_before(),
        "overall": _growth_row(totals[0], totals[1], rate),
        "groups": groups,
    }


def skip_reasons(*, period: Period, scope: ReportScope, grouping: str = "total") -> list[dict]:
    """Skipped visits per cause (``SkipCause``: weather, road, vehicle, …) and group, most frequent first."""
    qs = _scoped(VISITS, VISITS.queryset().filter(status="skipped"), scope)
    if qs is None:
        return []
    key = _group_key(VISITS, grouping)
    rows = (
        _in_period(VISITS, qs, period)
        .annotate(r_key=key, cause=Coalesce(NullIf("skip_cause", Value("")), Value(SkipCause.OTHER.value)))
        .values("r_key", "cause")  # visits skipped before causes were recorded count as "other"
        .annotate(visits=Count("id"))
        .order_by("-visits", "cause")
    )
    rows = list(rows)
    labels = _labels(grouping, {r["r_key"] for r in rows})
    return [
        {
            "group_key": str(r["r_key"]),
            "group": "" if grouping == "total" else str(labels.get(r["r_key"], r["r_key"])),
            "cause": r["cause"],
            "reason": str(SkipCause(r["cause"]).label),
            "visits": r["visits"],
        }
        for r in rows
    ]


EVENTS = {
    # Vietnam Book and Reading Culture Day (21/4) with World Book Day (23/4): the fortnight the sites ask for more
    # visits (the demo's seasonal override 14–25/4); Lifelong Learning Week starts on 1/10.
    "book_day": {"start": (4, 14), "end": (4, 25)},
    "lifelong_learning_week": {"start": (10, 1), "end": (10, 7)},
}


def event_period(*, event: str, year: int) -> Period:
    """The dates of ``event`` in ``year``; ``BOOKBUS["REPORT_EVENTS"]`` may move them."""
    spans = {**EVENTS, **settings.BOOKBUS["REPORT_EVENTS"]}
    span = spans[event]
    return Period(datetime.date(year, *span["start"]), datetime.date(year, *span["end"]))


def event_report(*, event: str, year: int, scope: ReportScope) -> dict:
    """What happened during an event: totals against the same event last year, figures per site and per day."""
    period = event_period(event=event, year=year)
    previous = event_period(event=event, year=year - 1)
    return {
        "event": event,
        "year": year,
        "period": period,
        "totals": indicator_totals(period=period, scope=scope),
        "previous_totals": indicator_totals(period=previous, scope=scope),
        "sites": indicator_table(query=ReportQuery(period=period, step="total", grouping="site"), scope=scope),
        "activities": event_activities(period=period, scope=scope),
    }


def event_activities(*, period: Period, scope: ReportScope) -> list[dict]:
    """The visits made during the period, by date, with the site (and the crew's activity note when recorded)."""
    qs = _scoped(VISITS, VISITS.queryset().filter(status="done"), scope)
    if qs is None:
        return []
    qs = _in_period(VISITS, qs, period).select_related("site", "route__vehicle", "report")
    qs = qs.order_by("route__date", "starts_at")
    return [
        {
            "date": v.route.date,
            "site": v.site.name,
            "site_id": v.site_id,
            "vehicle": v.route.vehicle.plate_number,
            "note": _activity_note(v),
        }
        for v in qs
    ]


def _activity_note(visit) -> str:
    report = getattr(visit, "report", None)
    return getattr(report, "activity_note", "") or ""


def monthly_series(*, period: Period, metric: str, scope: ReportScope) -> list[dict]:
    """``metric`` per month of ``period`` with the same month a year earlier and the target (last year × 1.1)."""
    rate = growth_target()
    current = _monthly(period, metric, scope)
    previous = _monthly(period.year_before(), metric, scope)
    months = []
    month = period.start.replace(day=1)
    while month <= period.end:
        before = shift_years(month, -1)
        prev = previous.get(before, 0)
        months.append(
            {
                "month": month,
                "value": current.get(month, 0),
                "previous": prev,
                "target": round(prev * (1 + rate), 1),
            }
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _monthly(period: Period, metric: str, scope: ReportScope) -> dict:
    rows = indicator_table(query=ReportQuery(period, "month", "total", only=raw_keys(metric)), scope=scope)
    return {r["period_start"]: r[metric] for r in rows}


def site_points(*, period: Period, metric: str, scope: ReportScope, by: str) -> list[dict]:
    """``metric`` per site or commune with coordinates, for the activity map (places with nothing get zero)."""
    table = indicator_table(query=ReportQuery(period, "total", by, only=raw_keys(metric)), scope=scope)
    values = {r["group_key"]: r[metric] for r in table}
    sites = ServiceSite.objects.filter(is_active=True).select_related("commune")
    if scope.school_id is not None:
        sites = sites.filter(school_id=scope.school_id)
    points: dict[str, dict] = {}
    for site in sites:
        if by == "site":
            points[str(site.id)] = {"id": f"site:{site.id}", "name": site.name, "lat": site.latitude,
                                    "lon": site.longitude, "value": values.get(str(site.id), 0)}  # fmt: skip
        else:
            c = site.commune
            points[str(c.id)] = {"id": f"commune:{c.id}", "name": c.name, "lat": c.latitude, "lon": c.longitude,
                                 "value": values.get(str(c.id), 0)}  # fmt: skip
    return sorted(points.values(), key=lambda p: (-p["value"], p["name"]))


def metric_is_known(metric: str) -> bool:
    return metric in BY_KEY
