"""Disruptions: a broken-down bus, a closed site, a skipped visit. Each is recorded, then re-planned from the
published plan so that as little as possible moves; the coordinator reviews and publishes the new draft."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import ApplicationError
from backend.places.models import Closure, ClosureKind, ServiceSite, Vehicle
from backend.places.services import closure_create
from backend.planning.models import Plan, PlannedVisit, PlanningRun, PlanStatus, SkipCause, VisitStatus
from backend.planning.services.plans import plan_trip_days, plan_vehicles
from backend.planning.services.runs import planning_run_start


class NothingToReplanError(ApplicationError):
    code = "nothing_to_replan"


class VisitStateError(ApplicationError):
    code = "visit_state"
    status = 409


def _published_covering(day: datetime.date) -> Plan:
    plan = Plan.objects.filter(status=PlanStatus.PUBLISHED, starts_on__lte=day, ends_on__gte=day).first()
    if plan is None:
        raise NothingToReplanError(_("No published plan covers %(date)s.") % {"date": day.strftime("%d/%m/%Y")})
    return plan


def _replan(plan: Plan, user: User, time_limit_s: int) -> PlanningRun:
    return planning_run_start(
        user=user,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        vehicles=plan_vehicles(plan),
        time_limit_s=time_limit_s,
        base_plan=plan,
        trip_days=plan_trip_days(plan),
    )


@transaction.atomic
def vehicle_mark_out_of_service(
    *,
    vehicle: Vehicle,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str,
    user: User,
    time_limit_s: int = 10,
) -> tuple[Closure, PlanningRun]:
    """Record a breakdown (a vehicle closure) and start a re-plan of the published plan it hits."""
    plan = _published_covering(starts_on)
    closure = closure_create(
        kind=ClosureKind.VEHICLE, vehicle=vehicle, name=reason, starts_on=starts_on, ends_on=ends_on
    )
    return closure, _replan(plan, user, time_limit_s)


@transaction.atomic
def site_mark_closed(
    *,
    site: ServiceSite,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str,
    user: User,
    time_limit_s: int = 10,
) -> tuple[Closure, PlanningRun]:
    """Record a site closure (a storm, a school event) and start a re-plan of the published plan it hits."""
    plan = _published_covering(starts_on)
    closure = closure_create(kind=ClosureKind.SITE, site=site, name=reason, starts_on=starts_on, ends_on=ends_on)
    return closure, _replan(plan, user, time_limit_s)


@transaction.atomic
def visit_skip(
    *,
    visit: PlannedVisit,
    reason: str,
    user: User,
    cause: str = SkipCause.OTHER,
    replan: bool = True,
    time_limit_s: int = 10,
):
    """The crew could not make a visit; record why (``cause`` for the reports, ``reason`` in words) and (by default)
    re-plan it from the next day on, moving as little as possible.

    A visit the crew already skipped from the phone keeps their cause and reason unless others are given, and is
    re-planned. Raises VisitStateError (409) for a visit already made.
    """
    visit = PlannedVisit.objects.select_for_update().select_related("route__plan").get(pk=visit.pk)
    if visit.status == VisitStatus.DONE:
        raise VisitStateError(_("This visit was made; it cannot be skipped."))
    if visit.status == VisitStatus.PLANNED and not reason.strip():
        raise ApplicationError(
            _("Say why the visit is skipped."), code="validation_error", extra={"fields": {"reason": [_("Required.")]}}
        )
    if visit.status == VisitStatus.PLANNED or reason:
        visit.status, visit.skip_cause, visit.skip_reason = VisitStatus.SKIPPED, cause, reason or visit.skip_reason
        visit.save(update_fields=["status", "skip_cause", "skip_reason"])
    run = _replan(visit.route.plan, user, time_limit_s) if replan else None
    return visit, run
