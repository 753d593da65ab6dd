"""Disruptions: a bus out of service, a site closed, a visit the crew skipped. Each is recorded and re-planned by the
planning services (as the API's disruptions do); the coordinator follows the re-plan, sees what changed and publishes,
and publishing tells the schools concerned."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from backend.accounts.decorators import coordinator_required
from backend.core.exceptions import ApplicationError
from backend.core.validation import validate_date_in_bounds
from backend.places.models import ServiceSite, Vehicle, VehicleStatus
from backend.planning.models import PlannedVisit, PlanningRun, PlanStatus, SkipCause
from backend.planning.services import disruptions, plan_publish

from .. import replans

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DisruptionForm(forms.Form):
    starts_on = forms.DateField(label=gettext_lazy("From"), widget=DATE, validators=[validate_date_in_bounds])
    ends_on = forms.DateField(label=gettext_lazy("Until (included)"), widget=DATE, validators=[validate_date_in_bounds])
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=160)
    time_limit_s = forms.IntegerField(
        label=gettext_lazy("Re-planning time (seconds)"), min_value=1, max_value=600, initial=10
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return data


class VehicleOutForm(DisruptionForm):
    vehicle = forms.ModelChoiceField(
        label=gettext_lazy("Bus"),
        queryset=Vehicle.objects.exclude(status=VehicleStatus.RETIRED).order_by("name"),
        empty_label=gettext_lazy("Choose a bus"),
    )
    field_order = ["vehicle"]


class SiteClosedForm(DisruptionForm):
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"),
        queryset=ServiceSite.objects.filter(is_active=True).only("id", "name").order_by("name"),
        empty_label=gettext_lazy("Choose a site"),
    )
    field_order = ["site"]


class VisitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, visit):
        return (
            f"{visit.route.date:%d/%m/%Y} · {visit.starts_at:%H:%M} · {visit.route.vehicle.plate_number} · "
            f"{visit.site.name}"
        )


class VisitSkipForm(forms.Form):
    visit = VisitChoiceField(
        label=gettext_lazy("Visit (the next two weeks)"),
        queryset=PlannedVisit.objects.none(),
        empty_label=gettext_lazy("Choose a visit"),
    )
    cause = forms.ChoiceField(label=gettext_lazy("Cause"), choices=SkipCause.choices, initial=SkipCause.OTHER)
    reason = forms.CharField(label=gettext_lazy("What the crew said"), max_length=500)
    replan = forms.BooleanField(label=gettext_lazy("Re-plan the visit now"), required=False, initial=True)
    time_limit_s = forms.IntegerField(
        label=gettext_lazy("Re-planning time (seconds)"), min_value=1, max_value=600, initial=10
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = replans.skippable_visits()  # from today on: read at each request


FORMS = {"out": VehicleOutForm, "closed": SiteClosedForm, "skip": VisitSkipForm}


def _page(request, bound=None, status=200):
    """The page with its three forms; ``bound`` replaces the empty one it was posted from (with its errors)."""
    forms_by_prefix = {prefix: form_class(prefix=prefix) for prefix, form_class in FORMS.items()}
    if bound is not None:
        forms_by_prefix[bound.prefix] = bound
    context = {"forms": forms_by_prefix, "runs": replans.replan_run_list()}
    return render(request, "console/disruptions/index.html", context, status=status)


@coordinator_required
def disruption_index(request):
    """Declare a disruption, and the latest re-plans with their state."""
    return _page(request)


def _declare(request, prefix: str, record):
    """Validate the posted form, call ``record(data)`` (a disruption service), then follow its re-plan."""
    form = FORMS[prefix](request.POST, prefix=prefix)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        run = record(form.cleaned_data)
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
        return _page(request, form, status=400)
    except ApplicationError as error:
        form.add_error(None, error.message)
        return _page(request, form, status=error.status)
    if run is None:
        messages.success(request, _("The visit is recorded as skipped. It was not re-planned."))
        return redirect("console:disruptions")
    messages.success(request, _("Recorded. The published plan is being re-planned around it."))
    return redirect("console:replan", run_id=run.pk)


@coordinator_required
@require_POST
def vehicle_out(request):
    def record(data):
        return disruptions.vehicle_mark_out_of_service(user=request.user, **data)[1]

    return _declare(request, "out", record)


@coordinator_required
@require_POST
def site_closed(request):
    def record(data):
        return disruptions.site_mark_closed(user=request.user, **data)[1]

    return _declare(request, "closed", record)


@coordinator_required
@require_POST
def visit_skip(request):
    def record(data):
        return disruptions.visit_skip(user=request.user, **data)[1]

    return _declare(request, "skip", record)


def _run(run_id: int) -> PlanningRun:
    return get_object_or_404(PlanningRun.objects.filter(base_plan__isnull=False).select_related("base_plan"), pk=run_id)


@coordinator_required
def replan_detail(request, run_id: int):
    """A re-plan: its progress while it runs, then its changes, the schools to tell, and publishing."""
    run = _run(run_id)
    if request.htmx and request.GET.get("progress"):
        # Polled while the run works; once it has finished the whole page is reloaded to show the changes.
        if run.is_finished:
            return HttpResponseClientRefresh()
        return render(request, "console/disruptions/_replan_progress.html", {"run": run})
    replan = replans.replan_get(run=run)
    return render(
        request,
        "console/disruptions/replan.html",
        {"replan": replan, "run": run, "draft": replan.draft, "is_draft": _is_draft(replan)},
    )


def _is_draft(replan) -> bool:
    return replan.draft is not None and replan.draft.status == PlanStatus.DRAFT


@coordinator_required
@require_POST
def replan_publish(request, run_id: int):
    """Publish the re-plan's draft; the planning service refuses a stale or partial one, and tells the schools."""
    run = _run(run_id)
    draft = getattr(run, "plan", None)
    if draft is None:
        messages.error(request, _("This re-plan has no draft to publish yet."))
        return redirect("console:replan", run_id=run.pk)
    try:
        plan_publish(plan=draft, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Published. The crews see the new routes and the schools concerned are told."))
    return redirect("console:replan", run_id=run.pk)
