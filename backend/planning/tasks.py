from celery import shared_task

from backend.planning.services.runs import PLANNING_RUN_TASK, planning_run_execute


@shared_task(name=PLANNING_RUN_TASK, acks_late=True, ignore_result=True)
def planning_run_execute_task(run_id: int) -> None:
    """Background planning; idempotent by run id, so a redelivered message does nothing."""
    planning_run_execute(run_id=run_id)
