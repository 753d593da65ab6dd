"""Rotating collections: making them up, and moving them as one unit (load, unload, deposit, collect, transfer).

A collection's copies move together in a bounded number of queries. Copies of the collection that are out on loan
when it moves stay on their loans; they are listed as ``left_behind`` and, when returned, follow the collection
(``collection_stragglers`` lists them; ``loan_return`` reports where the collection now is).
"""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.validation import clean_and_save
from backend.places.models import ServiceSite
from backend.stock.models import Copy, CopyStatus

from .exceptions import (
    CollectionNotAtHolderError,
    CollectionNotDepositedError,
    MovementNotAllowedError,
)
from .handover import handover_record_make
from .holders import Holder, site_library
from .ledger import earlier_movements, record_moves
from .models import (
    CollectionStay,
    Movement,
    MovementKind,
    ProposalStatus,
    RecordKind,
    RotatingCollection,
    RotationAssignment,
)


@dataclass
class CollectionMoveResult:
    """What ``collection_move`` did: the collection, how many copies moved, who stayed behind, the stay."""

    collection: RotatingCollection
    moved: int
    left_behind: list[int] = field(default_factory=list)
    stay: CollectionStay | None = None
    replayed: bool = False


def collection_holder(collection: RotatingCollection) -> Holder:
    if collection.holder_vehicle_id:
        return Holder.vehicle(collection.holder_vehicle_id)
    return Holder.library(collection.holder_library_id)


@transaction.atomic
def collection_create(
    *, code: str, name: str, library, reading_level: str = "all", box_labels: Sequence[str] = (), copies=(), notes=""
) -> RotatingCollection:
    """Make up a collection at ``library`` from ``copies`` that are there and in no other collection."""
    collection = clean_and_save(
        RotatingCollection(
            code=code,
            name=name,
            reading_level=reading_level,
            box_labels=list(box_labels),
            holder_library=library,
            notes=notes,
        )
    )
    if copies:
        collection_add_copies(collection=collection, copies=copies)
    return collection


