"""Map pages for coordinators (login required). Unknown plans are 404; bad filters are 400.

Each map has two addresses: the page (``/maps/plan/1/``), which extends ``base.html`` (header menu, language, a way
back) and holds the controls, and its ``embed/`` document, the Folium map itself, which the page shows in an iframe
of this origin. The Folium document stays whole (its own scripts and styles), so the page around it needs none.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin

import maps
from backend.planning.models import Plan
from backend.planning.services.plans import plan_vehicles
from backend.reports.periods import Period, ReportParameterError, report_query_parse
from backend.reports.selectors import report_scope_for

from . import selectors, services


def _coordinator(request):
    if not request.user.is_coordinator:
        raise PermissionDenied


def _page(request, result: maps.MapResult) -> HttpResponse:
    """The map is the whole page; sites it cannot place are listed in a panel on it. Folium writes its code inline:
    each script and style carries the response's CSP nonce (the policy allows no other inline code)."""
    response = HttpResponse(maps.to_html(result, nonce=str(request.csp_nonce)), content_type="text/html; charset=utf-8")
    # Markers and legends are coloured per route with style="" attributes in the HTML that Leaflet inserts: allow
    # those (they run nothing), never inline scripts.
    response._csp_update = {"style-src-attr": ["'unsafe-inline'"]}
    return response


def _bad_parameter(message: str) -> HttpResponseBadRequest:
    """A 400 that shows what was wrong as plain text: what the user typed is echoed, never run as HTML."""
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


PLAN_GROUPINGS = ("date", "vehicle")


def _framed(request, embed_url: str, title, status: int = 200, **context) -> HttpResponse:
    """The page around a map: header menu, title, controls (``context``) and the map in an iframe."""
    query = request.GET.urlencode()
    src = f"{embed_url}?{query}" if query else embed_url
    return render(request, "mapping/page.html", {"title": title, "map_src": src, **context}, status=status)


def _plan_filters(request, plan: Plan) -> tuple[datetime.date | None, int | None]:
    """``?date=``, ``?vehicle=`` and ``?group_by=``, checked alike by the page and its map; raises ValueError for a
    malformed one."""
    day = datetime.date.fromisoformat(request.GET["date"]) if request.GET.get("date") else None
    vehicle = int(request.GET["vehicle"]) if request.GET.get("vehicle") else None
    if request.GET.get("group_by", "date") not in PLAN_GROUPINGS:
        raise ValueError(_("group_by must be one of: %(choices)s") % {"choices": ", ".join(PLAN_GROUPINGS)})
    return day, vehicle


@login_required
def plan_map(request, plan_id: int):
    """A plan's map with date and bus controls, in the page frame."""
    _coordinator(request)
    plan = get_object_or_404(Plan, pk=plan_id)
    try:
        day, vehicle = _plan_filters(request, plan)
    except ValueError as error:
        return _bad_parameter(str(error))
    dates = [plan.starts_on + datetime.timedelta(days=n) for n in range((plan.ends_on - plan.starts_on).days + 1)]
    return _framed(
        request,
        reverse("mapping:plan-embed", args=[plan.pk]),
        _("Map of plan #%(id)s") % {"id": plan.pk},
        plan=plan,
        dates=dates,
        buses=sorted(plan_vehicles(plan), key=lambda v: v.plate_number),
        chosen_date=day,
        chosen_vehicle=vehicle,
    )


@login_required
@xframe_options_sameorigin
def plan_map_embed(request, plan_id: int):
    _coordinator(request)
    plan = get_object_or_404(Plan, pk=plan_id)
    try:
        day, vehicle = _plan_filters(request, plan)
        result = services.map_plan(plan=plan, vehicle_id=vehicle, day=day, group_by=request.GET.get("group_by", "date"))
    except ValueError as error:
        return _bad_parameter(str(error))
    return _page(request, result)


def _coverage_error(request) -> str | None:
    unknown = [k for k in request.GET.getlist("kind") if k not in selectors.SITE_KINDS]
    return _("Unknown site kind: %(kinds)s") % {"kinds": ", ".join(unknown)} if unknown else None


@login_required
def coverage_map(request):
    _coordinator(request)
    if error := _coverage_error(request):
        return _bad_parameter(error)
    return _framed(request, reverse("mapping:coverage-embed"), gettext_lazy("Days since the last visit"))


@login_required
@xframe_options_sameorigin
def coverage_map_embed(request):
    _coordinator(request)
    if error := _coverage_error(request):
        return _bad_parameter(error)
    return _page(request, services.map_coverage(kinds=request.GET.getlist("kind") or None))


@login_required
def plan_map_download(request, plan_id: int):
    """The same map as a self-contained file, to open without a server or a network."""
    _coordinator(request)
    result = services.map_plan(plan=get_object_or_404(Plan, pk=plan_id))
    response = HttpResponse(maps.to_html(result, inline_assets=True), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan_id}.html"'
    return response


@login_required
def live_map(request):
    _coordinator(request)
    return _framed(request, reverse("mapping:live-embed"), gettext_lazy("Where the buses are"))


@login_required
@xframe_options_sameorigin
def live_map_embed(request):
    _coordinator(request)
    return _page(request, services.map_live())


def _bad_request(error: ReportParameterError) -> HttpResponseBadRequest:
    fields = error.extra.get("fields", {})
    details = "; ".join(f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in fields.items())
    return _bad_parameter(f"{error.message} {details}".strip())


ACTIVITY_METRICS = ("reader_visits", "loans", "visits_made", "new_readers")


def _activity_query(request):
    """The period, metric and grouping asked for; raises ReportParameterError."""
    today = timezone.localdate()
    query = report_query_parse(
        start=request.GET.get("start"),
        end=request.GET.get("end"),
        year=request.GET.get("year"),
        default_period=Period(today.replace(month=1, day=1), today),
    )
    metric, by = request.GET.get("metric") or "reader_visits", request.GET.get("by") or "commune"
    fields = {}
    if metric not in ACTIVITY_METRICS:
        fields["metric"] = [_("Use one of: %(m)s.") % {"m": ", ".join(ACTIVITY_METRICS)}]
    if by not in ("commune", "site"):
        fields["by"] = [_("Use 'commune' or 'site'.")]
    if fields:
        raise ReportParameterError(str(_("Some report parameters are not valid.")), extra={"fields": fields})
    return query, metric, by


@login_required
def activity_map(request):
    """Reader visits (or loans, visits made, new readers) per commune or site over a period, as sized circles."""
    _coordinator(request)
    try:
        _activity_query(request)
    except ReportParameterError as error:
        return _bad_request(error)
    return _framed(request, reverse("mapping:activity-embed"), gettext_lazy("Activity by place"))


@login_required
@xframe_options_sameorigin
def activity_map_embed(request):
    _coordinator(request)
    try:
        query, metric, by = _activity_query(request)
    except ReportParameterError as error:
        return _bad_request(error)
    result = services.map_activity(period=query.period, metric=metric, by=by, scope=report_scope_for(user=request.user))
    return _page(request, result)
