"""A week planned and published for the ``network`` fixture's bus, through the planning services."""

import datetime

from backend.planning.models import Plan, RunStatus
from backend.planning.services import plan_publish, planning_run_execute, planning_run_start


def published_week(network, monday, coordinator, days: int = 5, seconds: int = 2) -> Plan:
    run = planning_run_start(
        user=coordinator,
        starts_on=monday,
        ends_on=monday + datetime.timedelta(days=days - 1),
        vehicles=[network["vehicle"]],
        time_limit_s=seconds,
    )
    # Carried out here: in a test transaction the queued job never starts (idempotent when it already has).
    run = planning_run_execute(run_id=run.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error
    return plan_publish(plan=Plan.objects.get(run=run), user=coordinator)