@transaction.atomic
def collection_add_copies(*, collection: RotatingCollection, copies) -> RotatingCollection:
    """Put copies into a collection; each must be in stock where the collection is, and in no other collection.

    Circular 05/2022: only titles the library holds in at least ``STOCK_MIN_COPIES_TO_ROTATE`` (3) copies in
    circulation may be sent out.
    """
    here = collection_holder(collection)
    ids = [c.pk for c in copies]
    locked = list(Copy.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    wrong = [c.barcode for c in locked if Holder.of(c) != here or (c.collection_id not in (None, collection.pk))]
    if wrong:
        raise ValidationError(
            {"copies": [_("Not in stock where the collection is, or in another collection: %s") % ", ".join(wrong)]}
        )
    least = settings.STOCK_MIN_COPIES_TO_ROTATE
    scarce = (
        Copy.objects.filter(record__in={c.record_id for c in locked})
        .exclude(status__in=[CopyStatus.LOST, CopyStatus.WITHDRAWN])
        .values("record_id", "record__title")
        .annotate(n=Count("pk"))
        .filter(n__lt=least)
    )
    if scarce:
        titles = ", ".join(row["record__title"] for row in scarce)
        raise ValidationError(
            {
                "copies": [
                    _("Only titles held in at least %(n)d copies may rotate: %(titles)s")
                    % {"n": least, "titles": titles}
                ]
            }
        )
    Copy.objects.filter(pk__in=ids).update(collection=collection, updated_at=timezone.now())
    return collection


@transaction.atomic
def collection_remove_copies(*, collection: RotatingCollection, copies) -> RotatingCollection:
    Copy.objects.filter(pk__in=[c.pk for c in copies], collection=collection).update(collection=None)
    return collection


@transaction.atomic
def collection_move(
    *,
    collection: RotatingCollection,
    kind: str,
    to: Holder | None = None,
    expected_from: Holder | None = None,
    site: ServiceSite | None = None,
    visit=None,
    by=None,
    at: datetime.datetime | None = None,
    reason: str = "",
    source_event_id: uuid.UUID | None = None,
    expected_collection_on: datetime.date | None = None,
    received_by_name: str = "",
) -> CollectionMoveResult:
    """Move a whole collection: ``load``, ``unload``, ``deposit`` (at ``site``), ``collect`` or ``transfer``.

    ``deposit`` opens a ``CollectionStay`` (``to`` defaults to the site's library; ``expected_collection_on`` to
    ``STOCK_DEFAULT_STAY_DAYS`` later, at most ``STOCK_MAX_STAY_DAYS`` — Circular 05/2022's 6 months — except at
    points flagged remote, border or island); ``collect`` closes the open stay. Replaying ``source_event_id``
    changes nothing.
    Raises ``CollectionNotAtHolderError``, ``SiteInactiveError``, ``SiteHasNoLibraryError``,
    ``CollectionNotDepositedError``, ``MovementNotAllowedError`` or ``ValidationError``; nothing is written.
    """
    given, collection = collection, RotatingCollection.objects.select_for_update().get(pk=collection.pk)
    member_ids = list(Copy.objects.filter(collection=collection).values_list("pk", flat=True))
    earlier = earlier_movements(source_event_id, member_ids) if member_ids else None
    if earlier:
        stay = CollectionStay.objects.filter(collection=collection).first() if kind in ("deposit", "collect") else None
        return CollectionMoveResult(collection, len(earlier), stay=stay, replayed=True)
    if kind not in (MovementKind.LOAD, MovementKind.UNLOAD, MovementKind.DEPOSIT, MovementKind.COLLECT, "transfer"):
        raise MovementNotAllowedError(_("A collection moves by load, unload, deposit, collect or transfer."))
    here = collection_holder(collection)
    if expected_from is not None and expected_from != here:
        raise CollectionNotAtHolderError(
            _("Collection %(code)s is not at %(expected)s but at %(here)s.")
            % {"code": collection.code, "expected": expected_from.label(), "here": here.label()},
            extra={"current": here.as_dict()},
        )
    at = at or timezone.now()
    open_stay = CollectionStay.objects.select_for_update().filter(collection=collection, collected_on=None).first()
    if kind == MovementKind.DEPOSIT:
        to = Holder.library(site_library(site)) if to is None else to
        if open_stay is not None:
            raise MovementNotAllowedError(_("The collection is still deposited at %s.") % open_stay.site)
    elif kind == MovementKind.COLLECT:
        if open_stay is None:
            raise CollectionNotDepositedError(_("Collection %s is not deposited anywhere.") % collection.code)
        site = site or open_stay.site
    if to is None:
        raise MovementNotAllowedError(_("Say where the collection goes."))
    copies = list(Copy.objects.select_for_update().filter(collection=collection, **_holder_filter(here)).order_by("pk"))
    if not copies:
        raise MovementNotAllowedError(_("Collection %s has no copies here to move.") % collection.code)
    left_behind = list(
        Copy.objects.filter(collection=collection)
        .exclude(pk__in=[c.pk for c in copies])
        .exclude(status__in=[CopyStatus.LOST, CopyStatus.WITHDRAWN])
        .values_list("pk", flat=True)
    )
    record_moves(
        copies,
        kind=kind,
        to=to,
        site=site,
        visit=visit,
        by=by,
        at=at,
        reason=reason,
        source_event_id=source_event_id,
        collection=collection,
    )
    stay = _update_stay(
        collection, kind, open_stay, to, site, visit, by, at, len(copies), expected_collection_on, received_by_name
    )
    if stay is not None:
        # Circular 05/2022: every batch handed over or taken back has its record and item list (Form 02).
        handover_record_make(
            stay=stay,
            kind=RecordKind.HANDOVER if kind == MovementKind.DEPOSIT else RecordKind.RETURN,
            copy_ids=[c.pk for c in copies],
            from_holder=here,
            to=to,
            by=by,
            visit=visit,
            person=received_by_name,
            on_loan_ids=left_behind,
        )
    RotatingCollection.objects.filter(pk=collection.pk).update(
        holder_library_id=to.library_id, holder_vehicle_id=to.vehicle_id, updated_at=timezone.now()
    )
    for instance in (collection, given):
        instance.holder_library_id, instance.holder_vehicle_id = to.library_id, to.vehicle_id
    return CollectionMoveResult(collection, len(copies), left_behind, stay)


def _holder_filter(holder: Holder) -> dict:
    if holder.library_id:
        return {"holder_library_id": holder.library_id, "status": CopyStatus.AVAILABLE}
    return {"holder_vehicle_id": holder.vehicle_id, "status": CopyStatus.AVAILABLE}


def _update_stay(collection, kind, open_stay, to, site, visit, by, at, count, expected_on, received_by):
    day = timezone.localtime(at).date()
    if kind == MovementKind.DEPOSIT:
        assignment = (
            RotationAssignment.objects.filter(
                collection=collection, site=site, stay__isnull=True, proposal__status=ProposalStatus.ACCEPTED
            )
            .select_related("proposal")
            .first()
        )
        if expected_on is None and assignment is not None:
            expected_on = assignment.proposal.cycle_ends_on
        expected_on = expected_on or day + datetime.timedelta(days=settings.STOCK_DEFAULT_STAY_DAYS)
        longest = settings.STOCK_MAX_STAY_DAYS
        # Circular 05/2022: remote, border and island points may keep a batch longer, at the library's discretion.
        if (expected_on - day).days > longest and not site.may_keep_batch_long:
            raise ValidationError(
                {"expected_collection_on": [_("A rotated batch stays at most %d days at a point.") % longest]}
            )
        stay = clean_and_save(
            CollectionStay(
                collection=collection,
                site=site,
                library_id=to.library_id,
                deposited_on=day,
                expected_collection_on=expected_on,
                copies_deposited=count,
                deposit_visit=visit,
                deposited_by=by,
                received_by_name=received_by,
            )
        )
        if assignment is not None:
            RotationAssignment.objects.filter(pk=assignment.pk).update(stay=stay)
        return stay
    if kind == MovementKind.COLLECT:
        open_stay.collected_on = max(day, open_stay.deposited_on)
        open_stay.copies_collected = count
        open_stay.collect_visit = visit
        open_stay.collected_by = by
        open_stay.save(
            update_fields=["collected_on", "copies_collected", "collect_visit", "collected_by", "updated_at"]
        )
        return open_stay
    return None


def collection_deposit(*, collection, site, **kwargs) -> CollectionMoveResult:
    """Deposit a collection at a site's library (see ``collection_move``)."""
    return collection_move(collection=collection, kind=MovementKind.DEPOSIT, site=site, **kwargs)


def collection_collect(*, collection, to: Holder, **kwargs) -> CollectionMoveResult:
    """Collect a deposited collection onto a bus or back to a library (see ``collection_move``)."""
    return collection_move(collection=collection, kind=MovementKind.COLLECT, to=to, **kwargs)


def collection_stragglers(*, collection: RotatingCollection):
    """Copies of the collection in circulation but not with it (on loan, or returned elsewhere)."""
    here = collection_holder(collection)
    return (
        Copy.objects.filter(collection=collection)
        .exclude(status__in=[CopyStatus.LOST, CopyStatus.WITHDRAWN])
        .exclude(Q(**_holder_filter(here)))
        .select_related("record")
    )


def movement_list_for_collection(*, collection: RotatingCollection):
    return Movement.objects.filter(collection=collection).select_related("copy")
