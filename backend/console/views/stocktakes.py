"""Stocktakes (kiểm kê): start one for a depot, a bus or a point (whole, or one collection, or a shelf range), scan
the copies (kept in the session until the count is finished), then see the discrepancies with titles and settle
each by a ledger movement."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.accounts.decorators import coordinator_required
from backend.places.models import Library, LibraryKind, ServiceSite, Vehicle
from backend.stock.describe import holder_names
from backend.stock.holders import Holder, site_library
from backend.stock.models import Copy, RotatingCollection, Stocktake
from backend.stock.models.stocktake import check_shelf_range
from backend.stock.stocktake import stocktake_submit
from backend.stock.stocktake_settle import SETTLEMENTS, stocktake_discrepancies, stocktake_holder, stocktake_settle

from .common import REFUSALS, error_text

DRAFT_KEY = "console_stocktake_draft"


def _place_choices():
    depots = [
        (f"library:{lib.pk}", lib.name) for lib in Library.objects.filter(kind=LibraryKind.PUBLIC, is_active=True)
    ]
    buses = [(f"vehicle:{v.pk}", v.plate_number) for v in Vehicle.objects.order_by("plate_number")]
    sites = [(f"site:{s.pk}", s.name) for s in ServiceSite.objects.filter(is_active=True).order_by("name")]
    return [
        ("", "—"),
        (_("Depots"), depots),
        (_("Buses"), buses),
        (_("Points"), sites),
    ]


class StartForm(forms.Form):
    place = forms.ChoiceField(label=gettext_lazy("What to count"))
    collection = forms.ModelChoiceField(
        label=gettext_lazy("Only this collection (partial count)"),
        queryset=RotatingCollection.objects.filter(is_active=True).order_by("code"),
        required=False,
    )
    shelf_from = forms.CharField(label=gettext_lazy("Shelf marks from"), max_length=40, required=False)
    shelf_to = forms.CharField(label=gettext_lazy("Shelf marks to"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = _place_choices()

    def clean(self):
        cleaned = super().clean()
        try:
            check_shelf_range(cleaned.get("shelf_from", ""), cleaned.get("shelf_to", ""))
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned

    def clean_place(self):
        kind, _sep, pk = self.cleaned_data["place"].partition(":")
        if kind == "site":
            site = ServiceSite.objects.filter(pk=pk).select_related("library", "school__library").first()
            try:
                holder = Holder.library(site_library(site))
            except REFUSALS as exc:
                raise forms.ValidationError(error_text(exc)) from exc
        elif kind == "library":
            holder = Holder.library(int(pk))
        elif kind == "vehicle":
            holder = Holder.vehicle(int(pk))
        else:
            raise forms.ValidationError(_("Choose a depot, a bus or a point."))
        return holder


@coordinator_required
def stocktake_list(request):
    takes = list(Stocktake.objects.select_related("collection").order_by("-taken_at", "-pk")[:30])
    names = holder_names(stocktake_holder(t) for t in takes)
    rows = []
    for take in takes:
        result, settled = take.result, take.result.get("settled", {})
        open_count = sum(
            1
            for b in [*result.get("missing", []), *(m["barcode"] for m in result.get("misplaced", []))]
            if b not in settled
        )
        rows.append({"take": take, "where": names[stocktake_holder(take)], "open": open_count})
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holder = form.cleaned_data["place"]
        request.session[DRAFT_KEY] = {
            "library": holder.library_id,
            "vehicle": holder.vehicle_id,
            "collection": form.cleaned_data["collection"].pk if form.cleaned_data["collection"] else None,
            "shelf_from": form.cleaned_data["shelf_from"],
            "shelf_to": form.cleaned_data["shelf_to"],
            "barcodes": [],
        }
        return redirect("console:stocktake-draft")
    status = 400 if request.method == "POST" else 200
    context = {"rows": rows, "form": form, "draft": request.session.get(DRAFT_KEY)}
    return render(request, "console/stocktakes/list.html", context, status=status)


def _draft_holder(draft) -> Holder:
    return Holder.library(draft["library"]) if draft["library"] else Holder.vehicle(draft["vehicle"])


@coordinator_required
def stocktake_draft(request):
    draft = request.session.get(DRAFT_KEY)
    if draft is None:
        return redirect("console:stocktakes")
    collection = RotatingCollection.objects.filter(pk=draft["collection"]).first() if draft["collection"] else None
    context = {"draft": draft, "where": _draft_holder(draft).label(), "collection": collection}
    return render(request, "console/stocktakes/draft.html", context)


@require_POST
@coordinator_required
def stocktake_scan(request):
    draft = request.session.get(DRAFT_KEY)
    if draft is None:
        return redirect("console:stocktakes")
    code = request.POST.get("code", "").strip()
    line = {"code": code}
    copy = Copy.objects.select_related("record").filter(barcode=code).first() if code else None
    if not code:
        line["error"] = _("Scan or type a barcode.")
    elif code in draft["barcodes"]:
        line.update(title=copy.record.title if copy else "", note=_("already counted"))
    else:
        draft["barcodes"].append(code)
        request.session[DRAFT_KEY] = draft
        if copy is None:
            line["note"] = _("not in the catalogue")
        else:
            line["title"] = copy.record.title
            if Holder.of(copy) != _draft_holder(draft):
                line["note"] = _("the ledger puts it at %(where)s") % {"where": Holder.of(copy).label()}
    line["count"] = len(draft["barcodes"])
    if not request.htmx:
        return redirect("console:stocktake-draft")
    return render(request, "console/stocktakes/_scan_line.html", {"line": line})


@require_POST
@coordinator_required
def stocktake_finish(request):
    draft = request.session.pop(DRAFT_KEY, None)
    if draft is None:
        return redirect("console:stocktakes")
    if request.POST.get("cancel"):
        messages.info(request, _("The count was abandoned; nothing was recorded."))
        return redirect("console:stocktakes")
    collection = RotatingCollection.objects.filter(pk=draft["collection"]).first() if draft["collection"] else None
    take = stocktake_submit(
        holder=_draft_holder(draft),
        barcodes=draft["barcodes"],
        collection=collection,
        shelf_from=draft["shelf_from"],
        shelf_to=draft["shelf_to"],
        by=request.user,
    )
    return redirect("console:stocktake-detail", pk=take.pk)


@coordinator_required
def stocktake_detail(request, pk):
    take = get_object_or_404(Stocktake.objects.select_related("collection"), pk=pk)
    context = {
        "take": take,
        "where": stocktake_holder(take).label(),
        "found": take.found_count,
        "discrepancies": stocktake_discrepancies(stocktake=take),
    }
    return render(request, "console/stocktakes/detail.html", context)


@require_POST
@coordinator_required
def stocktake_settle_view(request, pk):
    take = get_object_or_404(Stocktake, pk=pk)
    barcode, action = request.POST.get("barcode", ""), request.POST.get("action", "")
    if action not in SETTLEMENTS:
        messages.error(request, _("Choose found, lost or moved."))
    else:
        try:
            stocktake_settle(stocktake=take, barcode=barcode, action=action, by=request.user)
        except REFUSALS as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("%(barcode)s settled.") % {"barcode": barcode})
    return redirect("console:stocktake-detail", pk=take.pk)
