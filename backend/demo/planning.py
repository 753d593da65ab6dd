"""The demo's main job: plan the coming weeks for every active bus and publish the plans."""

import datetime

from django.utils import timezone

from backend.accounts.models import Role, User
from backend.places.models import Vehicle, VehicleStatus
from backend.planning.models import Plan, PlanStatus, RunStatus
from backend.planning.services import plan_publish, planning_run_execute, planning_run_start


def demo_plan_publish(
    *, weeks: int = 4, ahead_weeks: int = 8, time_limit_s: int = 20, today: datetime.date | None = None
) -> list[Plan]:
    """Publish plans of ``weeks`` weeks, one after the other, until the published plans cover today and the
    ``ahead_weeks`` weeks after it; returns them in date order (none without a coordinator or an active bus).

    Today is in the first plan so that, on a working day, the run sheet and the live map show today's stops right
    after the demo is loaded (the history stops yesterday). Looking ahead as a coordinator does (the next month's
    plan is out before this one ends), a school using the demo is offered slots in the coming weeks whatever the
    date, and loading the demo again later tops the plans up instead of planning again what is covered. Runs the
    jobs here, whatever the broker: the demo must end with a plan to look at.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=7 * ahead_weeks - 1)
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    vehicles = list(Vehicle.objects.exclude(status=VehicleStatus.RETIRED))
    plans, day = [], today
    while day <= horizon:
        covering = Plan.objects.filter(status=PlanStatus.PUBLISHED, starts_on__lte=day, ends_on__gte=day).first()
        if covering is None:
            if coordinator is None or not vehicles:
                break
            ends_on = day + datetime.timedelta(days=7 * weeks - 1)
            covering = _plan_and_publish(coordinator, vehicles, day, ends_on, time_limit_s)
            if covering is None:
                break
        plans.append(covering)
        day = covering.ends_on + datetime.timedelta(days=1)
    return plans


def _plan_and_publish(coordinator, vehicles, starts_on, ends_on, time_limit_s) -> Plan | None:
    run = planning_run_start(
        user=coordinator,
        starts_on=starts_on,
        ends_on=ends_on,
        vehicles=vehicles,
        time_limit_s=time_limit_s,
        enqueue=False,
    )
    run = planning_run_execute(run_id=run.pk)
    if run.status != RunStatus.SUCCEEDED:
        return None
    return plan_publish(plan=Plan.objects.get(run=run), user=coordinator)
