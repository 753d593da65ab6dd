"""Reads of plans and visits with each role's visibility: drivers see published plans of their vehicles only,
school contacts the published visits to their own school."""

from django.db.models import Prefetch, QuerySet
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
