"""The yearly plan: approving it, the dates of each point's sessions, the schedule per commune that is sent to the
communes and schools, and the year to date measured against it."""

import calendar
import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.exceptions import ConflictError
from backend.outreach.selectors import events_of_year
from backend.places.models import OpeningWindow

from . import selectors
from .models import YearPlan, YearPlanPoint, YearPlanStatus
from .periods import Period, year_period


class YearPlanNotDraftError(ConflictError):
    code = "year_plan_not_draft"


@transaction.atomic
def year_plan_approve(*, plan: YearPlan, by) -> YearPlan:
    """Approve a draft plan with at least one point (409 otherwise)."""
    plan = YearPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != YearPlanStatus.DRAFT:
        raise YearPlanNotDraftError(_("Only a draft plan can be approved."))
    if not plan.points.exists():
        raise YearPlanNotDraftError(_("A plan needs at least one point before it is approved."))
    plan.status, plan.approved_by, plan.approved_at = YearPlanStatus.APPROVED, by, timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return plan


def session_dates(*, year: int, months: list[int], sessions_per_month: int, weekday: int) -> list[datetime.date]:
    """The planned dates: in each month, ``sessions_per_month`` of the site's weekdays spread over the month (one: the
    first; two: the first and third; three: first, second and fourth; four: the first four)."""
    dates = []
    for month in sorted(set(months)):
        days = [
            datetime.date(year, month, d)
            for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if datetime.date(year, month, d).weekday() == weekday
        ]
        picks = sorted({min(len(days) - 1, round(i * 4 / sessions_per_month)) for i in range(sessions_per_month)})
        dates += [days[i] for i in picks]
    return dates


def _site_weekdays(site_ids) -> dict[int, int]:
    """Each site's first opening weekday (Monday when it has no window)."""
    rows = OpeningWindow.objects.filter(site_id__in=site_ids).values("site_id").annotate(day=Min("weekday"))
    return {r["site_id"]: r["day"] for r in rows}


def year_plan_schedule(*, plan: YearPlan, commune_id: int | None = None) -> list[dict]:
    """Per commune (by name), its points (by name) with their sessions a month, months and dates."""
    points = YearPlanPoint.objects.filter(plan=plan).select_related("site__commune")
    if commune_id is not None:
        points = points.filter(site__commune_id=commune_id)
    points = list(points)
    weekdays = _site_weekdays([p.site_id for p in points])
    communes: dict[int, dict] = {}
    grouped = defaultdict(list)
    for point in points:
        commune = point.site.commune
        communes[commune.id] = {"id": commune.id, "name": commune.name}
        dates = session_dates(year=plan.year, months=point.months, sessions_per_month=point.sessions_per_month,
                              weekday=weekdays.get(point.site_id, 0))  # fmt: skip
        grouped[commune.id].append({"site": point.site.name, "address": point.site.address,
                                    "sessions_per_month": point.sessions_per_month,
                                    "months": sorted(point.months), "dates": dates})  # fmt: skip
    return [
        {**communes[cid], "points": sorted(grouped[cid], key=lambda p: p["site"])}
        for cid in sorted(communes, key=lambda cid: communes[cid]["name"])
    ]


def year_plan_events(*, plan: YearPlan) -> list:
    """The events of the plan's year (Book Day, Lifelong Learning Week…), in date order, with their points."""
    return events_of_year(plan.year)


def year_plan_progress(*, plan: YearPlan, scope, today: datetime.date) -> dict:
    """The year to date against the plan: sessions planned (in all and to date) and made, reader visits against
    last year × (1 + the plan's growth target)."""
    schedule = year_plan_schedule(plan=plan)
    dates = [d for commune in schedule for point in commune["points"] for d in point["dates"]]
    whole = year_period(plan.year)
    to_date = Period(whole.start, min(whole.end, today - datetime.timedelta(days=1)))
    current = selectors.indicator_totals(period=to_date, scope=scope) if to_date.end >= to_date.start else None
    previous = selectors.indicator_totals(period=to_date.year_before(), scope=scope)
    made = current["visits_made"] if current else 0
    readers = current["reader_visits"] if current else 0
    target = round(previous["reader_visits"] * (1 + float(plan.reader_visit_growth_pct) / 100))
    planned_to_date = sum(1 for d in dates if d <= to_date.end)
    return {
        "plan": plan,
        "sessions_planned": len(dates),
        "sessions_planned_to_date": planned_to_date,
        "sessions_made": made,
        "sessions_pct": round(100 * made / planned_to_date, 1) if planned_to_date else None,
        "reader_visits": readers,
        "reader_visits_target": target,
        "reader_visits_pct": round(100 * readers / target, 1) if target else None,
        "copies_added": (current["copies_purchased"] + current["copies_donated"]) if current else 0,
        "copies_to_add": plan.copies_to_add,
    }
