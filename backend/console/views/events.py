"""Events (Book Day 21/4, Lifelong Learning Week 1–7/10, storytelling, contests, reading clubs): list, record,
edit, plan as the bus's sessions at their points, and report participants and activities afterwards."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.accounts.decorators import coordinator_required
from backend.outreach.events import (
    EVENT_FIELDS,
    REPORT_FIELDS,
    event_create,
    event_plan_visits,
    event_report,
    event_update,
)
from backend.outreach.models import Activity, Event
from backend.outreach.selectors import event_list
from backend.places.models import ServiceSite

from .common import REFUSALS, error_text

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(forms.ModelForm):
    activities = forms.MultipleChoiceField(
        label=gettext_lazy("Activities"), choices=Activity.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Event
        fields = ["kind", "name", "starts_on", "ends_on", "sites", "activities", "expected_participants", "notes"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "sites": forms.SelectMultiple(attrs={"size": 8}),
                   "notes": forms.Textarea(attrs={"rows": 3})}  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = ServiceSite.objects.filter(is_active=True).order_by("name")


class ReportForm(forms.ModelForm):
    activities = forms.MultipleChoiceField(
        label=gettext_lazy("Activities held"), choices=Activity.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Event
        fields = list(REPORT_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants_total"].required = True


def _apply(request, form: EventForm, event: Event | None):
    data = {name: form.cleaned_data[name] for name in EVENT_FIELDS}
    try:
        if event is None:
            return event_create(sites=form.cleaned_data["sites"], **data)
        return event_update(event=event, sites=form.cleaned_data["sites"], **data)
    except REFUSALS as exc:
        form.add_error(None, error_text(exc))
        return None


@coordinator_required
def event_index(request):
    events = list(event_list()[:100])
    return render(request, "console/events/list.html", {"events": events, "today": timezone.localdate()})


@coordinator_required
def event_new(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (event := _apply(request, form, None)) is not None:
        messages.success(request, _("Event recorded."))
        return redirect("console:event", pk=event.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "console/events/form.html", {"form": form}, status=status)


@coordinator_required
def event_edit(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid() and _apply(request, form, event) is not None:
        messages.success(request, _("Saved."))
        return redirect("console:event", pk=event.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "console/events/form.html", {"form": form, "event": event}, status=status)


def _detail(request, event: Event, report_form: ReportForm | None = None, status: int = 200):
    today = timezone.localdate()
    if report_form is None and event.starts_on <= today:
        report_form = ReportForm(instance=event)
    context = {
        "event": event,
        "sites": event.sites.order_by("name"),
        "visits": event.visits.select_related("site", "route__vehicle").order_by("route__date", "starts_at"),
        "requests": event.requests.select_related("site").order_by("preferred_from", "pk"),
        "report_form": report_form,
        "today": today,
    }
    return render(request, "console/events/detail.html", context, status=status)


@coordinator_required
def event_detail(request, pk):
    return _detail(request, get_object_or_404(Event, pk=pk))


@require_POST
@coordinator_required
def event_plan(request, pk):
    event = get_object_or_404(Event, pk=pk)
    try:
        done = event_plan_visits(event=event, by=request.user)
    except REFUSALS as exc:
        messages.error(request, error_text(exc))
        return redirect("console:event", pk=pk)
    messages.success(
        request,
        _("%(attached)d sessions attached, %(requested)d visit requests made.")
        % {"attached": len(done.attached), "requested": len(done.requested)},
    )
    for site, reason in done.unplanned:
        messages.warning(request, _("%(site)s: no session (%(reason)s).") % {"site": site.name, "reason": reason})
    return redirect("console:event", pk=pk)


@require_POST
@coordinator_required
def event_report_view(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = ReportForm(request.POST, instance=Event.objects.get(pk=pk))
    if form.is_valid():
        try:
            event_report(event=event, by=request.user, **{k: form.cleaned_data[k] for k in REPORT_FIELDS})
        except REFUSALS as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The event's results are recorded."))
            return redirect("console:event", pk=pk)
    return _detail(request, event, form, status=400)
