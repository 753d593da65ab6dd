"""The planning board: plans by period and bus, planning runs started, watched live (htmx polling) and cancelled."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.decorators import coordinator_required
from backend.core.exceptions import ApplicationError
from backend.places.models import Vehicle, VehicleStatus
from backend.planning import selectors, services
from backend.planning.models import PlanningRun

from .. import wording
from ..forms import PlanFilterForm, PlanningRunForm, next_monday

RECENT_RUNS = 8
_FOUR_WEEKS = datetime.timedelta(days=27)


@coordinator_required
def board(request):
    """Plans newest first (by status and bus), the recent runs with live progress, and the form to start one."""
    filters = PlanFilterForm(request.GET or None)
    status = vehicle = None
    if filters.is_valid():
        status, vehicle = filters.cleaned_data["status"], filters.cleaned_data["vehicle"]
    plans = Paginator(selectors.plan_board_list(status=status, vehicle_id=vehicle.pk if vehicle else None), 20)
    page = plans.get_page(request.GET.get("page"))
    start = PlanningRunForm(
        initial={
            "starts_on": next_monday(),
            "ends_on": next_monday() + _FOUR_WEEKS,
            "vehicles": Vehicle.objects.exclude(status=VehicleStatus.RETIRED),
            "time_limit_s": 30,
        }
    )
    return _board(request, page, filters, start)


def _board(request, page, filters, start, status=200):
    buses = {v.pk: v for v in Vehicle.objects.only("pk", "plate_number", "name")}
    for plan in page:
        ids = [v.pk for v in plan.run.vehicles.all()] if plan.run else []
        ids = ids or sorted({r.vehicle_id for r in plan.routes.all()})
        plan.buses = [buses[i] for i in ids if i in buses]
    runs = [_with_words(r) for r in selectors.planning_run_list().select_related("plan")[:RECENT_RUNS]]
    return render(
        request,
        "console/planning/board.html",
        {"page": page, "filters": filters, "start": start, "runs": runs},
        status=status,
    )


@coordinator_required
@require_POST
def run_start(request):
    """Start a run (the solve goes on in the background) and come back to the board, where it shows live."""
    form = PlanningRunForm(request.POST)
    if form.is_valid():
        try:
            run = services.planning_run_start(user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Planning run #%(id)s started.") % {"id": run.pk})
            return redirect(f"{reverse('console:planning')}#run-{run.pk}")
    page = Paginator(selectors.plan_board_list(), 20).get_page(1)
    return _board(request, page, PlanFilterForm(), form, status=400)


@coordinator_required
def run_progress(request, run_id: int):
    """One run's row: phase, percent and best distance; polled by htmx every second until it finishes."""
    run = get_object_or_404(selectors.planning_run_list().select_related("plan"), pk=run_id)
    return render(request, "console/planning/_run.html", {"run": _with_words(run)})


@coordinator_required
@require_POST
def run_cancel(request, run_id: int):
    run = get_object_or_404(PlanningRun, pk=run_id)
    try:
        run = services.planning_run_cancel(run=run)
    except ApplicationError as error:
        messages.warning(request, error.message)
    if request.htmx:
        return run_progress(request, run_id)
    return redirect(f"{reverse('console:planning')}#run-{run.pk}")


def _with_words(run: PlanningRun) -> PlanningRun:
    run.phase_words = wording.run_phase(run.phase or run.status)
    run.plan_id_or_none = getattr(getattr(run, "plan", None), "pk", None)
    # A bus's trip length shows only where the run set one for itself.
    run.buses_with_trip_days = [(bus.plate_number, run.trip_days.get(str(bus.pk))) for bus in run.vehicles.all()]
    return run
