"""The plain data the map renderers draw, read from the database."""

import datetime

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

import maps
from backend.crew.eta import visit_etas
from backend.crew.models import PositionPing
from backend.places.models import ServiceSite, Vehicle
from backend.planning.models import PlannedVisit, PlanStatus, VisitStatus

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
