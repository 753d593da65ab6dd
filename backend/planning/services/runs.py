"""Planning runs: started by a coordinator, carried out by a background job, ending in a draft plan."""

import dataclasses
import datetime
import logging
import threading
import time
from collections.abc import Mapping, Sequence

from celery import current_app
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import routing
from backend.accounts.models import User
from backend.core.exceptions import ApplicationError, ConflictError
from backend.core.validation import clean_and_save
from backend.places.models import Vehicle, VehicleStatus
from backend.places.models.fleet import MAX_TRIP_DAYS, MIN_TRIP_DAYS
from backend.planning.models import Plan, PlannedVisit, PlanningRun, RunStatus, VisitStatus
from backend.planning.services.plans import plan_save_from_routing, plan_to_routing, run_trip_days
from backend.planning.services.problem import problem_build
from backend.planning.services.run_watch import planning_runs_reap, run_heartbeat, run_is_stale
from backend.planning.services.translate import BuiltProblem

logger = logging.getLogger(__name__)

# Kept well below the broker's visibility timeout (settings: 3600 s), so a running job is never redelivered.
MAX_TIME_LIMIT_S = 600
MAX_HORIZON_DAYS = 92
# The Celery task that carries out a run (backend/planning/tasks.py), queued by name because that module imports this
# one. The name is older than the planning app; keep it: messages already queued carry it.
PLANNING_RUN_TASK = "tours.planning_run_execute"


class NoActiveVehicleError(ApplicationError):
    code = "no_active_vehicle"


class EmptyHorizonError(ApplicationError):
    code = "empty_horizon"


class TripDaysError(ApplicationError):
    code = "trip_days_invalid"


class RunFinishedError(ConflictError):
    code = "run_finished"


class RunNotRestartableError(ConflictError):
    code = "run_not_restartable"


@transaction.atomic
def planning_run_start(
    *,
    user: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    vehicles: Sequence[Vehicle],
    time_limit_s: int = 30,
    base_plan: Plan | None = None,
    trip_days: Mapping[int, int] | None = None,
    enqueue: bool = True,
) -> PlanningRun:
    """Record a planning run and queue its job (after commit). Refuses an empty horizon or no active vehicle.

    ``trip_days`` sets, for this run only, the longest trip (1..4 days) of some of its buses by vehicle id; the
    others keep their own ``max_trip_days``. A run may both shorten a bus's trips (a day trip this month) and
    lengthen them (a far commune's trip once a quarter) without changing the bus.

    ``enqueue=False`` leaves the job to the caller (``planning_run_execute``), for commands that plan in the foreground.
    """
    if ends_on < starts_on:
        raise EmptyHorizonError(
            _("The horizon ends before it starts."), extra={"fields": {"ends_on": [_("Too early.")]}}
        )
    if (ends_on - starts_on).days >= MAX_HORIZON_DAYS:
        raise EmptyHorizonError(_("Plan at most %(days)d days at a time.") % {"days": MAX_HORIZON_DAYS})
    active = [v for v in vehicles if v.status != VehicleStatus.RETIRED]
    if not active:
        raise NoActiveVehicleError(_("Choose at least one active vehicle."))
    if not any(
        v.is_available_on(starts_on + datetime.timedelta(days=n))
        for v in active
        for n in range((ends_on - starts_on).days + 1)
    ):
        raise EmptyHorizonError(_("No chosen vehicle works on any date of this horizon."))
    run = clean_and_save(
        PlanningRun(
            starts_on=starts_on,
            ends_on=ends_on,
            time_limit_s=min(time_limit_s, MAX_TIME_LIMIT_S),
            base_plan=base_plan,
            trip_days=_checked_trip_days(trip_days or {}, active),
            created_by=user,
            phase="queued",
        )
    )
    run.vehicles.set(active)
    if enqueue:
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _checked_trip_days(trip_days: Mapping[int, int], vehicles: Sequence[Vehicle]) -> dict[str, int]:
    """The run's trip lengths keyed by vehicle id as text (JSON's keys), or ``TripDaysError`` naming the field."""
    chosen = {v.pk for v in vehicles}
    checked = {}
    for vehicle_id, days in trip_days.items():
        if vehicle_id not in chosen:
            message = _("Bus #%(id)s is not one of this run's buses.") % {"id": vehicle_id}
        elif type(days) is not int or not MIN_TRIP_DAYS <= days <= MAX_TRIP_DAYS:
            message = _("A trip lasts from %(low)d to %(high)d days.") % {"low": MIN_TRIP_DAYS, "high": MAX_TRIP_DAYS}
        else:
            checked[str(vehicle_id)] = days
            continue
        raise TripDaysError(message, extra={"fields": {"trip_days": [message]}})
    return checked


