"""Building the route planner's plain-data problem from the network in the database.

What goes in: active sites due by their target frequency and their last real visit (seasonal overrides applied),
school requests (scheduled ones pinned to their date, submitted ones offered within their preferred range),
closures, and vehicles on the dates they can work with their minimum crew. Ids, times and windows are translated by
``translate``.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

import routing
from backend.places.models import Closure, ClosureKind, Lodging, ServiceSite, Vehicle
from backend.places.roster import crew_on_dates, crew_shortfall
from backend.planning.models import (
    NetworkRevision,
    PlannedVisit,
    PlanStatus,
    RequestStatus,
    VisitRequest,
    VisitStatus,
)
from backend.planning.providers import box_loads_due
from backend.planning.services.translate import (
    BuiltProblem,
    VisitSource,
    access_fields,
    lacks_ferry_link,
    location_of,
    periodic_visit_key,
    planner_depots,
    planner_network,
    planner_vehicle,
    request_key,
    request_site_key,
    seconds_of,
    site_key,
    vehicle_key,
    weekly_windows,
    working_shift,
)


def network_revision() -> int:
    row = NetworkRevision.objects.filter(pk=1).first()
    return row.value if row else 0


def problem_build(
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    vehicles: Sequence[Vehicle],
    history_before: datetime.date | None = None,
    trip_days: Mapping[int, int] | None = None,
) -> BuiltProblem:
    """Build the planner's problem for ``vehicles`` over ``starts_on``..``ends_on``.

    ``history_before`` limits the real visits that count as "last visit" to those before that date (a re-plan
    passes its horizon's start, so visits made since do not change which visits are due). ``trip_days`` is a run's
    longest trip for some buses by vehicle id, in place of their own ``max_trip_days``.
    Raises ``ValueError`` (from the planner's model) when the horizon has no working date.
    """
    revision = network_revision()
    dates = [starts_on + datetime.timedelta(days=n) for n in range((ends_on - starts_on).days + 1)]
    closures = list(Closure.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on))
    built = BuiltProblem(problem=None, revision=revision, closures=closures)  # type: ignore[arg-type]

    crews = crew_on_dates(vehicles=vehicles, dates=dates)
    trip_days = {v.id: (trip_days or {}).get(v.id, v.max_trip_days) for v in vehicles}
    planner_vehicles = [_vehicle(v, dates, closures, crews, built, trip_days[v.id]) for v in vehicles]

    visits, targets = [], []
    sites = list(_active_sites())
    last_visits = _last_real_visits([s.id for s in sites], before=history_before or starts_on)
    requests = _requests_in(starts_on, ends_on)
    boxes = box_loads_due(until=ends_on)
    for site in sites:
        windows = site_windows(site, dates, closures)
        built.site_names[site_key(site.id)] = site.name
        if lacks_ferry_link(site):
            built.without_ferry_link.add(site.id)
        site_visits, target = _periodic_visits(site, dates, windows, last_visits.get(site.id), built)
        if site_visits and site.id in boxes:
            # Issue 3: the first visit of the horizon carries the site's rotation boxes (deliver and collect).
            load = boxes[site.id]
            site_visits[0] = replace(site_visits[0], deliver_boxes=load.deliver_boxes, collect_boxes=load.collect_boxes)
        visits.extend(site_visits)
        if target:
            targets.append(target)
        for request in requests.get(site.id, []):
            visits.append(request_visit(request, site, dates, windows, built))
    network = planner_network(sites, _lodgings(trip_days.values()))
    built.problem = routing.Problem(
        dates=dates,
        depots=planner_depots(vehicles),
        vehicles=planner_vehicles,
        visits=visits,
        periodic_targets=targets,
        lodgings=network.lodgings,
        ferries=network.ferries,
        communes=network.communes,
    )
    return built


def _lodgings(trip_days: Iterable[int]) -> list[Lodging]:
    """Where crews may spend the night; only needed when some vehicle may stay out overnight."""
    if all(days <= 1 for days in trip_days):
        return []
    return list(Lodging.objects.filter(is_active=True).order_by("id"))


def _closed_for_everyone(day: datetime.date, closures: Iterable[Closure]) -> bool:
    return any(c.kind == ClosureKind.HOLIDAY and c.starts_on <= day <= c.ends_on for c in closures)


def _vehicle(vehicle: Vehicle, dates, closures, crews, built: BuiltProblem, trip_days: int) -> routing.Vehicle:
    key = vehicle_key(vehicle.id)
    built.vehicle_ids[key] = vehicle.id
    shifts = []
    for day in dates:
        if not vehicle.is_available_on(day) or _closed_for_everyone(day, closures):
            continue
        if any(c.vehicle_id == vehicle.id and c.starts_on <= day <= c.ends_on for c in closures):
            continue
        crew = crews[vehicle.id, day]
        # Circular 05/2022: a trip needs a driver and two library staff (a rotation delivery one person); a bus-date
        # without its crew is left out, with the reason, rather than planned short.
        short = crew_shortfall(crew.members, min_crew=vehicle.min_crew, rotation_delivery=crew.rotation_delivery)
        if short:
            if crew.absent:
                short = f"{short} " + _("Away: %s.") % ", ".join(crew.absent)
            built.notes.append(f"{vehicle} {day:%d/%m/%Y}: {short}")
            built.crew_left_out.append(
                {"vehicle": vehicle.id, "date": day.isoformat(), "reason": "crew_incomplete", "message": short}
            )
            continue
        shifts.append(working_shift(vehicle, day))
    return planner_vehicle(vehicle, shifts, max_trip_days=trip_days)


def _active_sites():
    return (
        ServiceSite.objects.filter(is_active=True)
        .select_related("commune")
        .prefetch_related("windows", "seasonal_overrides")
    )


def _last_real_visits(site_ids: list[int], before: datetime.date | None) -> dict[int, datetime.date]:
    """The date of each site's last visit before the horizon: one the crew reported done, or one still planned in
    a published plan (it will happen: the next plan keeps its rhythm across the plans' boundary)."""
    # A planned visit whose day has passed without a report was missed: it does not count.
    coming = Q(
        status=VisitStatus.PLANNED,
        route__plan__status=PlanStatus.PUBLISHED,
        route__date__gte=timezone.localdate(),
    )
    made_or_coming = Q(status=VisitStatus.DONE) | coming
    visits = PlannedVisit.objects.filter(made_or_coming, site_id__in=site_ids)
    if before:
        visits = visits.filter(route__date__lt=before)
    rows = visits.values("site_id").annotate(last=Max("route__date"))
    return {row["site_id"]: row["last"] for row in rows}


def _requests_in(starts_on, ends_on) -> dict[int, list[VisitRequest]]:
    requests = VisitRequest.objects.filter(
        Q(status=RequestStatus.SUBMITTED, preferred_until__gte=starts_on, preferred_from__lte=ends_on)
        | Q(status=RequestStatus.SCHEDULED, scheduled_visit__route__date__range=(starts_on, ends_on))
    ).select_related("scheduled_visit__route")
    by_site = defaultdict(list)
    for request in requests:
        by_site[request.site_id].append(request)
    return by_site


def site_windows(site: ServiceSite, dates, closures) -> dict[datetime.date, tuple[routing.TimeWindow, ...]]:
    """Opening windows per date; an empty tuple closes the date (holiday, school break, closure, season)."""
    weekly = weekly_windows(site)
    closed_seasons = [o for o in site.seasonal_overrides.all() if o.closed]
    result = {}
    for day in dates:
        closed = any(
            c.starts_on <= day <= c.ends_on
            and (
                c.kind == ClosureKind.HOLIDAY
                or (c.kind == ClosureKind.SCHOOL_BREAK and site.is_school)
                or (c.kind == ClosureKind.SITE and c.site_id == site.id)
            )
            for c in closures
        ) or any(o.covers(day) for o in closed_seasons)
        result[day] = () if closed else tuple(weekly.get(day.weekday(), ()))
    return result


def _interval_on(site: ServiceSite, day: datetime.date) -> int:
    for override in site.seasonal_overrides.all():
        if not override.closed and override.target_interval_days and override.covers(day):
            return override.target_interval_days
    return site.target_interval_days


def _periodic_visits(site, dates, windows, last_visit, built: BuiltProblem):
    """Visits a site is due in the horizon: the first when its interval since the last real visit runs out
    (at once if it never had one), then one per interval; each may come a third of an interval early."""
    start, end = dates[0], dates[-1]
    interval = _interval_on(site, start)
    due = max(start, last_visit + datetime.timedelta(days=interval)) if last_visit else start
    overdue = last_visit is None or (start - last_visit).days > interval
    visits = []
    while due <= end:
        number = len(visits) + 1
        earliest = due - datetime.timedelta(days=interval // 3) if number > 1 or not overdue else start
        # A visit's range ends where the next one's begins, when there is a next one in the horizon: never two of
        # the site's visits on one day. A site's only (or last) visit may come any day from its earliest.
        following = due + datetime.timedelta(days=_interval_on(site, due))
        latest = following - datetime.timedelta(days=_interval_on(site, following) // 3 + 1)
        if following > end:
            latest = end
        allowed = tuple(d for d in dates if earliest <= d <= latest and windows[d])
        key = periodic_visit_key(site.id, number)
        built.sources[key] = VisitSource(site.id)
        if allowed:
            visits.append(
                routing.Visit(
                    id=key,
                    site_id=site_key(site.id),
                    location=location_of(site),
                    duration_s=site.visit_minutes * 60,
                    setup_s=site.setup_minutes * 60,
                    date_windows={d: windows[d] for d in allowed},
                    dates=allowed,
                    priority=site.planning_priority * (2 if overdue and number == 1 else 1),
                    **access_fields(site),
                )
            )
        due += datetime.timedelta(days=_interval_on(site, due))
    target = None
    if len(visits) > 1:
        target = routing.PeriodicTarget(site_key(site.id), len(visits), max(1, interval * 2 // 3))
    return visits, target


def request_visit(
    request: VisitRequest, site, dates, windows, built: BuiltProblem, *, pinned: bool | None = None
) -> routing.Visit:
    """A school's request: pinned to its booked date and time once scheduled, else anywhere in its range."""
    if pinned is None:
        pinned = request.status == RequestStatus.SCHEDULED
    key, planner_site = request_key(request.id), request_site_key(site.id, request.id)
    built.sources[key] = VisitSource(site.id, request.id)
    built.site_names[planner_site] = site.name
    wanted = routing.TimeWindow(seconds_of(request.window_start), seconds_of(request.window_end))
    if pinned:
        booked = request.scheduled_visit
        allowed = (booked.route.date,)
        wanted = routing.TimeWindow(seconds_of(booked.starts_at), seconds_of(booked.departs_at))
    else:
        allowed = tuple(d for d in dates if request.preferred_from <= d <= request.preferred_until)
    return routing.Visit(
        id=key,
        site_id=planner_site,
        location=location_of(site),
        duration_s=request.visit_minutes * 60,
        setup_s=site.setup_minutes * 60,
        date_windows={d: _within(wanted, windows.get(d, ())) for d in allowed},
        dates=tuple(d for d in allowed if _within(wanted, windows.get(d, ()))) or allowed,
        priority=10,
        mandatory=pinned,
        **access_fields(site),
    )


def _within(wanted: routing.TimeWindow, windows) -> tuple[routing.TimeWindow, ...]:
    """The parts of the site's opening windows inside the requested window."""
    parts = []
    for w in windows:
        start, end = max(w.start_s, wanted.start_s), min(w.end_s, wanted.end_s)
        if start < end:
            parts.append(routing.TimeWindow(start, end))
    return tuple(parts)
