"""Reads for the crew and coordinators: the run sheet, latest positions, the conflict inbox, visit reports."""

import datetime
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import PermissionDeniedError
from backend.crew.eta import stop_etas
from backend.crew.models import ConflictStatus, PositionPing, SyncConflict, VisitReport
from backend.crew.stock_selectors import route_manifest, stop_stock_sections
from backend.crew.trips import route_crew_and_open_trips
from backend.places.models import OpeningWindow, SchoolContactPerson
from backend.places.selectors import vehicles_crewed_by
from backend.planning.models import PlannedVisit, PlanRoute, PlanStatus

# What the run sheet adds to each stop (collections to collect, loans due back, reserved titles) and to each route
# (the bus manifest) from the stock ledger: callables(visits) -> {visit id: {section: ...}} / callables(route).
STOP_SECTIONS = (stop_stock_sections, stop_etas)
ROUTE_SECTIONS = (route_manifest, route_crew_and_open_trips)


def crew_vehicle_ids(*, user: User) -> set[int]:
    return set(vehicles_crewed_by(user=user).values_list("id", flat=True))


def vehicle_check_access(*, user: User, vehicle_id: int) -> None:
    """Raise PermissionDeniedError (``not_your_vehicle``) unless the user crews the vehicle or coordinates."""
    if user.is_coordinator or vehicle_id in crew_vehicle_ids(user=user):
        return
    raise PermissionDeniedError(_("You do not crew this vehicle."), code="not_your_vehicle")


def run_sheet_get(*, user: User, date: datetime.date, vehicle_id: int | None = None) -> dict[str, Any]:
    """The published routes of a date for the user's vehicles (or one vehicle), stop by stop, as plain data.

    Raises PermissionDeniedError when ``vehicle_id`` is a vehicle the user does not crew.
    """
    if vehicle_id is not None:
        vehicle_check_access(user=user, vehicle_id=vehicle_id)
        vehicle_ids = {vehicle_id}
    else:
        vehicle_ids = crew_vehicle_ids(user=user)
    windows = OpeningWindow.objects.filter(weekday=date.weekday()).order_by("opens_at")
    routes = (
        PlanRoute.objects.filter(plan__status=PlanStatus.PUBLISHED, date=date, vehicle_id__in=vehicle_ids)
        .select_related("vehicle", "plan", "start_lodging__commune", "end_lodging__commune")
        .prefetch_related(
            Prefetch(
                "visits",
                queryset=PlannedVisit.objects.order_by("position")
                .select_related("site__school", "site__library", "report")
                .prefetch_related(
                    Prefetch("site__windows", queryset=windows, to_attr="day_windows"),
                    Prefetch("site__school__contacts", queryset=SchoolContactPerson.objects.order_by("id")),
                ),
            )
        )
        .order_by("vehicle_id")
    )
    sheet = []
    for route in routes:
        visits = list(route.visits.all())
        extra_stops: dict[int, dict] = {visit.id: {} for visit in visits}
        for section in STOP_SECTIONS:
            for visit_id, values in section(visits).items():
                extra_stops[visit_id].update(values)
        entry = _route(route, visits, extra_stops)
        for section in ROUTE_SECTIONS:
            entry.update(section(route))
        sheet.append(entry)
    return {"date": date.isoformat(), "routes": sheet}


def _route(route: PlanRoute, visits: list[PlannedVisit], extra: dict[int, dict]) -> dict[str, Any]:
    return {
        "vehicle": {"id": route.vehicle_id, "name": route.vehicle.name, "plate_number": route.vehicle.plate_number},
        "plan": route.plan_id,
        "route": route.id,
        "leaves_depot_at": route.starts_at.isoformat(),
        "back_at_depot_at": route.ends_at.isoformat(),
        "lunch_break_at": route.break_starts_at.isoformat() if route.break_starts_at else None,
        "distance_km": round(route.distance_m / 1000, 1),
        "trip": {
            "day": route.trip_day,
            "starts_from": _lodging(route.start_lodging),
            "sleeps_at": _lodging(route.end_lodging),
        },
        "return_ferry_departs_at": _clock(route.return_ferry_departs_at),
        "stops": [_stop(visit, extra[visit.id]) for visit in visits],
    }


