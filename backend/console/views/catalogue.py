"""The catalogue: search as you type, a record with its copies and where each is, a copy with its ledger history
in words, withdrawing a copy, and importing a CSV or MARC file with a preview."""

import base64

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from backend.accounts.decorators import coordinator_required
from backend.core.exceptions import ApplicationError
from backend.core.uploads import UploadTooLargeError, limit_uploads
from backend.places.models import Library, LibraryKind
from backend.stock.catalogue.import_preview import catalogue_import_file, import_format_of
from backend.stock.catalogue.search import catalogue_search as ranked_search
from backend.stock.describe import holder_names, movements_in_words
from backend.stock.holders import Holder
from backend.stock.models import Copy, CopyStatus, Movement, MovementKind, Record
from backend.stock.services import copy_move

from .common import error_text

PAGE_SIZE = 20
IMPORT_SESSION_KEY = "console_catalogue_import"


@coordinator_required
def catalogue_search(request):
    """The search page; htmx asks for the results alone as the coordinator types."""
    query = request.GET.get("q", "").strip()
    page_number = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    found = ranked_search(query=query, page=page_number, limit=PAGE_SIZE)
    rows = [{"record": r, "total": r.copies_total, "available": r.copies_available} for r in found.results]
    context = {"query": query, "rows": rows, "found": found, "total": found.total, "estimated": found.total_is_estimate}
    template = "console/catalogue/_results.html" if request.htmx else "console/catalogue/search.html"
    return render(request, template, context)


@coordinator_required
def record_detail(request, pk):
    record = get_object_or_404(Record, pk=pk)
    copies = list(record.copies.select_related("collection").order_by("barcode"))
    names = holder_names(Holder.of(c) for c in copies)
    rows = [{"copy": c, "where": names[Holder.of(c)]} for c in copies]
    return render(request, "console/catalogue/record.html", {"record": record, "rows": rows})


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawal"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


@coordinator_required
def copy_detail(request, pk):
    copy = get_object_or_404(Copy.objects.select_related("record", "collection"), pk=pk)
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                copy_move(copy=copy, kind=MovementKind.WITHDRAW, reason=form.cleaned_data["reason"], by=request.user)
            except ApplicationError as exc:
                form.add_error(None, error_text(exc))
            else:
                messages.success(request, _("Copy %(barcode)s was withdrawn.") % {"barcode": copy.barcode})
                return redirect("console:copy-detail", pk=copy.pk)
        status = 400
    history = movements_in_words(
        Movement.objects.filter(copy=copy).select_related("site", "collection", "by").order_by("pk")
    )
    context = {
        "copy": copy,
        "where": Holder.of(copy).label(),
        "history": history,
        "form": form,
        "can_withdraw": copy.status != CopyStatus.WITHDRAWN,
    }
    return render(request, "console/catalogue/copy.html", context, status=status)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or MARC file"))
    library = forms.ModelChoiceField(
        label=gettext_lazy("Library that receives the new copies"),
        queryset=Library.objects.filter(is_active=True).order_by("name"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        depot = Library.objects.filter(kind=LibraryKind.PUBLIC, is_active=True).order_by("pk").first()
        if depot is not None:
            self.fields["library"].initial = depot.pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.BOOKBUS["IMPORT_MAX_BYTES"]
        if upload.size > limit:
            raise forms.ValidationError(_("The file is larger than %(size)s.") % {"size": filesizeformat(limit)})
        try:
            self.cleaned_data["format"] = import_format_of(upload.name)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload


@csrf_exempt  # checked by _catalogue_import, once the upload's size limit is in place
@coordinator_required
def catalogue_import(request):
    """Step 1: upload and preview (nothing saved). Step 2: confirm the previewed file (kept in the session).

    A file over ``BOOKBUS["IMPORT_MAX_BYTES"]`` is refused (413) before it is read whole; the CSRF check reads the
    form, so it comes after the limit is set.
    """
    limit_uploads(request, max_bytes=settings.BOOKBUS["IMPORT_MAX_BYTES"], field="file")
    try:
        return _catalogue_import(request)
    except UploadTooLargeError as exc:
        return render(
            request, "console/catalogue/import.html", {"form": ImportForm(), "upload_error": exc.message}, status=413
        )


@csrf_protect
def _catalogue_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context, status = {"form": form}, 200
    if request.method == "POST" and request.POST.get("confirm"):
        return _import_confirmed(request)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            fmt, library = form.cleaned_data["format"], form.cleaned_data["library"]
            try:
                report = catalogue_import_file(data=data, fmt=fmt, library=library, by=request.user, dry_run=True)
            except ApplicationError as exc:
                form.add_error("file", error_text(exc))
            else:
                context.update(report=report, filename=form.cleaned_data["file"].name, library=library)
                if not report.rejected:
                    status = 200
                    request.session[IMPORT_SESSION_KEY] = {
                        "data": base64.b64encode(data).decode("ascii"),
                        "format": fmt,
                        "library": library.pk,
                        "name": form.cleaned_data["file"].name,
                    }
    return render(request, "console/catalogue/import.html", context, status=status)


def _import_confirmed(request):
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    library = Library.objects.filter(pk=(pending or {}).get("library")).first()
    if not pending or library is None:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("console:catalogue-import")
    try:
        report = catalogue_import_file(
            data=base64.b64decode(pending["data"]), fmt=pending["format"], library=library, by=request.user
        )
    except ApplicationError as exc:
        messages.error(request, error_text(exc))
        return redirect("console:catalogue-import")
    if report.rejected:
        messages.error(request, _("The file has changed since the preview: nothing was imported."))
    else:
        messages.success(
            request,
            _("Imported %(name)s: %(records)s new titles, %(copies)s new copies.")
            % {"name": pending["name"], "records": report.records_created, "copies": report.copies_created},
        )
    return redirect("console:catalogue-import")
