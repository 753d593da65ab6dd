"""The one translation between planning's tables and the route planner's plain data (``routing.Problem``/``Plan``).

Building a problem, storing the planner's plan, reading a stored plan back (a re-plan, slot offers) and drawing it
all go through here, so that the planner's ids, times and windows mean the same thing everywhere:

- ids: a vehicle is ``vehicle:<id>``, its home library ``library:<id>``, a site ``site:<id>``; a site's periodic
  visits are ``site:<id>#<n>`` (the n-th of the horizon) and a school's request is ``request:<id>``, made at its own
  planner site ``site:<site id>/request:<id>``. Stored visits keep the planner's visit id as their ``key``.
- times: seconds since midnight on the planner's side, ``datetime.time`` on the database's (capped at 23:59:59).
- boxes: the rotation boxes a planner visit delivers and collects are stored on its planned visit.
- access: a lodging is ``lodging:<id>``, a ferry link ``ferry:<id>``, a commune ``commune:<id>``; every visit carries
  its site's resolved access (``road``/``ferry``/``no_road``) and ferry link. A trip of several days is stored as
  consecutive routes of one vehicle, each with the lodging it starts from and ends at and its day in the trip.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

import routing
from backend.places.models import Access, Commune, CommuneKind, FerryLink, Lodging, ServiceSite, Vehicle
from backend.planning.models import LeftOutVisit, Plan, PlannedVisit, PlanRoute
from routing.plan import NO_ROAD


@dataclass(frozen=True)
class VisitSource:
    """Where a planner visit comes from, to map the plan back onto the database."""

    site_id: int
    request_id: int | None = None


@dataclass
class BuiltProblem:
    """A problem built from the database, with the way back from the planner's ids to the rows."""

    problem: routing.Problem
    revision: int
    sources: dict[str, VisitSource] = field(default_factory=dict)
    site_names: dict[str, str] = field(default_factory=dict)
    vehicle_ids: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    crew_left_out: list[dict] = field(default_factory=list)  # bus-dates without their crew, with the reason
    without_ferry_link: set[int] = field(default_factory=set)  # sites set to "by ferry" with no link to cross on
    closures: list = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)  # filled by a re-plan: what moved, and why
    moved_share: float | None = None


# Ids ----------------------------------------------------------------------------------------------------------------


def vehicle_key(vehicle_id: int) -> str:
    return f"vehicle:{vehicle_id}"


def depot_key(library_id: int) -> str:
    return f"library:{library_id}"


def site_key(site_id: int) -> str:
    return f"site:{site_id}"


def periodic_visit_key(site_id: int, number: int) -> str:
    """The ``number``-th visit of the horizon that a site is due."""
    return f"{site_key(site_id)}#{number}"


def request_key(request_id: int) -> str:
    return f"request:{request_id}"


def request_site_key(site_id: int, request_id: int) -> str:
    """A request's planner site: apart from the site's periodic visits, so no spacing applies to it."""
    return f"{site_key(site_id)}/{request_key(request_id)}"


def lodging_key(lodging_id: int) -> str:
    return f"lodging:{lodging_id}"


def ferry_key(ferry_id: int) -> str:
    return f"ferry:{ferry_id}"


def commune_key(commune_id: int) -> str:
    return f"commune:{commune_id}"


def lodging_id_of(key: str | None) -> int | None:
    """The database id of a planner lodging id (``None``: the depot)."""
    return int(key.split(":", 1)[1]) if key else None


def is_first_periodic_visit(key: str) -> bool:
    """A site's first visit in the horizon; left out, the site stays overdue."""
    return key.startswith("site:") and key.endswith("#1")


def is_request_visit(key: str) -> bool:
    return key.startswith("request:")


# Times and places ---------------------------------------------------------------------------------------------------


def seconds_of(t: datetime.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def time_of(seconds: int) -> datetime.time:
    seconds = min(int(seconds), 86_399)
    return datetime.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)


def location_of(place) -> routing.Location:
    return routing.Location(place.latitude, place.longitude)


def weekly_windows(site: ServiceSite) -> dict[int, list[routing.TimeWindow]]:
    """The site's opening windows per weekday (Monday 0), in the order they are stored."""
    weekly = defaultdict(list)
    for window in site.windows.all():
        weekly[window.weekday].append(routing.TimeWindow(seconds_of(window.opens_at), seconds_of(window.closes_at)))
    return weekly


# Access and lodgings -----------------------------------------------------------------------------------------------

_COMMUNE_KINDS = {CommuneKind.COMMUNE: "commune", CommuneKind.WARD: "ward", CommuneKind.SPECIAL_ZONE: "special_zone"}


# Why a visit is left out when its site is set to "by ferry" but neither it nor its commune names the link to cross
# on (data saved before the check at saving, or edited around it): the planner sees it as not reachable by the bus.
NO_FERRY_LINK = "no_ferry_link"


def lacks_ferry_link(site: ServiceSite) -> bool:
    return site.resolved_access() == Access.FERRY and site.resolved_ferry_id() is None