def _enqueue(run_id: int) -> None:
    if settings.BOOKBUS["PLANNING_RUNS_IN_THREAD"]:
        # No broker: an eager task would solve inside the request that started the run (for the whole time limit) and
        # answer a stale "queued". A thread of this process carries it out instead and the request returns at once.
        threading.Thread(target=_execute_in_thread, args=(run_id,), name=f"planning-run-{run_id}", daemon=True).start()
        return
    # By name, since tasks.py imports this module.
    current_app.signature(PLANNING_RUN_TASK, args=(run_id,)).delay()


def _execute_in_thread(run_id: int) -> None:
    try:
        planning_run_execute(run_id=run_id)
    except Exception as error:  # noqa: BLE001 - the thread's top: nobody else would record the failure
        logger.exception("planning run %s failed in its thread", run_id)
        PlanningRun.objects.filter(pk=run_id, finished_at__isnull=True).update(
            status=RunStatus.FAILED, phase="failed", error=str(error), finished_at=timezone.now()
        )
    finally:
        connections.close_all()  # this thread's own connections; the server's threads keep theirs


def planning_run_cancel(*, run: PlanningRun) -> PlanningRun:
    """Ask a queued or running run to stop; the job notices within a second or two. A run whose worker died is
    cancelled at once."""
    if run.is_finished:
        raise RunFinishedError(_("This run has already finished."))
    stale = run_is_stale(run)
    fields = {"cancel_requested": True} if stale else {"cancel_requested": True, "updated_at": timezone.now()}
    PlanningRun.objects.filter(pk=run.pk).update(**fields)  # a dead run keeps its last beat, so the reaper ends it
    if stale:
        planning_runs_reap()
    run.refresh_from_db()
    return run


def planning_run_restart(*, run: PlanningRun) -> PlanningRun:
    """Queue a failed or cancelled run again, with the same horizon, vehicles and base plan."""
    if run.status not in (RunStatus.FAILED, RunStatus.CANCELLED):
        raise RunNotRestartableError(_("Only a failed or cancelled run can be started again."))
    with transaction.atomic():
        restarted = PlanningRun.objects.filter(pk=run.pk, status__in=[RunStatus.FAILED, RunStatus.CANCELLED]).update(
            status=RunStatus.QUEUED,
            phase="queued",
            percent=0,
            best_distance_m=None,
            cancel_requested=False,
            error="",
            started_at=None,
            finished_at=None,
            updated_at=timezone.now(),
        )
        if restarted:
            transaction.on_commit(lambda: _enqueue(run.pk))
    run.refresh_from_db()
    return run


def planning_run_execute(*, run_id: int) -> PlanningRun:
    """Carry out a run: build the problem, solve, save the draft. Idempotent by run id.

    A redelivered job finds the run no longer queued and returns at once, so a run never plans twice.
    """
    with transaction.atomic():
        claimed = PlanningRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=timezone.now(), phase="building", percent=5
        )
    run = PlanningRun.objects.get(pk=run_id)
    if not claimed:
        return _redelivered(run)
    if run.cancel_requested:
        return _finish(run, RunStatus.CANCELLED, phase="cancelled")
    with run_heartbeat(run.pk):
        return _carry_out(run)


def _redelivered(run: PlanningRun) -> PlanningRun:
    """A job for a run already taken: a duplicate, or the run's worker died (the broker hands its job out again).
    Wait until the run either ends or stops beating, and end it then, rather than leave it ``running``."""
    deadline = time.monotonic() + settings.PLANNING_RUN_STALE_S + settings.PLANNING_RUN_HEARTBEAT_S
    while run.status == RunStatus.RUNNING and time.monotonic() < deadline:
        if run_is_stale(run):
            planning_runs_reap()
            break
        time.sleep(1)
        run.refresh_from_db()
    run.refresh_from_db()
    return run


