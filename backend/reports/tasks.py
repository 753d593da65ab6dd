import contextlib
import threading

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .daily import report_days_rebuild, report_days_refresh_stale_quietly
from .deadlines import deadline_reminders_send


@shared_task(name="reports.deadline_reminders", ignore_result=True)
def deadline_reminders_task() -> int:
    """Daily: remind coordinators of reporting deadlines a week away (sends each reminder once)."""
    return deadline_reminders_send(today=timezone.localdate())


@shared_task(name="reports.days_refresh", ignore_result=True)
def report_days_refresh_task() -> None:
    """Compute the days whose records changed (the worker's work, not the request's that changed them)."""
    report_days_refresh_stale_quietly()


_deferred = threading.local()


def report_days_refresh_on_commit() -> None:
    """Once the current transaction commits, queue the computation of the days it marked stale (run at once when
    there is no broker). If it cannot be queued, the days stay marked and the next report computes them."""
    if not report_days_deferring():
        transaction.on_commit(report_days_refresh_task.delay, robust=True)


def report_days_deferring() -> bool:
    return bool(getattr(_deferred, "depth", 0))


@contextlib.contextmanager
def report_days_deferred():
    """Loading many records in many transactions (the demo): no day is marked or computed on the way, every day is
    computed once at the end (run it again after an interruption)."""
    _deferred.depth = getattr(_deferred, "depth", 0) + 1
    try:
        yield
    finally:
        _deferred.depth -= 1
    if not _deferred.depth:
        report_days_rebuild()
