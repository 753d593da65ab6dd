"""Schools' requests inbox: every request with its state; for a submitted one, the slots the published plan can
offer, booking one on the school's behalf, or declining with a reason. The same services as the API's requests."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.accounts.decorators import coordinator_required
from backend.core.exceptions import ApplicationError
from backend.core.validation import validate_date_in_bounds
from backend.places.models import Vehicle
from backend.planning import selectors
from backend.planning.models import RequestStatus, VisitRequest
from backend.planning.services import slot_book, slot_offers_for, visit_request_decline

PAGE_SIZE = 50


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the request is declined (the school reads this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SlotForm(forms.Form):
    date = forms.DateField(validators=[validate_date_in_bounds])
    vehicle = forms.IntegerField(min_value=1)
    starts_at = forms.TimeField()


@coordinator_required
def request_list(request):
    """Every request, filtered by state (``?status=``, submitted first by default), newest first."""
    status = request.GET.get("status", RequestStatus.SUBMITTED)
    if status not in (*RequestStatus.values, "all"):
        status = RequestStatus.SUBMITTED
    everything = selectors.visit_request_list_for(user=request.user)  # the API's read: both list the same requests
    counts = dict(everything.order_by().values_list("status").annotate(n=Count("id")))
    shown = everything if status == "all" else everything.filter(status=status)
    page = Paginator(shown.select_related("site__commune"), PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [(value, label, counts.get(value, 0)) for value, label in RequestStatus.choices]
    tabs.append(("all", _("all"), sum(counts.values())))
    return render(request, "console/requests/list.html", {"page": page, "status": status, "tabs": tabs})


def _offers(visit_request: VisitRequest) -> list:
    """The slots on offer with their bus's plate; working them out builds the planner's problem (the slow part)."""
    offers = slot_offers_for(request=visit_request) if visit_request.status == RequestStatus.SUBMITTED else []
    plates = dict(Vehicle.objects.filter(pk__in={o.vehicle_id for o in offers}).values_list("pk", "plate_number"))
    return [(offer, plates.get(offer.vehicle_id, "")) for offer in offers]


def _detail(request, visit_request: VisitRequest, decline_form=None, status=200):
    # The slots are worked out apart: htmx asks for them once the page is shown; without script, ?slots=1 does.
    with_slots = request.GET.get("slots") == "1"
    if with_slots and request.htmx:
        return render(
            request, "console/requests/_slots.html", {"visit_request": visit_request, "offers": _offers(visit_request)}
        )
    context = {
        "visit_request": visit_request,
        "offers": _offers(visit_request) if with_slots else None,
        "decline_form": decline_form or DeclineForm(),
    }
    return render(request, "console/requests/detail.html", context, status=status)


def _get(request, pk: int) -> VisitRequest:
    return get_object_or_404(
        selectors.visit_request_list_for(user=request.user).select_related("created_by", "site__commune"), pk=pk
    )


@coordinator_required
def request_detail(request, pk: int):
    """One request: what the school asked for, its state, the slots on offer and the decline form."""
    return _detail(request, _get(request, pk))


@coordinator_required
@require_POST
def request_book(request, pk: int):
    """Book an offered slot on the school's behalf; a slot taken meanwhile shows the fresh offers."""
    visit_request = _get(request, pk)
    slot = SlotForm(request.POST)
    if not slot.is_valid():
        messages.error(request, _("That slot could not be read; please choose again."))
        return redirect("console:request", pk=pk)
    try:
        visit = slot_book(
            request=visit_request,
            date=slot.cleaned_data["date"],
            vehicle_id=slot.cleaned_data["vehicle"],
            starts_at=slot.cleaned_data["starts_at"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Booked for %(school)s: %(date)s at %(time)s. The school is told.")
            % {
                "school": visit_request.school.name,
                "date": _day(visit.route.date),
                "time": visit.starts_at.strftime("%H:%M"),
            },
        )
    return redirect("console:request", pk=pk)


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@coordinator_required
@require_POST
def request_decline(request, pk: int):
    """Decline a submitted request with a reason the school is sent."""
    visit_request = _get(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _detail(request, visit_request, form, status=400)
    try:
        visit_request_decline(request=visit_request, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        form.add_error("reason", error.message_dict.get("reason", error.messages))
        return _detail(request, visit_request, form, status=400)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Declined. The school is told why."))
    return redirect("console:request", pk=pk)
