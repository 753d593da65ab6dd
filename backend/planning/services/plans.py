"""Plans in the database: saving the planner's answer, comparing drafts, publishing atomically."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

import routing
from backend.accounts.models import User
from backend.core.exceptions import ConflictError
from backend.core.signals import records_changed
from backend.notifications.models import NotificationKind
from backend.notifications.services import notification_send_to_school
from backend.places.models import Vehicle
from backend.planning.models import (
    LeftOutVisit,
    NetworkRevision,
    Plan,
    PlannedVisit,
    PlanningRun,
    PlanRoute,
    PlanStatus,
    RequestStatus,
    VisitRequest,
    VisitStatus,
)
from backend.planning.services.problem import network_revision
from backend.planning.services.translate import (
    BuiltProblem,
    is_first_periodic_visit,
    is_request_visit,
    planner_route,
    planner_stop,
    request_key,
    stored_left_out,
    stored_route,
    stored_visit,
)
from backend.planning.signals import network_revision_bump, plan_published


class StaleDraftError(ConflictError):
    code = "stale_draft"


class PlanNotDraftError(ConflictError):
    code = "plan_not_draft"


class PlanOverlapError(ConflictError):
    code = "plan_overlap"


def plan_save_from_routing(*, run: PlanningRun | None, built: BuiltProblem, plan: routing.Plan) -> Plan:
    """Store the planner's plan as a draft: routes, ordered visits with times, and what was left out."""
    draft = Plan.objects.create(
        run=run,
        starts_on=built.problem.dates[0],
        ends_on=built.problem.dates[-1],
        network_revision=built.revision,
        distance_m=plan.distance_m,
        duration_s=plan.duration_s,
        stats={
            **plan.stats,
            "notes": built.notes,
            "crew_left_out": built.crew_left_out,
            "changes": built.changes,
            "moved_share": built.moved_share,
        },
    )
    trip_days = {(r.vehicle_id, r.date): day for trip in plan.trips() for day, r in enumerate(trip.routes, start=1)}
    for route in plan.routes:
        saved = stored_route(draft, route, built, trip_days.get((route.vehicle_id, route.date), 1))
        saved.save()
        PlannedVisit.objects.bulk_create(
            stored_visit(saved, position, stop, built) for position, stop in enumerate(route.stops, start=1)
        )
    if run and run.base_plan_id:
        _carry_over_done(run.base_plan, draft)
    LeftOutVisit.objects.bulk_create(stored_left_out(draft, lo, built) for lo in plan.left_out)
    return draft


def plan_vehicles(plan: Plan) -> list:
    """The vehicles a plan was made for (those of its run; for an imported plan, those with routes)."""
    if plan.run_id:
        return list(plan.run.vehicles.all())
    return list(Vehicle.objects.filter(routes__plan=plan).distinct())


def run_trip_days(run: PlanningRun | None) -> dict[int, int]:
    """The longest trip a run set for some of its buses, by vehicle id (none for an imported plan)."""
    return {int(vehicle_id): days for vehicle_id, days in (run.trip_days if run else {}).items()}


def plan_trip_days(plan: Plan) -> dict[int, int]:
    """The trip lengths of the run that made ``plan``: a re-plan, a move or a slot offer keeps them."""
    return run_trip_days(plan.run if plan.run_id else None)


def plan_to_routing(plan: Plan, built: BuiltProblem) -> tuple[routing.Plan, set[str]]:
    """The stored plan in the planner's terms, and the ids of its visits already done.

    Skipped visits are left out, so the re-plan places them again; visits the new problem no longer has (a
    deactivated site, a cancelled request) are dropped. The bus leaves the depot loaded with every box its whole
    trip delivers; a later day of a trip starts with the load the previous day ended with.
    """
    planner_visits = {v.id: v for v in built.problem.visits}
    done = set()
    kept_by_route = {}
    for route in plan.routes.prefetch_related("visits").order_by("vehicle_id", "date"):
        kept = [v for v in route.visits.all() if v.key in planner_visits and v.status != VisitStatus.SKIPPED]
        done.update(v.key for v in kept if v.status == VisitStatus.DONE)
        kept_by_route[route] = kept
    routes, load, vehicle_id = [], 0, None
    for route, kept in kept_by_route.items():
        if route.start_lodging_id is None or route.vehicle_id != vehicle_id:  # leaves the depot: loaded for the trip
            load = sum(planner_visits[v.key].deliver_boxes for v in _trip_visits(route, kept_by_route))
        vehicle_id, load_start, stops = route.vehicle_id, load, []
        for v in kept:
            need = planner_visits[v.key]
            load += need.collect_boxes - need.deliver_boxes
            stops.append(planner_stop(v, need.site_id, load))
        routes.append(((route.date, route.vehicle_id), planner_route(route, stops, load_start)))
    routes.sort(key=lambda pair: pair[0])
    return routing.Plan(tuple(r for _order, r in routes)), done


