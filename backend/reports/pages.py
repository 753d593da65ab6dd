"""What the dashboard and the printable yearly report show, gathered from the selectors (reads only)."""

import datetime

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from backend.planning.models import Plan, PlanStatus

from . import charts, completeness, selectors
from .deadlines import deadline_calendar
from .exports import SITE_KIND_LABELS
from .indicators import BY_KEY, INDICATORS
from .models import YearPlan, YearPlanStatus
from .periods import Period, ReportQuery, year_period
from .year_plan import year_plan_progress

KEY_FIGURES = ["reader_visits", "visits_made", "trips_made", "new_readers", "loans", "km", "hours_at_sites"]
DASHBOARD_METRIC = "reader_visits"


def _figure(key: str, current: dict, previous: dict, rate: float) -> dict:
    now, before = current[key], previous[key]
    return {
        "key": key,
        "label": BY_KEY[key].label(),
        "decimals": BY_KEY[key].decimals,
        "value": now,
        "previous": before,
        "growth_pct": round(100 * (now - before) / before, 1) if before else None,
        "on_track": now >= before * (1 + rate) if before else None,
    }


def _chart(period: Period, scope, metric: str) -> tuple[list[dict], str]:
    months = selectors.monthly_series(period=period, metric=metric, scope=scope)
    label = BY_KEY[metric].label()
    svg = charts.monthly_chart_svg(
        months,
        charts.ChartLabels(
            title=_("%(metric)s per month against the target") % {"metric": label},
            value=label,
            previous=_("same month last year"),
            target=_("target (+%(pct)s %% a year)") % {"pct": round(100 * selectors.growth_target())},
        ),
    )
    return months, svg


def dashboard_data(*, scope, today: datetime.date, year: int | None = None) -> dict:
    """Key figures of the year to date against the same dates last year, the monthly chart, sites falling behind,
    this year's event figures and links."""
    year = year or today.year
    whole_year = year_period(year)
    to_date = Period(whole_year.start, min(whole_year.end, today)) if year == today.year else whole_year
    rate = selectors.growth_target()
    current = selectors.indicator_totals(period=to_date, scope=scope)
    previous = selectors.indicator_totals(period=to_date.year_before(), scope=scope)
    months, svg = _chart(whole_year, scope, DASHBOARD_METRIC)
    growth = selectors.growth_report(period=to_date, grouping="site", metric=DASHBOARD_METRIC, scope=scope)
    return {
        "year": year,
        "period": to_date,
        "figures": [_figure(k, current, previous, rate) for k in KEY_FIGURES],
        "chart_svg": svg,
        "months": months,
        "behind": [g for g in growth["groups"] if g["on_track"] is False][:15],
        "overall": growth["overall"],
        "metric_label": BY_KEY[DASHBOARD_METRIC].label(),
        "target_pct": round(100 * rate),
        "events": [_event_summary(e, year, scope) for e in selectors.EVENTS],
        "latest_plan": Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-published_at", "-id").first(),
        "notes": completeness.period_notes(period=whole_year, scope=scope, today=today),
        "deadlines": deadline_calendar(today=today),
        "year_plan": _year_plan_progress(year, scope, today),
    }


def _year_plan_progress(year: int, scope, today: datetime.date) -> dict | None:
    plan = YearPlan.objects.filter(year=year, status=YearPlanStatus.APPROVED).first()
    return year_plan_progress(plan=plan, scope=scope, today=today) if plan else None


EVENT_NAMES = {
    "book_day": ("Ngày Sách và Văn hóa đọc Việt Nam (21/4)", "Book and Reading Culture Day (21/4)"),
    "lifelong_learning_week": ("Tuần lễ hưởng ứng học tập suốt đời (từ 1/10)", "Lifelong Learning Week (from 1/10)"),
}


def event_name(event: str) -> str:
    vi, en = EVENT_NAMES[event]
    return en if (get_language() or "vi").startswith("en") else vi


def _event_summary(event: str, year: int, scope) -> dict:
    period = selectors.event_period(event=event, year=year)
    totals = selectors.indicator_totals(period=period, scope=scope)
    before = selectors.indicator_totals(period=selectors.event_period(event=event, year=year - 1), scope=scope)
    return {"event": event, "name": event_name(event), "period": period, "totals": totals, "previous": before}


def _labelled(rows: list[dict], grouping: str) -> list[dict]:
    if grouping == "site_kind":
        en = (get_language() or "vi").startswith("en")
        for row in rows:
            pair = SITE_KIND_LABELS.get(row["group"])
            row["group"] = (pair[1] if en else pair[0]) if pair else row["group"]
    return rows


def yearly_report_data(*, scope, year: int, sector: bool, today: datetime.date | None = None) -> dict:
    """Everything the yearly report prints: totals against last year, months, places, vehicles, growth per site,
    skip reasons and the two events."""
    period = year_period(year, sector=sector)
    rate = selectors.growth_target()
    current = selectors.indicator_totals(period=period, scope=scope)
    previous = selectors.indicator_totals(period=period.year_before(), scope=scope)
    monthly = selectors.indicator_table(query=ReportQuery(period, "month", "total"), scope=scope)
    tables = {
        g: _labelled(selectors.indicator_table(query=ReportQuery(period, "total", g), scope=scope), g)
        for g in ("commune", "site_kind", "vehicle")
    }
    months, svg = _chart(period, scope, DASHBOARD_METRIC)
    return {
        "year": year,
        "sector": sector,
        "period": period,
        "previous_period": period.year_before(),
        "indicators": INDICATORS,
        "totals": [_figure(i.key, current, previous, rate) for i in INDICATORS],
        "months": [r["period_start"] for r in monthly],
        # One row per indicator, one column per month: twelve months fit a printed page across, twenty columns don't.
        "monthly": [
            {"label": i.label(), "values": [r[i.key] for r in monthly], "total": current[i.key], "decimals": i.decimals}
            for i in INDICATORS
        ],  # fmt: skip
        "tables": tables,
        "chart_svg": svg,
        "growth": selectors.growth_report(period=period, grouping="site", metric=DASHBOARD_METRIC, scope=scope),
        "skips": selectors.skip_reasons(period=period, scope=scope),
        "events": [_event_summary(e, year, scope) for e in selectors.EVENTS],
        "target_pct": round(100 * rate),
        "notes": completeness.period_notes(period=period, scope=scope, today=today or datetime.date.today()),
    }
