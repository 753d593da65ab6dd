"""The demo's main job: plan the coming weeks for every active bus and publish the plan."""

import datetime

from django.utils import timezone

from backend.accounts.models import Role, User
from backend.places.models import Vehicle, VehicleStatus
from backend.planning.models import Plan, PlanStatus, RunStatus
from backend.planning.services import plan_publish, planning_run_execute, planning_run_start


def demo_plan_publish(*, weeks: int = 4, time_limit_s: int = 20, today: datetime.date | None = None) -> Plan | None:
    """Plan ``weeks`` weeks from today and publish, unless a published plan already covers today.

    Today is in the plan so that, on a working day, the run sheet and the live map show today's stops right after
    the demo is loaded (the history stops yesterday). Runs the job here, whatever the broker: the demo must end
    with a plan to look at.
    """
    starts_on = today or timezone.localdate()
    covered = Plan.objects.filter(status=PlanStatus.PUBLISHED, starts_on__lte=starts_on, ends_on__gte=starts_on)
    if covered.exists():
        return covered.first()
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    vehicles = list(Vehicle.objects.exclude(status=VehicleStatus.RETIRED))
    if coordinator is None or not vehicles:
        return None
    run = planning_run_start(
        user=coordinator,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=7 * weeks - 1),
        vehicles=vehicles,
        time_limit_s=time_limit_s,
        enqueue=False,
    )
    run = planning_run_execute(run_id=run.pk)
    if run.status != RunStatus.SUCCEEDED:
        return None
    return plan_publish(plan=Plan.objects.get(run=run), user=coordinator)