def _trip_visits(first: PlanRoute, kept_by_route: dict) -> list[PlannedVisit]:
    """The kept visits of the trip that starts with ``first``: its route and the following days until home."""
    visits, in_trip = [], False
    for route, kept in kept_by_route.items():  # ordered by vehicle, then date
        if route is first:
            in_trip = True
        elif in_trip and (route.vehicle_id != first.vehicle_id or route.start_lodging_id is None):
            break
        if in_trip:
            visits.extend(kept)
            if route.end_lodging_id is None:
                break
    return visits


def _carry_over_done(base: Plan, draft: Plan) -> None:
    """Visits already made keep their record (status, actual times) in the re-planned draft; pins stay pinned."""
    pinned = set(PlannedVisit.objects.filter(route__plan=base, pinned=True).values_list("key", flat=True))
    PlannedVisit.objects.filter(route__plan=draft, key__in=pinned).update(pinned=True)
    done = {
        (v.key, v.route.date): v
        for v in PlannedVisit.objects.filter(route__plan=base, status=VisitStatus.DONE).select_related("route")
    }
    for visit in PlannedVisit.objects.filter(route__plan=draft).select_related("route"):
        made = done.get((visit.key, visit.route.date))
        if made:
            visit.status, visit.actual_arrival, visit.actual_departure = (
                made.status,
                made.actual_arrival,
                made.actual_departure,
            )
            visit.save(update_fields=["status", "actual_arrival", "actual_departure"])


@dataclass(frozen=True)
class PlanComparison:
    draft_distance_km: float
    published_distance_km: float | None
    draft_visits: int
    published_visits: int | None
    overdue_sites_left_out: int
    requests_satisfied: int
    requests_left_out: int
    stale: bool
    partly_covered_plans: list[int]  # published plans the draft covers only in part: it cannot be published


def plan_compare(*, draft: Plan) -> PlanComparison:
    """Compare a draft with the plan published for the same dates: distance, visits, overdue sites, requests."""
    published = _published_overlapping(draft).first()
    draft_keys = set(PlannedVisit.objects.filter(route__plan=draft).values_list("key", flat=True))
    left_keys = set(draft.left_out.values_list("key", flat=True))
    return PlanComparison(
        draft_distance_km=round(draft.distance_m / 1000, 1),
        published_distance_km=round(published.distance_m / 1000, 1) if published else None,
        draft_visits=len(draft_keys),
        published_visits=PlannedVisit.objects.filter(route__plan=published).count() if published else None,
        overdue_sites_left_out=sum(1 for k in left_keys if is_first_periodic_visit(k)),
        requests_satisfied=sum(1 for k in draft_keys if is_request_visit(k)),
        requests_left_out=sum(1 for k in left_keys if is_request_visit(k)),
        stale=draft.network_revision != network_revision(),
        partly_covered_plans=[p.pk for p in _partly_covered(draft, list(_published_overlapping(draft)))],
    )


def _published_overlapping(plan: Plan):
    return Plan.objects.filter(
        status=PlanStatus.PUBLISHED, starts_on__lte=plan.ends_on, ends_on__gte=plan.starts_on
    ).exclude(pk=plan.pk)


@transaction.atomic
def plan_publish(*, plan: Plan, user: User) -> Plan:
    """Publish a draft: it replaces the published plans it overlaps, all at once.

    Refuses (409) a draft built before later changes to the network, and one that covers only part of a
    published plan it overlaps (its dates or its vehicles). School requests follow their visits, and
    the schools whose visit appeared, moved or disappeared are notified.
    """
    # Lock the revision row: a concurrent network change or publication waits, so the check below holds.
    NetworkRevision.objects.select_for_update().get_or_create(pk=1)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise PlanNotDraftError(_("Only a draft can be published."))
    if plan.network_revision != network_revision():
        raise StaleDraftError(
            _("The network changed after this draft was made (sites, vehicles, closures or requests). Plan again."),
            extra={"draft_revision": plan.network_revision, "current_revision": network_revision()},
        )
    previous = list(_published_overlapping(plan))
    _refuse_partial_overlap(plan, previous)
    old_visits = _visits_by_key(previous)
    Plan.objects.filter(pk__in=[p.pk for p in previous]).update(status=PlanStatus.SUPERSEDED, updated_at=timezone.now())
    records_changed.send(sender=Plan, pks=[p.pk for p in previous])
    plan.status, plan.published_at, plan.published_by = PlanStatus.PUBLISHED, timezone.now(), user
    plan.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    new_visits = _visits_by_key([plan])
    _requests_follow_visits(new_visits)
    _notify_changes(old_visits, new_visits)
    # Publishing changes what later drafts must respect (booked slots), so they become stale too.
    network_revision_bump()
    plan.network_revision = network_revision()
    plan.save(update_fields=["network_revision"])
    plan_published.send(sender=Plan, plan=plan, old_visits=old_visits, new_visits=new_visits)
    return plan