def access_fields(site: ServiceSite) -> dict:
    """A planner visit's commune, access and ferry link, from its site (the site's own, else its commune's)."""
    access, ferry_id = site.resolved_access(), None
    if access == Access.FERRY:
        ferry_id = site.resolved_ferry_id()
        if ferry_id is None:  # no link to cross on: the bus cannot get there
            access = Access.NO_ROAD
    return {
        "commune_id": commune_key(site.commune_id),
        "access": str(access),
        "ferry_id": ferry_key(ferry_id) if ferry_id else None,
    }


def planner_commune(commune: Commune) -> routing.Commune:
    access = commune.access or None
    if commune.resolved_access() == Access.FERRY and not commune.ferry_id:
        access = Access.NO_ROAD  # no link to cross on (see NO_FERRY_LINK): its sites are left out, not the whole run
    return routing.Commune(
        commune_key(commune.id),
        _COMMUNE_KINDS.get(commune.kind, "commune"),
        access and str(access),
        ferry_key(commune.ferry_id) if commune.ferry_id else None,
    )


def planner_lodging(lodging: Lodging) -> routing.Lodging:
    return routing.Lodging(
        lodging_key(lodging.id), commune_key(lodging.commune_id), location_of(lodging), float(lodging.cost_per_night)
    )


def planner_ferry(link: FerryLink) -> routing.FerryLink:
    return routing.FerryLink(
        id=ferry_key(link.id),
        port=routing.Location(link.port_latitude, link.port_longitude),
        island_port=routing.Location(link.island_port_latitude, link.island_port_longitude),
        crossing_s=link.crossing_minutes * 60,
        departures=tuple(seconds_of(t) for t in link.departure_times(outbound=True)),
        return_departures=tuple(seconds_of(t) for t in link.departure_times(outbound=False)),
        bus_boards=link.bus_boards,
        cost=float(link.cost),
    )


@dataclass(frozen=True)
class PlannerNetwork:
    communes: tuple[routing.Commune, ...] = ()
    lodgings: tuple[routing.Lodging, ...] = ()
    ferries: tuple[routing.FerryLink, ...] = ()


def planner_network(sites: Iterable[ServiceSite], lodgings: Iterable[Lodging]) -> PlannerNetwork:
    """The communes of ``sites`` and ``lodgings``, those lodgings, and every ferry link they name."""
    lodgings = list(lodgings)
    commune_ids = {s.commune_id for s in sites} | {lo.commune_id for lo in lodgings}
    communes = list(Commune.objects.filter(id__in=commune_ids).order_by("id"))
    ferry_ids = {c.ferry_id for c in communes} | {s.ferry_id for s in sites}
    ferries = FerryLink.objects.filter(id__in=ferry_ids - {None}).order_by("id")
    return PlannerNetwork(
        tuple(planner_commune(c) for c in communes),
        tuple(planner_lodging(lo) for lo in lodgings),
        tuple(planner_ferry(f) for f in ferries),
    )


# The network --------------------------------------------------------------------------------------------------------


def planner_depots(vehicles: Iterable[Vehicle]) -> list[routing.Depot]:
    """The home libraries the vehicles start from, once each."""
    depots = {v.home_depot_id: routing.Depot(depot_key(v.home_depot_id), location_of(v.home_depot)) for v in vehicles}
    return list(depots.values())


def working_shift(vehicle: Vehicle, day: datetime.date) -> routing.Shift:
    return routing.Shift(day, seconds_of(vehicle.day_starts_at), seconds_of(vehicle.day_ends_at))


def planner_vehicle(
    vehicle: Vehicle, shifts: Iterable[routing.Shift], *, max_trip_days: int | None = None
) -> routing.Vehicle:
    """The vehicle as the planner solves with it: shifts, capacity, speed, cost, lunch break and longest trip (the
    bus's own unless the run chose another)."""
    lunch = None
    if vehicle.lunch_minutes:
        lunch = routing.LunchBreak(
            seconds_of(vehicle.lunch_earliest), seconds_of(vehicle.lunch_latest), vehicle.lunch_minutes * 60
        )
    return routing.Vehicle(
        id=vehicle_key(vehicle.id),
        depot_id=depot_key(vehicle.home_depot_id),
        shifts=tuple(shifts),
        capacity_boxes=vehicle.capacity_boxes,
        speed_kmh=vehicle.average_speed_kmh,
        cost_per_km=float(vehicle.cost_per_km) or 1.0,
        lunch=lunch,
        max_trip_days=max_trip_days or vehicle.max_trip_days,
    )


def drawn_vehicle(vehicle: Vehicle, shifts: Iterable[routing.Shift]) -> routing.Vehicle:
    """The vehicle of a stored plan, for drawing it: where it starts, its shifts and capacity."""
    return routing.Vehicle(
        vehicle_key(vehicle.id),
        depot_key(vehicle.home_depot_id),
        tuple(shifts),
        vehicle.capacity_boxes,
        max_trip_days=vehicle.max_trip_days,
    )


