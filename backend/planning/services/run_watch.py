"""Runs whose worker died: a heartbeat while a run is carried out, and a reaper that ends runs whose heart stopped.

A Celery worker killed mid-run (out of memory, a redeploy, a crash) cannot mark its run: without this the run stays
``running`` forever. While a job runs, a thread of the worker touches the run's ``updated_at`` every
``PLANNING_RUN_HEARTBEAT_S``; a run ``running`` whose ``updated_at`` is older than ``PLANNING_RUN_STALE_S`` has lost
its worker. ``planning_runs_reap`` marks such runs ``failed`` (or ``cancelled`` when that was asked); it is called
when runs are read or cancelled, by a redelivered job, and every minute by Celery beat where beat runs.
"""

import contextlib
import datetime
import logging
import threading

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.planning.models import PlanningRun, RunStatus

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def run_heartbeat(run_id: int):
    """Touch the run every ``PLANNING_RUN_HEARTBEAT_S`` from a thread of its own while the block runs."""
    if connection.vendor != "postgresql":  # the quickstart's SQLite runs jobs in-process: no worker to lose
        yield
        return
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.PLANNING_RUN_HEARTBEAT_S):
                try:
                    PlanningRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(updated_at=timezone.now())
                except Exception:  # a missed beat is not worth failing the run for; the next one may pass
                    logger.warning("heartbeat of planning run %s missed", run_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"planning-run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.PLANNING_RUN_STALE_S)


def planning_runs_reap() -> int:
    """End every ``running`` run whose worker stopped beating: ``failed`` (``cancelled`` if that was asked).
    Returns how many were ended."""
    now = timezone.now()
    with transaction.atomic():
        stale = PlanningRun.objects.select_for_update(skip_locked=True).filter(
            status=RunStatus.RUNNING, updated_at__lt=_stale_before()
        )
        ended = 0
        for run in stale:
            cancelled = run.cancel_requested
            run.status = RunStatus.CANCELLED if cancelled else RunStatus.FAILED
            run.phase = "cancelled" if cancelled else "failed"
            run.error = "" if cancelled else _("The background worker carrying out this run stopped; start it again.")
            run.finished_at = run.updated_at = now
            run.save(update_fields=["status", "phase", "error", "finished_at", "updated_at"])
            logger.warning("planning run %s lost its worker: %s", run.pk, run.status)
            ended += 1
    return ended


def run_is_stale(run: PlanningRun) -> bool:
    return run.status == RunStatus.RUNNING and run.updated_at < _stale_before()
