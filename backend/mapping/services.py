"""Rendering map pages: each returns a ``maps.MapResult`` in the user's language, with tiles from settings."""

import datetime

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

import maps
from backend.planning.models import Plan
from backend.planning.services.display import plan_display
from backend.reports.indicators import BY_KEY as INDICATORS_BY_KEY
from backend.reports.periods import Period
from backend.reports.selectors import site_points

from . import selectors


def _options() -> dict:
    return {"tile_url": settings.BOOKBUS["TILE_URL"], "messages": maps.messages_for(get_language())}


def map_plan(
    *, plan: Plan, vehicle_id: int | None = None, day: datetime.date | None = None, group_by: str = "date"
) -> maps.MapResult:
    """The plan's routes, one colour each, a layer per date (or vehicle); a draft's changes against the published
    plan marked on the date or bus shown."""
    shown = plan_display(plan=plan)
    return maps.render_plan(
        shown.plan,
        shown.problem,
        site_labels=shown.site_labels,
        vehicle_labels=shown.vehicle_labels,
        vehicle=f"vehicle:{vehicle_id}" if vehicle_id else None,
        day=day,
        group_by=group_by,
        changes=selectors.draft_changes(plan=plan, day=day, vehicle_id=vehicle_id),
        **_options(),
    )


KIND_LABELS = {
    "school": _("schools"),
    "public": _("public libraries"),
    "commune": _("cultural houses and commune libraries"),
    "learning_centre": _("community learning centres"),
    "private": _("private libraries"),
    "post_office": _("post-office cultural points"),
}


def map_coverage(*, kinds: list[str] | None = None) -> maps.MapResult:
    """Every active site coloured by days since its last real visit against its target frequency."""
    return maps.render_coverage(
        selectors.coverage_sites(kinds=kinds),
        today=selectors.today(),
        kind_labels={k: str(v) for k, v in KIND_LABELS.items()},
        **_options(),
    )


def map_live(*, day: datetime.date | None = None, refresh_s: int = 60) -> maps.MapResult:
    """Where each bus is now and today's stops, done and remaining; the page reloads itself."""
    return maps.render_live(selectors.live_vehicles(day=day or selectors.today()), refresh_s=refresh_s, **_options())


def map_activity(*, period: Period, metric: str, by: str, scope) -> maps.MapResult:
    """The activity map (issue 7): ``metric`` per commune or site over ``period`` as circles sized by value."""
    points = [
        maps.ActivityPoint(p["id"], p["name"], p["lat"], p["lon"], float(p["value"]))
        for p in site_points(period=period, metric=metric, scope=scope, by=by)
    ]
    return maps.render_activity(
        points,
        metric_label=INDICATORS_BY_KEY[metric].label(),
        period_label=period.label(),
        tile_url=settings.BOOKBUS["TILE_URL"],
        messages=maps.messages_for(get_language()),
    )
