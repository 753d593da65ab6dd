"""Reviewing a plan: the calendar grid, a day's or a bus's map, left-out visits, the comparison with the published
plan, publishing; and adjusting a draft by hand (move, pin) through the planning services."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.decorators import coordinator_required
from backend.core.exceptions import ApplicationError
from backend.places.models import Vehicle
from backend.planning import selectors, services
from backend.planning.models import Plan, PlannedVisit, PlanStatus
from backend.planning.services.plans import plan_trip_days, plan_vehicles

from .. import wording
from ..forms import VisitMoveForm

WEEK = 7


@coordinator_required
def plan_review(request, plan_id: int):
    plan = get_object_or_404(Plan.objects.select_related("run", "published_by"), pk=plan_id)
    buses = sorted(plan_vehicles(plan), key=lambda v: v.plate_number)
    dates = _plan_dates(plan)
    week_start = _date_in(request.GET.get("week"), dates) or plan.starts_on
    week = [d for d in dates if week_start <= d < week_start + datetime.timedelta(days=WEEK)]
    comparison = services.plan_compare(draft=plan) if plan.status == PlanStatus.DRAFT else None
    # Against nothing published every visit would read "added": the comparison says so once instead.
    compared = comparison is not None and comparison.published_visits is not None
    changes = selectors.plan_diff(draft=plan) if compared else []
    change_of = {c.key: c.kind for c in changes if c.after is not None}
    routes = selectors.plan_routes_between(plan=plan, starts_on=week[0], ends_on=week[-1])
    by_cell = {(r.vehicle_id, r.date): r for r in routes}
    grid = [{"bus": bus, "cells": [{"date": d, "route": by_cell.get((bus.pk, d))} for d in week]} for bus in buses]
    for route in routes:
        for visit in route.visits.all():
            visit.change = change_of.get(visit.key)
    map_date = _date_in(request.GET.get("map_date"), dates)
    map_bus = next((b for b in buses if str(b.pk) == request.GET.get("map_bus")), None)
    if map_date is None and map_bus is None and "map_date" not in request.GET:
        map_date = next((r.date for r in routes), week[0])
    map_query = {
        k: v for k, v in (("date", map_date and map_date.isoformat()), ("vehicle", map_bus and map_bus.pk)) if v
    }
    left_out = [
        {"site": lo.site, "reason": wording.left_out_reason(lo.reason)}
        for lo in plan.left_out.select_related("site__commune")
    ]
    return render(
        request,
        "console/planning/review.html",
        {
            "plan": plan,
            "buses": buses,
            "dates": dates,
            "week": week,
            "previous_week": _shift(week_start, -WEEK, dates),
            "next_week": _shift(week_start, WEEK, dates),
            "grid": grid,
            "changes": [{"change": c, "words": wording.CHANGE_KINDS[c.kind]} for c in changes],
            "comparison": comparison,
            "left_out": left_out,
            "map_date": map_date,
            "map_bus": map_bus,
            "map_src": f"{reverse('mapping:plan-embed', args=[plan.pk])}?{urlencode(map_query)}",
        },
    )


@coordinator_required
@require_POST
def plan_publish(request, plan_id: int):
    plan = get_object_or_404(Plan, pk=plan_id)
    try:
        services.plan_publish(plan=plan, user=request.user)
    except ApplicationError as error:
        messages.error(request, _("Not published: %(reason)s") % {"reason": error.message})
    else:
        messages.success(
            request, _("Plan #%(id)s is published: the crews and the schools see it now.") % {"id": plan.pk}
        )
    return redirect("console:plan", plan.pk)


@coordinator_required
@require_POST
def plan_replan(request, plan_id: int):
    """Plan the same dates and buses again from this plan: pinned visits stay, the rest moves as little as it can."""
    plan = get_object_or_404(Plan, pk=plan_id)
    try:
        run = services.planning_run_start(
            user=request.user,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            vehicles=plan_vehicles(plan),
            time_limit_s=30,
            base_plan=plan,
            trip_days=plan_trip_days(plan),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("console:plan", plan.pk)
    messages.success(request, _("Planning run #%(id)s started.") % {"id": run.pk})
    return redirect(f"{reverse('console:planning')}#run-{run.pk}")


@coordinator_required
def visit_move(request, visit_id: int):
    """Move a draft's visit to another date, bus or place; the planner's checker decides, and says why it refuses."""
    visit = get_object_or_404(PlannedVisit.objects.select_related("route__plan", "route__vehicle", "site"), pk=visit_id)
    plan = visit.route.plan
    buses = plan_vehicles(plan)
    form = VisitMoveForm(
        request.POST or None,
        plan_dates=_plan_dates(plan),
        vehicles=Vehicle.objects.filter(pk__in=[b.pk for b in buses]).order_by("plate_number"),
        initial={"date": visit.route.date.isoformat(), "vehicle": visit.route.vehicle_id},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                moved = services.planned_visit_move(visit=visit, **form.cleaned_data)
            except ApplicationError as error:
                for reason in error.extra.get("reasons") or [error.message]:
                    form.add_error(None, reason)
            else:
                messages.success(
                    request,
                    _("%(site)s now on %(date)s at %(time)s with %(bus)s, pinned.")
                    % {
                        "site": moved.site.name,
                        "date": moved.route.date.strftime("%d/%m/%Y"),
                        "time": moved.starts_at.strftime("%H:%M"),
                        "bus": moved.route.vehicle.plate_number,
                    },
                )
                return redirect(_review_url(plan, moved.route.date, moved.pk))
        status = 400
    return render(request, "console/planning/move.html", {"visit": visit, "plan": plan, "form": form}, status=status)


@coordinator_required
@require_POST
def visit_pin(request, visit_id: int):
    visit = get_object_or_404(PlannedVisit.objects.select_related("route__plan", "site"), pk=visit_id)
    pinned = request.POST.get("pinned") == "1"
    try:
        services.planned_visit_pin(visit=visit, pinned=pinned)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        words = _("%(site)s is pinned.") if pinned else _("%(site)s is no longer pinned.")
        messages.success(request, words % {"site": visit.site.name})
    return redirect(_review_url(visit.route.plan, visit.route.date, visit.pk))


def _review_url(plan: Plan, day: datetime.date, visit_id: int) -> str:
    start = plan.starts_on + datetime.timedelta(days=(day - plan.starts_on).days // WEEK * WEEK)
    return f"{reverse('console:plan', args=[plan.pk])}?week={start.isoformat()}#visit-{visit_id}"


def _plan_dates(plan: Plan) -> list[datetime.date]:
    return [plan.starts_on + datetime.timedelta(days=n) for n in range((plan.ends_on - plan.starts_on).days + 1)]


def _date_in(value: str | None, dates: list[datetime.date]) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if day in dates else None


def _shift(start: datetime.date, days: int, dates: list[datetime.date]) -> datetime.date | None:
    day = start + datetime.timedelta(days=days)
    return day if day in dates else None
