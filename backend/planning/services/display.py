"""A stored plan in the planner's plain terms, for drawing it: the plan as it was made, not as the network is now."""

import datetime
from dataclasses import dataclass

import routing
from backend.places.models import Lodging, Vehicle
from backend.planning.models import Plan, PlanRoute
from backend.planning.services.plans import plan_vehicles
from backend.planning.services.translate import (
    drawn_vehicle,
    drawn_visit,
    lodging_key,
    planner_depots,
    planner_left_out,
    planner_network,
    planner_route,
    planner_stop,
    seconds_of,
    site_key,
    vehicle_key,
)


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
        .prefetch_related("visits__site__windows", "visits__site__commune")
        .order_by("date", "vehicle_id")
    )
    vehicles = {v.id: v for v in plan_vehicles(plan)} | {r.vehicle_id: r.vehicle for r in routes}
    if not vehicles:  # an empty plan still shows where the buses start from
        vehicles = {v.id: v for v in Vehicle.objects.select_related("home_depot")}
    visits, stored_routes, labels, sites = {}, [], {}, {}
    for route in routes:
        stops = []
        for v in route.visits.all():
            sites[v.site_id] = v.site
            labels[site_key(v.site_id)] = v.site.name
            duration_s = seconds_of(v.departs_at) - seconds_of(v.starts_at)
            visits[v.key] = drawn_visit(v.key, v.site, route.date, duration_s, v.deliver_boxes, v.collect_boxes)
            stops.append(planner_stop(v, site_key(v.site_id), 0))
        stored_routes.append(planner_route(route, stops))
    left = []
    for lo in plan.left_out.select_related("site__commune").prefetch_related("site__windows"):
        sites[lo.site_id] = lo.site
        labels[site_key(lo.site_id)] = lo.site.name
        visits.setdefault(lo.key, drawn_visit(lo.key, lo.site, None, lo.site.visit_minutes * 60, 0, 0))
        left.append(planner_left_out(lo))
    dates = [plan.starts_on + datetime.timedelta(days=n) for n in range((plan.ends_on - plan.starts_on).days + 1)]
    shifts = {}
    for route in stored_routes:
        shifts.setdefault(route.vehicle_id, []).append(routing.Shift(route.date, route.start_s, route.end_s))
    lodging_ids = {r.start_lodging_id for r in routes} | {r.end_lodging_id for r in routes}
    lodgings = list(Lodging.objects.filter(id__in=lodging_ids - {None}).order_by("id"))
    labels.update({lodging_key(lo.id): lo.name for lo in lodgings})
    network = planner_network(list(sites.values()), lodgings)
    problem = routing.Problem(
        dates=dates,
        depots=planner_depots(vehicles.values()),
        vehicles=[drawn_vehicle(v, shifts.get(vehicle_key(v.id), ())) for v in vehicles.values()],
        visits=list(visits.values()),
        lodgings=network.lodgings,
        ferries=network.ferries,
        communes=network.communes,
    )
    return PlanDisplay(
        problem=problem,
        plan=routing.Plan(tuple(stored_routes), tuple(left)),
        site_labels=labels,
        vehicle_labels={vehicle_key(v.id): f"{v.name} ({v.plate_number})" for v in vehicles.values()},
    )
