"""The plain data the map renderers draw, read from the database."""

import datetime

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

import maps
from backend.crew.eta import visit_etas
from backend.crew.models import PositionPing
from backend.places.models import ServiceSite, Vehicle
from backend.planning.models import Plan, PlannedVisit, PlanStatus, VisitStatus
from backend.planning.selectors import plan_diff
from backend.planning.wording import left_out_reason

SITE_KINDS = ("school", "public", "commune", "learning_centre", "private", "post_office")


def site_kind(site: ServiceSite) -> str:
    """Schools first (a site may also have a library), then the kind of its library."""
    return "school" if site.school_id else site.library.kind


def coverage_sites(*, kinds: list[str] | None = None) -> list[maps.CoverageSite]:
    """Every active site with the date of its last real visit (reported done by the crew)."""
    sites = (
        ServiceSite.objects.filter(is_active=True)
        .select_related("library")
        .annotate(last_visit=Max("planned_visits__route__date", filter=Q(planned_visits__status=VisitStatus.DONE)))
        .order_by("name")
    )
    result = [
        maps.CoverageSite(
            f"site:{s.id}", s.name, site_kind(s), s.latitude, s.longitude, s.last_visit, s.target_interval_days
        )
        for s in sites
    ]
    return [s for s in result if not kinds or s.kind in kinds]


def today() -> datetime.date:
    return timezone.localdate()


def live_vehicles(*, day: datetime.date) -> list[maps.LiveVehicle]:
    """The vehicles on the road ``day`` or heard from that day: latest position that day and the day's stops."""
    visits = (
        PlannedVisit.objects.filter(route__date=day, route__plan__status=PlanStatus.PUBLISHED)
        .select_related("site", "route")
        .order_by("route__vehicle_id", "position")
    )
    stops: dict[int, list[maps.LiveStop]] = {}
    visits = list(visits)
    etas = visit_etas(visits=visits)  # refreshed with every ping: the page reloads itself
    for visit in visits:
        stops.setdefault(visit.route.vehicle_id, []).append(
            maps.LiveStop(
                visit.site.name,
                visit.site.latitude,
                visit.site.longitude,
                done=visit.status != VisitStatus.PLANNED,  # made or skipped: no longer ahead of the bus
                planned_arrival=visit.arrives_at,
                expected=etas[visit.id].text if visit.id in etas else None,
            )
        )
    day_pings = PositionPing.objects.filter(at__date=day)
    vehicles = (
        Vehicle.objects.filter(Q(pk__in=stops) | Q(pk__in=day_pings.values("vehicle_id")))
        .annotate(last_ping=Subquery(day_pings.filter(vehicle=OuterRef("pk")).order_by("-at").values("pk")[:1]))
        .order_by("name")
    )
    pings = PositionPing.objects.in_bulk([v.last_ping for v in vehicles if v.last_ping])
    result = []
    for v in vehicles:
        ping = pings.get(v.last_ping)
        result.append(
            maps.LiveVehicle(
                f"vehicle:{v.id}",
                f"{v.name} ({v.plate_number})",
                ping.latitude if ping else None,
                ping.longitude if ping else None,
                ping.at if ping else None,
                stops.get(v.id, ()),
            )
        )
    return result


def draft_changes(
    *, plan: Plan, day: datetime.date | None = None, vehicle_id: int | None = None
) -> list[maps.ChangeMarker]:
    """A draft's changes against the published plan (the review grid's comparison), for the map of one date and/or
    bus, in words. Empty for a plan that is not a draft, and for a draft with nothing published to compare with
    (every visit would read "added").

    A visit moved to the date or bus shown is marked "moved" with where it came from; one moved off it, "moved
    away" with where it went; a dropped visit is marked where it was, with the planner's reason.
    """
    if plan.status != PlanStatus.DRAFT or not _published_overlapping(plan).exists():
        return []
    changes = plan_diff(draft=plan)
    reasons = dict(
        plan.left_out.filter(key__in=[c.key for c in changes if c.kind == "dropped"]).values_list("key", "reason")
    )

    def shown(visit: PlannedVisit | None) -> bool:
        return visit is not None and day in (None, visit.route.date) and vehicle_id in (None, visit.route.vehicle_id)

    markers = []
    for change in changes:
        if shown(change.after):
            kind = change.kind
        elif change.kind in ("moved", "dropped") and shown(change.before):
            kind = "moved_away" if change.kind == "moved" else "dropped"
        else:
            continue
        site = change.site
        markers.append(
            maps.ChangeMarker(kind, site.name, site.latitude, site.longitude, _change_detail(kind, change, reasons))
        )
    return markers


def _published_overlapping(plan: Plan):
    return Plan.objects.filter(
        status=PlanStatus.PUBLISHED, starts_on__lte=plan.ends_on, ends_on__gte=plan.starts_on
    ).exclude(pk=plan.pk)


def _where(visit: PlannedVisit) -> dict[str, str]:
    return {
        "date": visit.route.date.strftime("%d/%m"),
        "bus": visit.route.vehicle.plate_number,
        "time": visit.starts_at.strftime("%H:%M"),
    }


def _change_detail(kind: str, change, reasons: dict[str, str]) -> str:
    """The change in words for the marker's popup: where the visit was or went, its new time, why it was dropped."""
    if kind == "added":
        return _("Not in the published plan; now at %(time)s.") % _where(change.after)
    if kind == "moved":
        return _("Moved from %(date)s, bus %(bus)s, %(time)s.") % _where(change.before)
    if kind == "moved_away":
        return _("Moved to %(date)s, bus %(bus)s, %(time)s.") % _where(change.after)
    if kind == "retimed":
        return _("New time %(after)s (was %(before)s).") % {
            "after": change.after.starts_at.strftime("%H:%M"),
            "before": change.before.starts_at.strftime("%H:%M"),
        }
    reason = left_out_reason(reasons[change.key]) if change.key in reasons else _("it is no longer among the needs")
    return _("Was on %(date)s, bus %(bus)s, %(time)s; on no route now: %(reason)s.") % {
        **_where(change.before),
        "reason": reason,
    }