def _refuse_partial_overlap(draft: Plan, published: list[Plan]) -> None:
    """A published plan is replaced whole, so the draft must cover all of its dates and vehicles.

    Otherwise its routes outside the draft (other dates, other buses) would vanish from the crews' run sheets and
    from the reports.
    """
    uncovered = _partly_covered(draft, published)
    if uncovered:
        raise PlanOverlapError(
            _(
                "Publishing this draft would withdraw published routes it does not cover (%(plans)s). Plan the "
                "whole horizon and every vehicle of those plans, or a period that does not overlap them."
            )
            % {"plans": ", ".join(_plan_label(p) for p in uncovered)},
            extra={"plans": [p.pk for p in uncovered]},
        )


def _partly_covered(draft: Plan, published: list[Plan]) -> list[Plan]:
    draft_vehicles = {v.pk for v in plan_vehicles(draft)}
    return [
        p
        for p in published
        if p.starts_on < draft.starts_on
        or p.ends_on > draft.ends_on
        or not {v.pk for v in plan_vehicles(p)} <= draft_vehicles
    ]


def _plan_label(plan: Plan) -> str:
    vehicles = ", ".join(v.plate_number for v in plan_vehicles(plan))
    return f"#{plan.pk} {plan.starts_on:%d/%m/%Y}–{plan.ends_on:%d/%m/%Y} {vehicles}"


def _visits_by_key(plans) -> dict[str, PlannedVisit]:
    visits = PlannedVisit.objects.filter(route__plan__in=plans).select_related("route", "site__school")
    return {v.key: v for v in visits}


def _requests_follow_visits(new_visits: dict[str, PlannedVisit]) -> None:
    requests = VisitRequest.objects.filter(status__in=[RequestStatus.SUBMITTED, RequestStatus.SCHEDULED])
    for request in requests.select_related("school", "scheduled_visit__route"):
        visit = new_visits.get(request_key(request.id))
        if visit is None:
            continue
        if request.scheduled_visit_id != visit.pk:
            was_submitted = request.status == RequestStatus.SUBMITTED
            request.status, request.scheduled_visit = RequestStatus.SCHEDULED, visit
            request.save(update_fields=["status", "scheduled_visit", "updated_at"])
            if was_submitted:
                notification_send_to_school(
                    school=request.school,
                    kind=NotificationKind.REQUEST_STATUS,
                    subject=_("Your visit request is scheduled"),
                    body=_("The library bus will visit %(site)s on %(date)s at %(time)s.") % _when(visit),
                    data={"request": request.id, "visit": visit.id},
                )


def _when(visit: PlannedVisit) -> dict:
    return {
        "site": visit.site.name,
        "date": visit.route.date.strftime("%d/%m/%Y"),
        "time": visit.starts_at.strftime("%H:%M"),
    }


def _notify_changes(old: dict[str, PlannedVisit], new: dict[str, PlannedVisit]) -> None:
    """Tell each school whose visit moved to another date or time, or was dropped."""
    for key, before in old.items():
        school = before.site.school
        if school is None or before.status == VisitStatus.DONE:
            continue  # a skipped or missed visit's school hears of its make-up visit, or that none was found
        after = new.get(key)
        if after is None:
            notification_send_to_school(
                school=school,
                kind=NotificationKind.VISIT_CANCELLED,
                subject=_("A library bus visit was cancelled"),
                body=_("The visit to %(site)s on %(date)s at %(time)s will not take place.") % _when(before),
                data={"visit_key": key},
            )
        elif (after.route.date, after.starts_at) != (before.route.date, before.starts_at):
            notification_send_to_school(
                school=school,
                kind=NotificationKind.VISIT_TIME,
                subject=_("New time for the library bus visit"),
                body=_("The library bus now visits %(site)s on %(date)s at %(time)s.") % _when(after),
                data={"visit_key": key, "visit": after.id},
            )


def plan_list_prefetched(plans):
    return plans.prefetch_related(
        Prefetch("routes", queryset=PlanRoute.objects.select_related("vehicle").prefetch_related("visits__site"))
    )