def _carry_out(run: PlanningRun) -> PlanningRun:
    try:
        # A re-plan sees the network as its base plan did, so that the same needs keep the same visit ids.
        built = problem_build(
            starts_on=run.starts_on,
            ends_on=run.ends_on,
            vehicles=list(run.vehicles.all()),
            history_before=run.starts_on if run.base_plan_id else None,
            trip_days=run_trip_days(run),
        )
        plan = _solve(run, built)
    except routing.SolveCancelled:
        return _finish(run, RunStatus.CANCELLED, phase="cancelled")
    except (ValueError, routing.RoutingError) as error:
        return _finish(run, RunStatus.FAILED, phase="failed", error=str(error))
    _progress(run, phase="saving", percent=95)
    with transaction.atomic():
        plan_save_from_routing(run=run, built=built, plan=plan)
        return _finish(run, RunStatus.SUCCEEDED, phase="done", percent=100)


def _solve(run: PlanningRun, built: BuiltProblem) -> routing.Plan:
    _progress(run, phase="solving", percent=10)
    started = time.monotonic()
    last_report = [0.0]

    def on_progress(best_distance_m: int | None) -> bool:
        """Report at most once a second; returning False stops the solver (the run was cancelled)."""
        now = time.monotonic()
        if now - last_report[0] < 1.0:
            return True
        last_report[0] = now
        share = min(1.0, (now - started) / max(run.time_limit_s, 1))
        _progress(run, percent=10 + int(share * 80), best_distance_m=best_distance_m)
        return not PlanningRun.objects.filter(pk=run.pk, cancel_requested=True).exists()

    params = routing.SolveParams(time_limit_s=run.time_limit_s, seed=run.pk)
    if run.base_plan_id:
        _make_up_after_skips(built, run.base_plan)
        previous, done = plan_to_routing(run.base_plan, built)
        # Visits placed by hand (pinned) stay where they are, as visits already made do.
        pinned = set(
            PlannedVisit.objects.filter(route__plan=run.base_plan, pinned=True, status=VisitStatus.PLANNED).values_list(
                "key", flat=True
            )
        ) & {v.id for v in built.problem.visits}
        result = routing.replan(
            built.problem,
            previous,
            today=max(timezone.localdate(), run.starts_on),
            done=done | pinned,
            params=params,
            progress=on_progress,
        )
        built.changes = [
            {
                "visit": c.visit_id,
                "kind": c.kind,
                "reason": c.reason,
                "before": _describe(c.before),
                "after": _describe(c.after),
            }
            for c in result.changes
        ]
        built.moved_share = result.moved_share
        return result.plan
    return routing.solve(built.problem, params, progress=on_progress)


def _make_up_after_skips(built: BuiltProblem, base_plan) -> None:
    """A skipped visit is made up after the day it was skipped: never again that day (or before)."""
    skipped = dict(
        PlannedVisit.objects.filter(route__plan=base_plan, status=VisitStatus.SKIPPED).values_list("key", "route__date")
    )
    if not skipped:
        return
    visits = [
        dataclasses.replace(v, dates=tuple(d for d in (v.dates or built.problem.dates) if d > skipped[v.id]))
        if v.id in skipped
        else v
        for v in built.problem.visits
    ]
    built.problem = dataclasses.replace(built.problem, visits=tuple(visits))


def _describe(place: tuple | None) -> dict | None:
    if place is None:
        return None
    vehicle, day, start_s = place
    return {"vehicle": vehicle, "date": day.isoformat(), "start": f"{start_s // 3600:02d}:{start_s % 3600 // 60:02d}"}


def _progress(run: PlanningRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    PlanningRun.objects.filter(pk=run.pk).update(updated_at=timezone.now(), **fields)


def _finish(run: PlanningRun, status: str, **fields) -> PlanningRun:
    _progress(run, status=status, finished_at=timezone.now(), **fields)
    logger.info("planning run %s finished: %s %s", run.pk, status, fields.get("error", ""))
    return run
