"""Report pages for coordinators (login required): the dashboard and the printable yearly report. Bad parameters
are 400; other roles get 403 (they read their own figures through the API)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from . import pages, selectors
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
    data = pages.yearly_report_data(scope=selectors.report_scope_for(user=request.user), year=year, sector=sector)
    return render(request, "reports/yearly.html", data)