def _lodging(lodging) -> dict[str, Any] | None:
    """Where a day of a trip starts or ends (``None``: the depot)."""
    if lodging is None:
        return None
    return {
        "id": lodging.id,
        "name": lodging.name,
        "commune": lodging.commune.name,
        "address": lodging.address,
        "phone": lodging.phone,
        "latitude": lodging.latitude,
        "longitude": lodging.longitude,
        "navigation_uri": f"geo:{lodging.latitude:.6f},{lodging.longitude:.6f}",
    }


def _clock(t: datetime.time | None) -> str | None:
    return t.isoformat() if t else None


def _stop(visit: PlannedVisit, extra: dict) -> dict[str, Any]:
    site = visit.site
    window = next(
        (w for w in site.day_windows if w.opens_at <= visit.starts_at < w.closes_at),
        site.day_windows[0] if site.day_windows else None,
    )
    report = getattr(visit, "report", None)
    return {
        "visit": visit.id,
        "position": visit.position,
        "status": visit.status,
        "site": {
            "id": site.id,
            "name": site.name,
            "address": site.address,
            "latitude": site.latitude,
            "longitude": site.longitude,
            "crew_notes": site.crew_notes,
        },
        "navigation_uri": f"geo:{site.latitude:.6f},{site.longitude:.6f}?q={site.latitude:.6f},{site.longitude:.6f}",
        "time_window": {"opens_at": window.opens_at.isoformat(), "closes_at": window.closes_at.isoformat()}
        if window
        else None,
        "arrives_at": visit.arrives_at.isoformat(),
        "starts_at": visit.starts_at.isoformat(),
        "departs_at": visit.departs_at.isoformat(),
        "ferry_departs_at": _clock(visit.ferry_departs_at),
        "visit_minutes": _minutes_between(visit.starts_at, visit.departs_at),
        "contacts": _contacts(site),
        "deliver_boxes": visit.deliver_boxes,
        "collect_boxes": visit.collect_boxes,
        "report": _report(report) if report else None,
        **extra,
    }


def _minutes_between(start: datetime.time, end: datetime.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _contacts(site) -> list[dict[str, str]]:
    if site.school_id:
        return [
            {"name": c.name, "title": c.title, "phone": c.phone, "email": c.email} for c in site.school.contacts.all()
        ]
    library = site.library
    if library and (library.contact_name or library.phone):
        return [{"name": library.contact_name, "title": "", "phone": library.phone, "email": library.email}]
    return []


def _report(report: VisitReport) -> dict[str, Any]:
    return {
        "arrived_at": report.arrived_at.isoformat() if report.arrived_at else None,
        "left_at": report.left_at.isoformat() if report.left_at else None,
        "students": report.students,
        "adults": report.adults,
        "activity_note": report.activity_note,
        "host_name": report.host_name,
        "host_confirmed": report.host_confirmed,
        "has_photo": bool(report.photo),
    }


def visit_for_crew(*, user: User, visit_id: int) -> PlannedVisit | None:
    """A published visit of one of the user's vehicles (coordinators: any published visit)."""
    visits = PlannedVisit.objects.select_related("route__vehicle", "site").filter(
        route__plan__status=PlanStatus.PUBLISHED
    )
    if not user.is_coordinator:
        visits = visits.filter(route__vehicle__in=vehicles_crewed_by(user=user))
    return visits.filter(pk=visit_id).first()


def position_latest_list(*, user: User) -> list[PositionPing]:
    """The latest position of each vehicle the user may see (coordinators: all; crew: their own)."""
    latest = PositionPing.objects.filter(vehicle=OuterRef("vehicle")).order_by("-at").values("at")[:1]
    pings = PositionPing.objects.select_related("vehicle").filter(at=Subquery(latest)).order_by("vehicle_id")
    if not user.is_coordinator:
        pings = pings.filter(vehicle__in=vehicles_crewed_by(user=user))
    return list(pings)


def conflict_list(*, status: str | None = ConflictStatus.OPEN) -> QuerySet[SyncConflict]:
    """The coordinators' inbox: conflicts (open ones by default), newest first, with event and visit."""
    conflicts = SyncConflict.objects.select_related(
        "event__user", "event__device", "visit__site", "visit__route", "vehicle", "resolved_by"
    )
    return conflicts.filter(status=status) if status else conflicts
