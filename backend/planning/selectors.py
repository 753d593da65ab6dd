"""Reads of plans and visits with each role's visibility: drivers see published plans of their vehicles only,
school contacts the published visits to their own school."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from backend.accounts.models import User
from backend.places.selectors import vehicles_crewed_by
from backend.planning.models import LeftOutVisit, Plan, PlannedVisit, PlanningRun, PlanRoute, PlanStatus, VisitRequest


def planning_run_list() -> QuerySet[PlanningRun]:
    return PlanningRun.objects.select_related("created_by", "base_plan").prefetch_related("vehicles")


def plan_list_for(*, user: User) -> QuerySet[Plan]:
    routes = PlanRoute.objects.select_related("vehicle").prefetch_related(
        Prefetch("visits", queryset=PlannedVisit.objects.select_related("site").order_by("position"))
    )
    plans = Plan.objects.all()
    if user.is_driver_librarian:
        plans = plans.filter(status=PlanStatus.PUBLISHED, routes__vehicle__in=vehicles_crewed_by(user=user)).distinct()
        routes = routes.filter(vehicle__in=vehicles_crewed_by(user=user))
    elif not user.is_coordinator:
        return plans.none()
    return plans.prefetch_related(
        Prefetch("routes", queryset=routes),
        Prefetch("left_out", queryset=LeftOutVisit.objects.select_related("site")),
    )


def visit_list_for(*, user: User, upcoming_only: bool = True) -> QuerySet[PlannedVisit]:
    """Visits in published plans: all for coordinators, a crew's own, a school's own."""
    visits = PlannedVisit.objects.filter(route__plan__status=PlanStatus.PUBLISHED).select_related(
        "route__vehicle", "site"
    )
    if upcoming_only:
        visits = visits.filter(route__date__gte=timezone.localdate())
    if user.is_coordinator:
        return visits
    if user.is_driver_librarian:
        return visits.filter(route__vehicle__in=vehicles_crewed_by(user=user))
    return visits.filter(site__school_id=user.school_id)


def visit_request_list_for(*, user: User) -> QuerySet[VisitRequest]:
    """Coordinators see every request; a school contact only their school's; crews none."""
    requests = VisitRequest.objects.select_related("school", "site", "scheduled_visit__route")
    if user.is_coordinator:
        return requests
    if user.is_school_contact:
        return requests.filter(school_id=user.school_id)
    return requests.none()


def plan_board_list(*, status: str | None = None, vehicle_id: int | None = None) -> QuerySet[Plan]:
    """Plans newest period first, with their buses (a run's, else those with routes) and counts, for a board."""
    plans = Plan.objects.select_related("run").annotate(visit_count=Count("routes__visits", distinct=True))
    if status:
        plans = plans.filter(status=status)
    if vehicle_id:
        plans = plans.filter(Q(run__vehicles=vehicle_id) | Q(routes__vehicle=vehicle_id)).distinct()
    return plans.order_by("-starts_on", "-created_at").prefetch_related(
        "run__vehicles", Prefetch("routes", queryset=PlanRoute.objects.only("plan_id", "vehicle_id"))
    )


def plan_routes_between(*, plan: Plan, starts_on, ends_on) -> list[PlanRoute]:
    """A plan's routes on some dates, with their ordered visits and sites, for a calendar grid."""
    visits = PlannedVisit.objects.select_related("site").order_by("position")
    return list(
        plan.routes.filter(date__range=(starts_on, ends_on))
        .select_related("vehicle")
        .prefetch_related(Prefetch("visits", queryset=visits))
        .order_by("vehicle_id", "date")
    )


@dataclass(frozen=True)
class VisitChange:
    """What became of one visit from the published plan to a draft: ``added``, ``moved``, ``retimed`` or
    ``dropped``; ``before``/``after`` are the visits (``None`` when missing on that side)."""

    key: str
    kind: str
    before: PlannedVisit | None
    after: PlannedVisit | None

    @property
    def site(self):
        return (self.after or self.before).site


def plan_diff(*, draft: Plan) -> list[VisitChange]:
    """The visits a draft adds, moves (other date or bus), re-times or drops against the published plans it overlaps,
    within the draft's dates; matched by the planner's visit id, which a need keeps across plans."""
    visits = PlannedVisit.objects.select_related("site", "route__vehicle")
    after = {v.key: v for v in visits.filter(route__plan=draft)}
    before = {
        v.key: v
        for v in visits.filter(
            route__plan__status=PlanStatus.PUBLISHED, route__date__range=(draft.starts_on, draft.ends_on)
        ).exclude(route__plan=draft)
    }
    changes = []
    for key in sorted(after.keys() | before.keys()):
        b, a = before.get(key), after.get(key)
        if b is None:
            kind = "added"
        elif a is None:
            kind = "dropped"
        elif (b.route.date, b.route.vehicle_id) != (a.route.date, a.route.vehicle_id):
            kind = "moved"
        elif b.starts_at != a.starts_at:
            kind = "retimed"
        else:
            continue
        changes.append(VisitChange(key, kind, b, a))
    changes.sort(key=lambda c: ((c.after or c.before).route.date, (c.after or c.before).starts_at))
    return changes
