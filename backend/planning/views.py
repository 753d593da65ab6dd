"""A simple web page for school contacts: the bus's coming visits to their sites, what they were told, their
requests (submit one, pick an offered slot, follow its status)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.core.exceptions import ApplicationError
from backend.notifications.selectors import notification_list_for
from backend.planning import selectors, services
from backend.planning.forms import VisitRequestForm
from backend.planning.providers import visit_etas
from backend.planning.services import slot_book, slot_offers_for

COMING_VISITS_SHOWN = 20
NOTIFICATIONS_SHOWN = 10


def _school_contact(request):
    if not request.user.is_school_contact:
        raise PermissionDenied
    return request.user


@login_required
def request_list(request):
    user = _school_contact(request)
    form = VisitRequestForm(request.POST or None, school=user.school)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.visit_request_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Your request is submitted. Pick a slot below, or wait for planning."))
            return redirect("visits:request-detail", pk=created.pk)
    visits = list(selectors.visit_list_for(user=user).order_by("route__date", "starts_at")[:COMING_VISITS_SHOWN])
    etas = visit_etas(visits=visits)
    for visit in visits:
        visit.eta = etas.get(visit.pk)
    context = {
        "form": form,
        "requests": selectors.visit_request_list_for(user=user),
        "visits": visits,
        "notifications": notification_list_for(user=user)[:NOTIFICATIONS_SHOWN],
    }
    return render(request, "visits/request_list.html", context)


@login_required
def request_detail(request, pk):
    user = _school_contact(request)
    visit_request = get_object_or_404(selectors.visit_request_list_for(user=user), pk=pk)
    offers = slot_offers_for(request=visit_request) if visit_request.status == "submitted" else []
    return render(request, "visits/request_detail.html", {"visit_request": visit_request, "offers": offers})


@login_required
@require_POST
def request_book(request, pk):
    user = _school_contact(request)
    visit_request = get_object_or_404(selectors.visit_request_list_for(user=user), pk=pk)
    try:
        slot_book(
            request=visit_request,
            date=datetime.date.fromisoformat(request.POST["date"]),
            vehicle_id=int(request.POST["vehicle"]),
            starts_at=datetime.time.fromisoformat(request.POST["starts_at"]),
        )
    except (KeyError, ValueError):
        messages.error(request, _("That slot could not be read; please choose again."))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Booked. The bus is coming!"))
    return redirect("visits:request-detail", pk=pk)


@login_required
@require_POST
def request_cancel(request, pk):
    user = _school_contact(request)
    visit_request = get_object_or_404(selectors.visit_request_list_for(user=user), pk=pk)
    try:
        services.visit_request_cancel(request=visit_request)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("visits:request-detail", pk=pk)
