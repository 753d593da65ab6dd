"""Rotating collections: where each is and since when, when it is due back, its history; the rotation planner's
proposals to accept, adjust (drop a pairing) or refuse; making up a collection by scanning copies into it."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.decorators import coordinator_required
from backend.core.validation import validate_date_in_bounds
from backend.stock.collection_selectors import collection_overview, collection_where
from backend.stock.models import Copy, ProposalStatus, RotatingCollection, RotationAssignment, RotationProposal
from backend.stock.rotation import rotation_accept, rotation_propose, rotation_reject
from backend.stock.rotation_adjust import rotation_drop_pairing
from backend.stock.services import collection_add_copies

from .common import REFUSALS, error_text


@coordinator_required
def collection_list(request):
    today = timezone.localdate()
    drafts = RotationProposal.objects.filter(status=ProposalStatus.DRAFT).count()
    return render(
        request, "console/collections/list.html", {"rows": collection_overview(), "today": today, "drafts": drafts}
    )


@coordinator_required
def collection_detail(request, pk):
    collection = get_object_or_404(RotatingCollection, pk=pk)
    stays = collection.stays.select_related("site").order_by("-deposited_on", "-pk")
    titles = (
        Copy.objects.filter(collection=collection)
        .values("record__title")
        .annotate(n=Count("pk"))
        .order_by("record__title")
    )
    context = {"collection": collection, "where": collection_where(collection), "stays": stays, "titles": titles}
    return render(request, "console/collections/detail.html", context)


@require_POST
@coordinator_required
def collection_add_scan(request, pk):
    """Scan a copy into the collection (it must be where the collection is, and its title held in 3 copies)."""
    collection = get_object_or_404(RotatingCollection, pk=pk)
    code = request.POST.get("code", "").strip()
    copy = Copy.objects.select_related("record").filter(barcode=code).first()
    line = {"code": code}
    if copy is None:
        line["error"] = _("No copy has the barcode %(code)s.") % {"code": code or "—"}
    elif copy.collection_id == collection.pk:
        line.update(title=copy.record.title, error=_("Already in this collection."))
    else:
        try:
            collection_add_copies(collection=collection, copies=[copy])
        except REFUSALS as exc:
            line.update(title=copy.record.title, error=error_text(exc))
        else:
            line.update(title=copy.record.title, done=True)
    if not request.htmx:
        (messages.error if line.get("error") else messages.success)(request, line.get("error") or line["title"])
        return redirect("console:collection-detail", pk=collection.pk)
    return render(request, "console/collections/_add_line.html", {"line": line})


@coordinator_required
def proposal_list(request):
    proposals = list(RotationProposal.objects.order_by("status", "-created_at")[:10])
    pairings = (
        RotationAssignment.objects.filter(proposal__in=proposals)
        .select_related("collection", "site")
        .order_by("site__name")
    )
    by_proposal = {p.pk: [] for p in proposals}
    for pairing in pairings:
        by_proposal[pairing.proposal_id].append(pairing)
    rows = [{"proposal": p, "pairings": by_proposal[p.pk]} for p in proposals]
    next_monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    return render(request, "console/collections/proposals.html", {"rows": rows, "next_monday": next_monday})


@require_POST
@coordinator_required
def proposal_new(request):
    try:
        starts_on = datetime.date.fromisoformat(request.POST.get("starts_on", ""))
        validate_date_in_bounds(starts_on)
    except ValueError:
        messages.error(request, _("Give the first day of the cycle."))
        return redirect("console:proposals")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("console:proposals")
    try:
        rotation_propose(starts_on=starts_on, by=request.user, time_limit_s=5)
    except REFUSALS as exc:
        messages.error(request, error_text(exc))
    return redirect("console:proposals")


@require_POST
@coordinator_required
def proposal_decide(request, pk):
    proposal = get_object_or_404(RotationProposal, pk=pk)
    decide = {"accept": rotation_accept, "refuse": rotation_reject}.get(request.POST.get("decision"))
    if decide is None:
        messages.error(request, _("Accept or refuse the proposal."))
        return redirect("console:proposals")
    try:
        decide(proposal=proposal, by=request.user)
    except REFUSALS as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The proposal is %(status)s.") % {"status": _status_word(proposal)})
    return redirect("console:proposals")


def _status_word(proposal) -> str:
    proposal.refresh_from_db(fields=["status"])
    return proposal.get_status_display()


@require_POST
@coordinator_required
def pairing_drop(request, pk):
    pairing = get_object_or_404(RotationAssignment.objects.select_related("collection", "site"), pk=pk)
    try:
        rotation_drop_pairing(assignment=pairing)
    except REFUSALS as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("%(code)s will not go to %(site)s.") % {"code": pairing.collection.code, "site": pairing.site.name},
        )
    return redirect("console:proposals")
