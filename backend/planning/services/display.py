"""A stored plan in the planner's plain terms, for drawing it: the plan as it was made, not as the network is now."""

import datetime
from dataclasses import dataclass

import routing
from backend.places.models import Vehicle
from backend.planning.models import Plan, PlanRoute
from backend.planning.services.plans import _seconds, plan_vehicles


@dataclass(frozen=True)
class PlanDisplay:
    problem: routing.Problem
    plan: routing.Plan
    site_labels: dict[str, str]
    vehicle_labels: dict[str, str]


def plan_display(*, plan: Plan) -> PlanDisplay:
    """Rebuild a drawable problem and plan from the stored routes and left-out visits of ``plan``."""
    routes = list(
        PlanRoute.objects.filter(plan=plan)
        .select_related("vehicle__home_depot")
        .prefetch_related("visits__site__windows")
        .order_by("date", "vehicle_id")
    )
    vehicles = {v.id: v for v in plan_vehicles(plan)} | {r.vehicle_id: r.vehicle for r in routes}
    if not vehicles:  # an empty plan still shows where the buses start from
        vehicles = {v.id: v for v in Vehicle.objects.select_related("home_depot")}
    depots = {
        v.home_depot_id: routing.Depot(f"library:{v.home_depot_id}", _loc(v.home_depot)) for v in vehicles.values()
    }
    visits, stored_routes, labels = {}, [], {}
    for route in routes:
        stops = []
        for v in route.visits.all():
            site_id = f"site:{v.site_id}"
            labels[site_id] = v.site.name
            visits[v.key] = _visit(
                v.key,
                site_id,
                v.site,
                route.date,
                _seconds(v.departs_at) - _seconds(v.starts_at),
                v.deliver_boxes,
                v.collect_boxes,
            )
            stops.append(
                routing.Stop(
                    v.key,
                    site_id,
                    _seconds(v.arrives_at),
                    _seconds(v.starts_at),
                    _seconds(v.departs_at),
                    v.distance_m,
                    0,
                )
            )
        stored_routes.append(
            routing.Route(
                f"vehicle:{route.vehicle_id}",
                route.date,
                _seconds(route.starts_at),
                _seconds(route.ends_at),
                tuple(stops),
                route.distance_m,
            )
        )
    left = []
    for lo in plan.left_out.select_related("site").prefetch_related("site__windows"):
        site_id = f"site:{lo.site_id}"
        labels[site_id] = lo.site.name
        visits.setdefault(lo.key, _visit(lo.key, site_id, lo.site, None, lo.site.visit_minutes * 60, 0, 0))
        left.append(routing.LeftOut(lo.key, site_id, lo.reason, lo.message))
    dates = [plan.starts_on + datetime.timedelta(days=n) for n in range((plan.ends_on - plan.starts_on).days + 1)]
    shifts = {}
    for route in stored_routes:
        shifts.setdefault(route.vehicle_id, []).append(routing.Shift(route.date, route.start_s, route.end_s))
    problem = routing.Problem(
        dates=dates,
        depots=list(depots.values()),
        vehicles=[
            routing.Vehicle(
                f"vehicle:{v.id}",
                f"library:{v.home_depot_id}",
                tuple(shifts.get(f"vehicle:{v.id}", ())),
                v.capacity_boxes,
            )
            for v in vehicles.values()
        ],
        visits=list(visits.values()),
    )
    return PlanDisplay(
        problem=problem,
        plan=routing.Plan(tuple(stored_routes), tuple(left)),
        site_labels=labels,
        vehicle_labels={f"vehicle:{v.id}": f"{v.name} ({v.plate_number})" for v in vehicles.values()},
    )


def _loc(place) -> routing.Location:
    return routing.Location(place.latitude, place.longitude)


def _visit(key, site_id, site, day, duration_s, deliver, collect) -> routing.Visit:
    windows = tuple(
        sorted(
            {
                routing.TimeWindow(_seconds(w.opens_at), _seconds(w.closes_at))
                for w in site.windows.all()
                if day is None or w.weekday == day.weekday()
            }
        )
    )
    return routing.Visit(
        id=key,
        site_id=site_id,
        location=_loc(site),
        duration_s=max(duration_s, 1),
        windows=windows,
        deliver_boxes=deliver,
        collect_boxes=collect,
    )
