"""Donation drives (*quyên góp sách*): list and record drives, their donors and gifts, enter the donated copies into
the catalogue (through the stock ledger), and print a thank-you letter per donor."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.accounts.decorators import coordinator_required
from backend.outreach.donations import (
    DRIVE_FIELDS,
    DonatedItem,
    donation_receive,
    donor_create,
    drive_create,
    drive_update,
)
from backend.outreach.models import DonationDrive, Donor, DonorKind
from backend.outreach.selectors import drive_donors, drive_list, thank_you_letter
from backend.places.models import Library, LibraryKind

from .common import REFUSALS, error_text

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DriveForm(forms.ModelForm):
    class Meta:
        model = DonationDrive
        fields = list(DRIVE_FIELDS)
        widgets = {"starts_on": DATE, "ends_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = Library.objects.filter(kind=LibraryKind.PUBLIC).order_by("name")


class DonorForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Donor"), choices=DonorKind.choices)
    full_name = forms.CharField(
        label=gettext_lazy("Full name (family, middle, given: Trần Văn Hùng)"), max_length=180, required=False
    )
    organisation = forms.CharField(label=gettext_lazy("Organisation name"), max_length=200, required=False)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=32, required=False)


class GiftForm(forms.Form):
    donor = forms.ModelChoiceField(label=gettext_lazy("Donor"), queryset=Donor.objects.all())
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DATE)
    copies = forms.IntegerField(label=gettext_lazy("Number of copies"), min_value=1, max_value=100_000)
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    items = forms.CharField(
        label=gettext_lazy("Copies to catalogue now, one a line: barcode; ISBN or title; authors (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_items(self) -> list[DonatedItem]:
        items = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(_("Line %(n)d: write the barcode, then the ISBN or title.") % {"n": number})
            code, book = parts[0], parts[1]
            is_isbn = book.replace("-", "").replace(" ", "").upper().rstrip("X").isdigit()
            authors = parts[2] if len(parts) > 2 else ""
            items.append(DonatedItem(barcode=code, isbn=book if is_isbn else "", title="" if is_isbn else book,
                                     authors=authors))  # fmt: skip
        return items


@coordinator_required
def drive_index(request):
    form = DriveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drive = drive_create(**{k: form.cleaned_data[k] for k in DRIVE_FIELDS})
        except REFUSALS as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Drive recorded."))
            return redirect("console:drive", pk=drive.pk)
    status = 400 if request.method == "POST" else 200
    drives = list(drive_list()[:100])
    return render(request, "console/drives/list.html", {"drives": drives, "form": form}, status=status)


def _detail(request, drive, *, donor_form=None, gift_form=None, status=200):
    context = {
        "drive": drive,
        "donors": drive_donors(drive=drive),
        "donor_form": donor_form or DonorForm(),
        "gift_form": gift_form or GiftForm(initial={"received_on": timezone.localdate()}),
    }
    return render(request, "console/drives/detail.html", context, status=status)


def _drive(pk) -> DonationDrive:
    return get_object_or_404(DonationDrive.objects.select_related("library"), pk=pk)


@coordinator_required
def drive_detail(request, pk):
    return _detail(request, _drive(pk))


@coordinator_required
def drive_edit(request, pk):
    drive = _drive(pk)
    form = DriveForm(request.POST or None, instance=DonationDrive.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            drive_update(drive=drive, **{k: form.cleaned_data[k] for k in DRIVE_FIELDS})
        except REFUSALS as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("console:drive", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "console/drives/form.html", {"form": form, "drive": drive}, status=status)


@require_POST
@coordinator_required
def donor_new(request, pk):
    drive = _drive(pk)
    form = DonorForm(request.POST)
    if form.is_valid():
        try:
            donor = donor_create(**form.cleaned_data)
        except REFUSALS as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Donor %(name)s added.") % {"name": donor.name})
            return redirect("console:drive", pk=pk)
    return _detail(request, drive, donor_form=form, status=400)


@require_POST
@coordinator_required
def gift_new(request, pk):
    drive = _drive(pk)
    form = GiftForm(request.POST)
    if form.is_valid():
        try:
            gift = donation_receive(drive=drive, by=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            form.add_error("items" if "items" in getattr(exc, "message_dict", {}) else None, error_text(exc))
        else:
            messages.success(
                request,
                _("Gift of %(n)d copies from %(donor)s recorded; %(done)d catalogued.")
                % {"n": gift.copies, "donor": gift.donor.name, "done": len(form.cleaned_data["items"])},
            )
            return redirect("console:drive", pk=pk)
    return _detail(request, drive, gift_form=form, status=400)


@coordinator_required
def thank_you(request, pk, donor_pk):
    drive = get_object_or_404(DonationDrive.objects.select_related("library__commune__province"), pk=pk)
    donor = get_object_or_404(Donor, pk=donor_pk)
    letter = thank_you_letter(drive=drive, donor=donor, day=timezone.localdate())
    if letter is None:
        raise Http404(_("This donor gave nothing to this drive."))
    return render(request, "console/drives/letter.html", {"letter": letter})
