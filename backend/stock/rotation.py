"""The rotation planner on the database: build its input, save its proposal, accept or reject it.

The pairing model itself is plain data in ``routing.rotation`` (the planner package, where OR-Tools lives); this
module translates the database into its input and its answer into a proposal.

Accepting changes no stock: it turns the pairings into pending deliveries that ``rotation_load_pending`` reports as
boxes to route planning. The stock moves when the crew deposits the collection (``collection_deposit``), which
links the stay to its assignment.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.exceptions import ConflictError
from backend.places.models import LibraryKind, SchoolLevel, ServiceSite
from backend.stock.models import Copy, CopyStatus, ReadingLevel
from routing.rotation import CollectionIn, SiteIn, solve_rotation

from .models import (
    CollectionStay,
    MovementKind,
    ProposalStatus,
    RotatingCollection,
    RotationAssignment,
    RotationProposal,
)
from .rotation_usage import collection_profiles, past_uses, site_group, usage_reasons_text

LEVELS_FOR_SCHOOL = {
    SchoolLevel.PRIMARY: {ReadingLevel.CHILDREN, ReadingLevel.ALL},
    SchoolLevel.LOWER_SECONDARY: {ReadingLevel.CHILDREN, ReadingLevel.TEEN, ReadingLevel.ALL},
    SchoolLevel.UPPER_SECONDARY: {ReadingLevel.TEEN, ReadingLevel.ADULT, ReadingLevel.ALL},
}
EVERY_LEVEL = {level.value for level in ReadingLevel}


class ProposalDecidedError(ConflictError):
    code = "proposal_already_decided"


def site_rotation_levels(site: ServiceSite) -> frozenset[str]:
    """Reading levels that fit a site: primary schools get children's and all-age collections, and so on."""
    if site.school_id and site.school.level in LEVELS_FOR_SCHOOL:
        return frozenset(str(v) for v in LEVELS_FOR_SCHOOL[site.school.level])
    return frozenset(EVERY_LEVEL)


