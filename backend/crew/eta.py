"""When the bus will really reach each of today's remaining stops: from its last GPS fix, the road from there (the
straight line times the usual circuity, at the vehicle's average speed) and each remaining stop's planned length.

Read on every request, so it moves on as soon as a new ping arrives. A stop is never expected before its planned
arrival (the bus waits for the site's window); a stop already reached or skipped has no ETA.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backend.crew.models import PositionPing, VisitReport
from backend.planning.models import PlannedVisit, PlanStatus, VisitStatus
from routing.matrix import ellipsoid_distance_m

CIRCUITY = 1.3  # road distance / straight line where no road network is known (DOMAIN.md)
ON_TIME_MINUTES = 5  # closer than this to the planned time is "on time"


@dataclass(frozen=True)
class Eta:
    visit_id: int
    expected_at: datetime.datetime
    planned_at: datetime.datetime
    fix_at: datetime.datetime  # the GPS fix it was computed from

    @property
    def late_minutes(self) -> int:
        return round((self.expected_at - self.planned_at).total_seconds() / 60)

    @property
    def text(self) -> str:
        """“about 10:40, 25 minutes late”, or “about 10:40, on time”."""
        clock = timezone.localtime(self.expected_at).strftime("%H:%M")
        late = self.late_minutes
        if late < ON_TIME_MINUTES:
            return _("about %(time)s, on time") % {"time": clock}
        return ngettext("about %(time)s, %(n)d minute late", "about %(time)s, %(n)d minutes late", late) % {
            "time": clock,
            "n": late,
        }

    def as_dict(self) -> dict:
        return {
            "expected_at": self.expected_at.isoformat(),
            "planned_at": self.planned_at.isoformat(),
            "late_minutes": self.late_minutes,
            "fix_at": self.fix_at.isoformat(),
            "text": self.text,
        }


def _aware(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, at))


def _road_seconds(a: tuple[float, float], b: tuple[float, float], speed_kmh: float) -> float:
    metres = float(ellipsoid_distance_m(a[0], a[1], b[0], b[1])) * CIRCUITY
    return metres * 3.6 / speed_kmh


def route_etas(*, visits: list[PlannedVisit], reports: dict[int, VisitReport], fix: PositionPing) -> dict[int, Eta]:
    """ETAs of one route's remaining stops (``visits`` in route order, with ``route__vehicle`` and ``site``;
    ``reports`` by visit id)."""
    if not visits:
        return {}
    speed = visits[0].route.vehicle.average_speed_kmh
    # From the fix's own time, not the clock's: the same fix gives the same ETAs (the run sheet's ETag holds).
    here, clock = (fix.latitude, fix.longitude), fix.at
    etas = {}
    for visit in visits:
        report = reports.get(visit.pk)
        day = visit.route.date
        stay = _aware(day, visit.departs_at) - _aware(day, visit.arrives_at)
        site = (visit.site.latitude, visit.site.longitude)
        if visit.status == VisitStatus.SKIPPED:
            continue
        if report is not None and report.arrived_at is not None:
            if report.left_at is None:  # at this stop now: it leaves when its planned stay is over
                here, clock = site, max(clock, report.arrived_at + stay)
            continue
        if None in site:
            continue
        planned = _aware(day, visit.arrives_at)
        expected = clock + datetime.timedelta(seconds=_road_seconds(here, site, speed))
        etas[visit.id] = Eta(visit.id, expected, planned, fix.at)
        here, clock = site, max(expected, planned) + stay
    return etas


def visit_etas(*, visits: Iterable[PlannedVisit], now: datetime.datetime | None = None) -> dict[int, Eta]:
    """ETAs of those of ``visits`` on today's routes whose bus sent a GPS fix today (a few queries in all)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    route_ids = {v.route_id for v in visits if v.route.date == today}
    if not route_ids:
        return {}
    remaining = list(
        PlannedVisit.objects.filter(route_id__in=route_ids, route__plan__status=PlanStatus.PUBLISHED)
        .select_related("route__vehicle", "site")
        .order_by("route_id", "position")
    )
    reports = VisitReport.objects.in_bulk([v.pk for v in remaining], field_name="visit_id")
    fixes = {}
    for vehicle_id in {v.route.vehicle_id for v in remaining}:
        fixes[vehicle_id] = (
            PositionPing.objects.filter(vehicle_id=vehicle_id, at__date=today, at__lte=now).order_by("-at").first()
        )
    etas: dict[int, Eta] = {}
    for route_id in route_ids:
        stops = [v for v in remaining if v.route_id == route_id]
        fix = fixes.get(stops[0].route.vehicle_id) if stops else None
        if fix is not None:
            etas.update(route_etas(visits=stops, reports=reports, fix=fix))
    return etas


def stop_etas(visits: list[PlannedVisit]) -> dict[int, dict]:
    """The run sheet's ``eta`` per stop: when the bus is now expected there (null once reached, or without a fix)."""
    etas = visit_etas(visits=visits)
    return {visit.id: {"eta": etas[visit.id].as_dict() if visit.id in etas else None} for visit in visits}
