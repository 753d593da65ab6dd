from celery import shared_task

from backend.planning.services.run_watch import planning_runs_reap
from backend.planning.services.runs import PLANNING_RUN_TASK, planning_run_execute


# acks_late with reject_on_worker_lost (settings): a job whose worker process dies goes back to the queue; the job
# handed out again finds its run taken and ends it once its heartbeat stops (services.run_watch).
@shared_task(name=PLANNING_RUN_TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def planning_run_execute_task(run_id: int) -> None:
    """Background planning; idempotent by run id, so a redelivered message does nothing."""
    planning_run_execute(run_id=run_id)


@shared_task(name="planning.runs_reap", ignore_result=True)
def planning_runs_reap_task() -> int:
    """End the runs whose worker died (Celery beat runs it every minute, see settings)."""
    return planning_runs_reap()