def site_max_books(site: ServiceSite) -> int:
    """How many books a site can take: half its pupils for a school (100–300), else ``STOCK_ROTATION_MAX_BOOKS``."""
    largest = settings.STOCK_ROTATION_MAX_BOOKS
    if site.school_id:
        return max(100, min(largest, site.school.students // 2))
    return largest


def _pending_assignments():
    return RotationAssignment.objects.filter(proposal__status=ProposalStatus.ACCEPTED, stay__isnull=True)


def rotation_inputs(*, starts_on: datetime.date, exclude_cycles: int) -> tuple[list[SiteIn], list[CollectionIn]]:
    """The sites that need a collection at ``starts_on`` and the collections free to go, as planner input."""
    pending = _pending_assignments()
    busy_until = {s.site_id: s.expected_collection_on for s in CollectionStay.objects.filter(collected_on__isnull=True)}
    sites = [
        s
        for s in ServiceSite.objects.filter(is_active=True)
        .filter(Q(library__isnull=False) | Q(school__library__isnull=False))
        .exclude(pk__in=pending.values("site_id"))
        .select_related("school", "library", "commune")
        .order_by("pk")
        if busy_until.get(s.pk, starts_on) <= starts_on
    ]
    site_ids = [s.pk for s in sites]
    recent = defaultdict(list)
    for stay in CollectionStay.objects.filter(site_id__in=site_ids).order_by("site_id", "-deposited_on", "-pk"):
        if len(recent[stay.site_id]) < exclude_cycles:
            recent[stay.site_id].append(stay.collection_id)
    seen = defaultdict(set)
    deposits = Copy.objects.filter(movements__kind=MovementKind.DEPOSIT, movements__site_id__in=site_ids).values_list(
        "movements__site_id", "record_id"
    )
    for site_id, record_id in deposits.distinct():
        seen[site_id].add(record_id)
    site_inputs = [
        SiteIn(
            id=s.pk,
            name=s.name,
            levels=site_rotation_levels(s),
            max_books=site_max_books(s),
            priority=s.priority,
            recent_collections=frozenset(recent[s.pk]),
            seen_records=frozenset(seen[s.pk]),
            group=site_group(s),
        )
        for s in sites
    ]
    return site_inputs, _collection_inputs(starts_on, pending)


def _collection_inputs(starts_on, pending) -> list[CollectionIn]:
    away = CollectionStay.objects.filter(collected_on__isnull=True, expected_collection_on__gt=starts_on)
    collections = (
        RotatingCollection.objects.filter(is_active=True)
        .exclude(pk__in=away.values("collection_id"))
        .exclude(pk__in=pending.values("collection_id"))
        .annotate(books=Count("copies", filter=~Q(copies__status__in=[CopyStatus.LOST, CopyStatus.WITHDRAWN])))
        .filter(books__gt=0)
        .order_by("pk")
    )
    records = defaultdict(set)
    for collection_id, record_id in Copy.objects.filter(collection__in=collections).values_list(
        "collection_id", "record_id"
    ):
        records[collection_id].add(record_id)
    profiles = collection_profiles(records)
    return [
        CollectionIn(
            id=c.pk,
            code=c.code,
            level=c.reading_level,
            records=frozenset(records[c.pk]),
            books=c.books,
            profile=profiles.get(c.pk, frozenset()),
        )
        for c in collections
    ]


@transaction.atomic
def rotation_propose(
    *,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    exclude_cycles: int = 3,
    by=None,
    time_limit_s: float = 10.0,
) -> RotationProposal:
    """Run the rotation planner for the cycle from ``starts_on`` and save its proposal (a draft) with reasons."""
    ends_on = ends_on or starts_on + datetime.timedelta(days=settings.STOCK_DEFAULT_STAY_DAYS)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The cycle cannot end before it starts.")]})
    sites, collections = rotation_inputs(starts_on=starts_on, exclude_cycles=exclude_cycles)
    result = solve_rotation(sites, collections, past_uses=past_uses(), time_limit_s=time_limit_s)
    site_by_id, collection_by_id = {s.id: s for s in sites}, {c.id: c for c in collections}
    proposal = RotationProposal.objects.create(
        cycle_starts_on=starts_on,
        cycle_ends_on=ends_on,
        exclude_cycles=exclude_cycles,
        solver_status=result.status,
        objective=result.objective,
        created_by=by,
        notes=[
            {"site": sid, "site_name": site_by_id[sid].name, "reason": reason, "message": _unserved_text(reason)}
            for sid, reason in result.unserved_sites.items()
        ],
    )
    RotationAssignment.objects.bulk_create(
        RotationAssignment(
            proposal=proposal,
            collection_id=p.collection_id,
            site_id=p.site_id,
            new_titles=p.new_titles,
            books=collection_by_id[p.collection_id].books,
            score=p.score,
            explanation=explain_pairing(site_by_id[p.site_id], collection_by_id[p.collection_id], p, exclude_cycles),
        )
        for p in result.pairings
    )
    return proposal


def explain_pairing(site: SiteIn, collection: CollectionIn, pairing, exclude_cycles: int) -> str:
    """Why the planner chose this pairing, in words: novelty, fit, and how this and similar points used books."""
    text = _base_explanation(site, collection, pairing, exclude_cycles)
    usage = usage_reasons_text(pairing.reasons, _group_label(site.group))
    return _("%(explanation)s Usage: %(usage)s.") % {"explanation": text, "usage": usage} if usage else text


def _group_label(group: str) -> str:
    kind, _sep, value = group.partition(":")
    if kind == "school" and value in SchoolLevel.values:
        return str(SchoolLevel(value).label)
    if kind == "library" and value in LibraryKind.values:
        return str(LibraryKind(value).label)
    return _("other points")


def _base_explanation(site: SiteIn, collection: CollectionIn, pairing, exclude_cycles: int) -> str:
    total = len(collection.records)
    return _(
        "%(code)s → %(site)s: %(new)d of %(total)d titles are new to this site; reading level “%(level)s” fits it; "
        "%(books)d books within its limit of %(max)d; not among its last %(cycles)d collections; site priority "
        "%(priority)d."
    ) % {
        "code": collection.code,
        "site": site.name,
        "new": pairing.new_titles,
        "total": total,
        "level": ReadingLevel(collection.level).label,
        "books": collection.books,
        "max": site.max_books,
        "cycles": exclude_cycles,
        "priority": site.priority,
    }


def _unserved_text(reason: str) -> str:
    if reason == "collections_used_elsewhere":
        return _("Every fitting collection went to a site with a higher priority or more new titles.")
    if reason == "no_collection":
        return _("No collection is free for this cycle.")
    return _("No free collection fits this site (%s).") % reason.partition(":")[2]


@transaction.atomic
def rotation_accept(*, proposal: RotationProposal, by=None) -> RotationProposal:
    """Accept a draft proposal: its deliveries become pending loads for route planning. Nothing moves yet."""
    proposal = RotationProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.DRAFT:
        raise ProposalDecidedError(_("This proposal was already %s.") % proposal.get_status_display())
    clash = _pending_assignments().filter(
        Q(collection__in=proposal.assignments.values("collection_id"))
        | Q(site__in=proposal.assignments.values("site_id"))
    )
    if clash.exists():
        raise ConflictError(
            _(
                "Another accepted proposal already sends a collection to one of these sites or uses one of these "
                "collections; propose again."
            ),
            code="proposal_stale",
        )
    proposal.status, proposal.decided_by, proposal.decided_at = ProposalStatus.ACCEPTED, by, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return proposal


@transaction.atomic
def rotation_reject(*, proposal: RotationProposal, by=None) -> RotationProposal:
    proposal = RotationProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.DRAFT:
        raise ProposalDecidedError(_("This proposal was already %s.") % proposal.get_status_display())
    proposal.status, proposal.decided_by, proposal.decided_at = ProposalStatus.REJECTED, by, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return proposal