def drawn_visit(
    key: str, site: ServiceSite, day: datetime.date | None, duration_s: int, deliver: int, collect: int
) -> routing.Visit:
    """A stored visit (or, without ``day``, a left-out one), for drawing: its site's windows on that day."""
    weekly = weekly_windows(site)
    windows = [w for weekday, ws in weekly.items() if day is None or weekday == day.weekday() for w in ws]
    return routing.Visit(
        id=key,
        site_id=site_key(site.id),
        location=location_of(site),
        duration_s=max(duration_s, 1),
        windows=tuple(sorted(set(windows))),
        deliver_boxes=deliver,
        collect_boxes=collect,
        **access_fields(site),
    )


# Stored plans -> the planner's plan ---------------------------------------------------------------------------------


def planner_stop(visit: PlannedVisit, site_id: str, load_after: int) -> routing.Stop:
    return routing.Stop(
        visit.key,
        site_id,
        seconds_of(visit.arrives_at),
        seconds_of(visit.starts_at),
        seconds_of(visit.departs_at),
        visit.distance_m,
        load_after,
        seconds_of(visit.ferry_departs_at) if visit.ferry_departs_at else None,
    )


def planner_route(route: PlanRoute, stops: Iterable[routing.Stop], load_start: int = 0) -> routing.Route:
    return routing.Route(
        vehicle_key(route.vehicle_id),
        route.date,
        seconds_of(route.starts_at),
        seconds_of(route.ends_at),
        tuple(stops),
        route.distance_m,
        load_start,
        seconds_of(route.break_starts_at) if route.break_starts_at else None,
        lodging_key(route.start_lodging_id) if route.start_lodging_id else None,
        lodging_key(route.end_lodging_id) if route.end_lodging_id else None,
        seconds_of(route.return_ferry_departs_at) if route.return_ferry_departs_at else None,
    )


def planner_left_out(left_out: LeftOutVisit) -> routing.LeftOut:
    return routing.LeftOut(left_out.key, site_key(left_out.site_id), left_out.reason, left_out.message)


# The planner's plan -> stored plans ---------------------------------------------------------------------------------


def route_columns(route: routing.Route) -> dict:
    """A stored route's times and distance, from the planner's route."""
    return {
        "starts_at": time_of(route.start_s),
        "ends_at": time_of(route.end_s),
        "break_starts_at": time_of(route.break_start_s) if route.break_start_s is not None else None,
        "distance_m": route.distance_m,
        "start_lodging_id": lodging_id_of(route.start_at),
        "end_lodging_id": lodging_id_of(route.end_at),
        "return_ferry_departs_at": _time_or_none(route.return_ferry_departure_s),
    }


def _time_or_none(seconds: int | None) -> datetime.time | None:
    return time_of(seconds) if seconds is not None else None


def stop_columns(stop: routing.Stop) -> dict:
    """A stored visit's times and leg distance, from the planner's stop."""
    return {
        "arrives_at": time_of(stop.arrival_s),
        "starts_at": time_of(stop.start_s),
        "departs_at": time_of(stop.departure_s),
        "distance_m": stop.distance_m,
        "ferry_departs_at": _time_or_none(stop.ferry_departure_s),
    }


def stored_route(plan: Plan, route: routing.Route, built: BuiltProblem, trip_day: int = 1) -> PlanRoute:
    """The planner's route as a new (unsaved) row of ``plan``; ``trip_day``: its day in its trip (1: leaves home)."""
    return PlanRoute(
        plan=plan,
        vehicle_id=built.vehicle_ids[route.vehicle_id],
        date=route.date,
        trip_day=trip_day,
        **route_columns(route),
    )


def stored_visit(route: PlanRoute, position: int, stop: routing.Stop, built: BuiltProblem) -> PlannedVisit:
    """The planner's stop as a new (unsaved) visit of ``route``, with the boxes its planner visit carries."""
    need = built.problem.visit(stop.visit_id)
    return PlannedVisit(
        route=route,
        position=position,
        key=stop.visit_id,
        site_id=built.sources[stop.visit_id].site_id,
        deliver_boxes=need.deliver_boxes,
        collect_boxes=need.collect_boxes,
        **stop_columns(stop),
    )


def stored_left_out(plan: Plan, left_out: routing.LeftOut, built: BuiltProblem) -> LeftOutVisit:
    site_id = built.sources[left_out.visit_id].site_id
    if left_out.reason == NO_ROAD and site_id in built.without_ferry_link:
        message = _("%(site)s is set to be reached by ferry, but neither it nor its commune names a ferry link.") % {
            "site": built.site_names.get(site_key(site_id), site_key(site_id))
        }
        left_out = routing.LeftOut(left_out.visit_id, left_out.site_id, NO_FERRY_LINK, message)
    return LeftOutVisit(
        plan=plan,
        key=left_out.visit_id,
        site_id=site_id,
        reason=left_out.reason,
        message=left_out.message,
    )
