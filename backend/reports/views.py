"""Report pages for coordinators (login required): the dashboard and the printable yearly report. Bad parameters
are 400; other roles get 403 (they read their own figures through the API)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import form01 as form
from . import pages, selectors
from . import year_plan as plan_service
from .exports import CONTENT_TYPES
from .models import YearPlan
from .periods import GROUPINGS, ReportParameterError, report_query_parse
from .trips import trips_dashboard_data


def _coordinator(request):
    if not request.user.is_coordinator:
        raise PermissionDenied


def _bad_request(error: ReportParameterError) -> HttpResponseBadRequest:
    fields = error.extra.get("fields", {})
    details = "; ".join(f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in fields.items())
    return HttpResponseBadRequest(f"{error.message} {details}".strip(), content_type="text/plain; charset=utf-8")


@login_required
def dashboard(request):
    """Key figures, monthly reader visits against the target, sites falling behind, links to maps and exports."""
    _coordinator(request)
    today = timezone.localdate()
    try:
        query = report_query_parse(year=request.GET.get("year") or today.year)
    except ReportParameterError as error:
        return _bad_request(error)
    data = pages.dashboard_data(scope=selectors.report_scope_for(user=request.user), today=today,
                                year=query.period.start.year)  # fmt: skip
    activity = reverse("mapping:activity") + f"?year={data['year']}"
    trips = trips_dashboard_data(today=today)
    return render(
        request, "reports/dashboard.html", {**data, **trips, "groupings": GROUPINGS, "activity_map": activity}
    )


@login_required
def yearly_report(request):
    """The yearly report, laid out for printing (calendar year, or the sector's year 1/12–30/11)."""
    _coordinator(request)
    try:
        query = report_query_parse(
            year=request.GET.get("year") or timezone.localdate().year, year_kind=request.GET.get("year_kind")
        )
    except ReportParameterError as error:
        return _bad_request(error)
    sector = request.GET.get("year_kind") == "sector"
    year = query.period.end.year
    data = pages.yearly_report_data(
        scope=selectors.report_scope_for(user=request.user), year=year, sector=sector, today=timezone.localdate()
    )
    return render(request, "reports/yearly.html", data)


@login_required
def form01(request):
    """Form 01 per trip and per point for any period (default: the sector's evaluation year), printable or XLSX."""
    _coordinator(request)
    today = timezone.localdate()
    output, lang = request.GET.get("format") or "html", request.GET.get("lang") or "vi"
    try:
        query = report_query_parse(
            start=request.GET.get("start"),
            end=request.GET.get("end"),
            year=request.GET.get("year"),
            year_kind=request.GET.get("year_kind") or "sector",
            default_period=form.evaluation_year(today),
        )
        if output not in ("html", "xlsx") or lang not in ("vi", "en"):
            raise ReportParameterError(
                str(_("Some report parameters are not valid.")),
                extra={"fields": {"format" if output not in ("html", "xlsx") else "lang": ["html, xlsx / vi, en"]}},
            )
    except ReportParameterError as error:
        return _bad_request(error)
    scope = selectors.report_scope_for(user=request.user)
    if output == "xlsx":
        data = form.form01_data(period=query.period, scope=scope, today=today, trip_page=None)
        response = HttpResponse(form.form01_xlsx(data=data, lang=lang), content_type=CONTENT_TYPES["xlsx"])
        name = f"bieu-01_{query.period.start:%Y-%m-%d}_{query.period.end:%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    page = request.GET.get("page") or "1"
    if not page.isdigit():
        fields = {"page": [_("A page number is expected.")]}
        return _bad_request(
            ReportParameterError(str(_("Some report parameters are not valid.")), extra={"fields": fields})
        )
    data = form.form01_data(period=query.period, scope=scope, today=today, trip_page=int(page))
    return render(request, "reports/form01.html", {**data, "evaluation_year": form.evaluation_year(today)})


@login_required
def year_plan_schedule(request, year: int):
    """The yearly plan's schedule per commune, laid out to print and send (``?commune=<id>``: one commune)."""
    _coordinator(request)
    plan = get_object_or_404(YearPlan, year=year)
    commune = request.GET.get("commune") or None
    if commune is not None and not commune.isdigit():
        fields = {"commune": [_("A commune id is expected.")]}
        return _bad_request(
            ReportParameterError(str(_("Some report parameters are not valid.")), extra={"fields": fields})
        )
    schedule = plan_service.year_plan_schedule(plan=plan, commune_id=int(commune) if commune else None)
    events = plan_service.year_plan_events(plan=plan)
    return render(request, "reports/year_plan.html", {"plan": plan, "communes": schedule, "events": events})
