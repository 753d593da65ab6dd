"""Readers: search, register, edit, print the library card (Code 128 barcode), loans and history, renew a loan or
the card, reservations. Loan limits come from the reader's category (``STOCK_LOAN_LIMITS``)."""

import io

from barcode import Code128
from barcode.writer import SVGWriter
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.decorators import coordinator_required
from backend.core.text import fold
from backend.core.validation import validate_date_in_bounds
from backend.places.models import School, ServiceSite
from backend.stock.loans import reader_loan_limit, reader_register
from backend.stock.models import Loan, Reader, Reservation, ReservationStatus
from backend.stock.reader_services import card_expiry_for_new_card, loan_renew, reader_update, reservation_cancel

from .common import REFUSALS, error_text

SHOWN = 50


class ReaderForm(forms.ModelForm):
    class Meta:
        model = Reader
        fields = ["card_number", "full_name", "birth_year", "phone", "category", "school", "site", "card_expires_on"]
        widgets = {"card_expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.order_by("name")
        self.fields["site"].queryset = ServiceSite.objects.filter(is_active=True).order_by("name")
        self.fields["card_expires_on"].validators.append(validate_date_in_bounds)
        if self.instance.pk:
            self.fields["card_number"].disabled = True  # printed on the card
        else:
            self.fields["card_expires_on"].initial = card_expiry_for_new_card()


@coordinator_required
def reader_list(request):
    query = request.GET.get("q", "").strip()
    readers = Reader.objects.select_related("school", "site").order_by("card_number")
    if query:
        readers = readers.filter(search_text__contains=fold(query))
    rows = list(readers[: SHOWN + 1])
    context = {"query": query, "readers": rows[:SHOWN], "more": len(rows) > SHOWN}
    template = "console/readers/_results.html" if request.htmx else "console/readers/list.html"
    return render(request, template, context)


@coordinator_required
def reader_new(request):
    form = ReaderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ReaderForm.Meta.fields}
        try:
            reader = reader_register(by=request.user, **data)
        except REFUSALS as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Reader %(card)s registered.") % {"card": reader.card_number})
            return redirect("console:reader-detail", pk=reader.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "console/readers/form.html", {"form": form}, status=status)


@coordinator_required
def reader_edit(request, pk):
    reader = get_object_or_404(Reader, pk=pk)
    form = ReaderForm(request.POST or None, instance=Reader.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ReaderForm.Meta.fields if k != "card_number"}
        try:
            reader_update(reader=reader, data=data)
        except REFUSALS as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("console:reader-detail", pk=reader.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "console/readers/form.html", {"form": form, "reader": reader}, status=status)


@coordinator_required
def reader_detail(request, pk):
    reader = get_object_or_404(Reader.objects.select_related("school", "site"), pk=pk)
    loans = list(Loan.objects.filter(reader=reader).select_related("copy__record", "site").order_by("-lent_at")[:100])
    today = timezone.localdate()
    context = {
        "reader": reader,
        "open_loans": [loan for loan in loans if loan.returned_at is None],
        "past_loans": [loan for loan in loans if loan.returned_at is not None],
        "reservations": Reservation.objects.filter(reader=reader).select_related("record", "site").order_by("-pk"),
        "limit": reader_loan_limit(reader),
        "expired": reader.card_expires_on is not None and reader.card_expires_on < today,
        "today": today,
    }
    return render(request, "console/readers/detail.html", context)


@coordinator_required
def reader_card(request, pk):
    """The card to print: name, card number, valid until, and the barcode the scanners read."""
    reader = get_object_or_404(Reader.objects.select_related("school"), pk=pk)
    return render(request, "console/readers/card.html", {"reader": reader})


@coordinator_required
def reader_card_barcode(request, pk):
    """The card number as a Code 128 barcode (SVG), as an image of its own."""
    reader = get_object_or_404(Reader, pk=pk)
    out = io.BytesIO()
    Code128(reader.card_number, writer=SVGWriter()).write(out, {"write_text": False, "module_height": 12})
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@require_POST
@coordinator_required
def reader_renew_card(request, pk):
    reader = get_object_or_404(Reader, pk=pk)
    reader_update(reader=reader, data={"card_expires_on": card_expiry_for_new_card()})
    messages.success(request, _("The card is renewed."))
    return redirect("console:reader-detail", pk=pk)


@require_POST
@coordinator_required
def loan_renew_view(request, pk):
    loan = get_object_or_404(Loan, pk=pk)
    try:
        renewed = loan_renew(loan=loan)
    except REFUSALS as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Due back on %(day)s.") % {"day": renewed.due_on.strftime("%d/%m/%Y")})
    return redirect("console:reader-detail", pk=loan.reader_id)


@require_POST
@coordinator_required
def reservation_cancel_view(request, pk):
    reservation = get_object_or_404(Reservation, pk=pk, status=ReservationStatus.OPEN)
    reservation_cancel(reservation=reservation)
    messages.success(request, _("The reservation is cancelled."))
    return redirect("console:reader-detail", pk=reservation.reader_id)
