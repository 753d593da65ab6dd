"""Moving copies: the one place that writes ``Movement`` rows and the holder stored on ``Copy``.

Every write locks the copies it moves (``SELECT … FOR UPDATE``, in id order so two writers cannot deadlock), checks
each is where the caller says it is, then appends the movements in one insert and updates the copies in one update
per target holder. Two phones moving the same copy at the same moment are therefore serialised: the second sees the
copy already moved and gets ``CopyNotAtHolderError`` (409), and nothing of its change is written.
"""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.signals import records_changed
from backend.stock.models import Condition, Copy

from .describe import kind_in_words
from .exceptions import CopyNotAtHolderError, EventReusedError, MovementNotAllowedError
from .holders import Holder, site_library
from .models import Loan, Movement, MovementKind

IN_STOCK = frozenset({"library", "vehicle"})
ANYWHERE = frozenset({"library", "vehicle", "loan", "lost", "withdrawn"})

# kind -> (holder kinds a copy may leave, holder kinds it may go to); None means "no holder yet" (acquisition).
KIND_RULES: dict[str, tuple[frozenset, frozenset]] = {
    MovementKind.ACQUIRE: (frozenset({None}), frozenset({"library", "vehicle"})),
    MovementKind.LOAD: (frozenset({"library"}), frozenset({"vehicle"})),
    MovementKind.UNLOAD: (frozenset({"vehicle"}), frozenset({"library"})),
    MovementKind.DEPOSIT: (IN_STOCK, frozenset({"library"})),
    MovementKind.COLLECT: (frozenset({"library"}), IN_STOCK),
    MovementKind.TRANSFER: (IN_STOCK, IN_STOCK),
    MovementKind.LEND: (IN_STOCK, frozenset({"loan"})),
    MovementKind.RETURN: (frozenset({"loan"}), IN_STOCK),
    MovementKind.LOST: (frozenset({"library", "vehicle", "loan"}), frozenset({"lost"})),
    MovementKind.FOUND: (frozenset({"lost"}), IN_STOCK),
    MovementKind.DAMAGED: (frozenset({"library", "vehicle", "loan"}), frozenset({"library", "vehicle", "loan"})),
    MovementKind.WITHDRAW: (frozenset({"library", "vehicle", "lost"}), frozenset({"withdrawn"})),
    MovementKind.CORRECTION: (ANYWHERE, ANYWHERE),
}


def lock_copies(ids: Sequence[int]) -> list[Copy]:
    """The copies with ``ids``, locked for this transaction, in id order."""
    return list(Copy.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def check_move(copy: Copy, kind: str, to: Holder, expected_from: Holder | None) -> Holder:
    """Raise unless ``copy`` may make this movement; return where it is now."""
    current = Holder.of(copy)
    if expected_from is not None and current != expected_from:
        raise CopyNotAtHolderError(
            _("Copy %(barcode)s is not at %(expected)s: the ledger puts it at %(current)s.")
            % {"barcode": copy.barcode, "expected": expected_from.label(), "current": current.label()},
            extra={"barcode": copy.barcode, "expected": expected_from.as_dict(), "current": current.as_dict()},
        )
    leaves, reaches = KIND_RULES[kind]
    if current.kind not in leaves or to.kind not in reaches:
        raise MovementNotAllowedError(
            _("Copy %(barcode)s cannot be moved (%(kind)s) from %(current)s to %(to)s.")
            % {"barcode": copy.barcode, "kind": kind_in_words(kind), "current": current.label(), "to": to.label()},
            extra={"barcode": copy.barcode, "kind": kind, "current": current.as_dict(), "to": to.as_dict()},
        )
    if to == current and kind not in (MovementKind.DAMAGED, MovementKind.CORRECTION):
        raise MovementNotAllowedError(
            _("Copy %(barcode)s is already at %(to)s.") % {"barcode": copy.barcode, "to": to.label()},
            extra={"barcode": copy.barcode},
        )
    return current


def earlier_movements(source_event_id: uuid.UUID | None, copy_ids: Sequence[int]) -> list[Movement] | None:
    """The movements an event already made for these copies, ``None`` if it was never applied.

    Raises ``EventReusedError`` when the id was used for other copies only (a client bug, never a replay).
    """
    if source_event_id is None:
        return None
    done = list(Movement.objects.filter(source_event_id=source_event_id).order_by("pk"))
    if not done:
        return None
    mine = [m for m in done if m.copy_id in set(copy_ids)]
    if not mine:
        raise EventReusedError(
            _("Event %(id)s was already applied to other copies.") % {"id": source_event_id},
            extra={"source_event_id": str(source_event_id)},
        )
    return mine


def record_moves(
    copies: Sequence[Copy],
    *,
    kind: str,
    to: Holder | Callable[[Copy], Holder],
    expected_from: Holder | None = None,
    site=None,
    visit=None,
    by=None,
    at: datetime.datetime | None = None,
    reason: str = "",
    source_event_id: uuid.UUID | None = None,
    collection=None,
) -> list[Movement]:
    """Append one movement per copy and update their stored holders; the copies must be locked by the caller.

    A bounded number of queries whatever the number of copies: one insert, one update per distinct target.
    """
    at = at or timezone.now()
    movements, by_target = [], defaultdict(list)
    for copy in copies:
        target = to(copy) if callable(to) else to
        check_move(copy, kind, target, expected_from)
        movements.append(
            unsaved_movement(
                copy,
                kind,
                target,
                collection=collection,
                site=site,
                visit=visit,
                by=by,
                at=at,
                reason=reason,
                source_event_id=source_event_id,
            )
        )
        by_target[target].append(copy)
    Movement.objects.bulk_create(movements)
    records_changed.send(sender=Movement, pks=[m.pk for m in movements])
    now = timezone.now()
    extra = {"condition": Condition.DAMAGED} if kind == MovementKind.DAMAGED else {}
    for target, moved in by_target.items():
        Copy.objects.filter(pk__in=[c.pk for c in moved]).update(**target.copy_fields(), **extra, updated_at=now)
        for copy in moved:
            holder_set(copy, target, now=now, **extra)
    return movements


def unsaved_movement(copy: Copy, kind: str, to: Holder, **fields) -> Movement:
    """The movement of ``copy`` from where it is now to ``to`` (not saved; the copy is not changed)."""
    return Movement(
        copy=copy, kind=kind, **Holder.of(copy).movement_fields("from"), **to.movement_fields("to"), **fields
    )


def holder_set(copy: Copy, to: Holder, *, now: datetime.datetime, **fields) -> None:
    """Give the in-memory ``copy`` its new holder (and any other ``fields``), as the database has or will have it."""
    for name, value in {**to.copy_fields(), **fields, "updated_at": now}.items():
        setattr(copy, name, value)


@transaction.atomic
def copy_acquire(
    *,
    record,
    barcode: str,
    library=None,
    vehicle=None,
    by=None,
    at: datetime.datetime | None = None,
    reason: str = "",
    source_event_id: uuid.UUID | None = None,
    **fields,
) -> Copy:
    """Create a copy of ``record`` at a library (or straight onto a bus) with its ``acquire`` movement.

    ``fields`` are further ``Copy`` fields (acquired_on, source, donor, price, condition, shelf_mark).
    Raises ``ValidationError`` (nothing written) for a duplicate barcode or bad field.
    """
    if source_event_id is not None:
        earlier = Movement.objects.filter(source_event_id=source_event_id, kind=MovementKind.ACQUIRE).first()
        if earlier is not None:
            return earlier.copy
    if (library is None) == (vehicle is None):
        raise MovementNotAllowedError(_("A new copy goes to one library or one vehicle."))
    holder = Holder.library(library) if library is not None else Holder.vehicle(vehicle)
    copy = Copy(record=record, barcode=(barcode or "").strip(), **holder.copy_fields(), **fields)
    copy.full_clean()
    copy.save()
    Movement.objects.create(
        copy=copy,
        kind=MovementKind.ACQUIRE,
        **holder.movement_fields("to"),
        by=by,
        at=at or timezone.now(),
        reason=reason,
        source_event_id=source_event_id,
    )
    return copy


@transaction.atomic
def copy_move(
    *,
    copy: Copy,
    kind: str,
    to: Holder | None = None,
    expected_from: Holder | None = None,
    site=None,
    visit=None,
    by=None,
    at: datetime.datetime | None = None,
    reason: str = "",
    source_event_id: uuid.UUID | None = None,
) -> Movement:
    """Move one copy (load, unload, deposit, collect, transfer, lost, found, damaged, withdraw, correction).

    ``to`` defaults to: out of circulation for ``lost``/``withdraw``, the current holder for ``damaged``, the site's
    library for ``deposit``. ``expected_from``, when given, must be where the ledger puts the copy.
    Replaying an applied ``source_event_id`` changes nothing and returns the earlier movement.
    Raises ``CopyNotAtHolderError`` (409), ``MovementNotAllowedError``, ``SiteInactiveError``; nothing is written.
    Lending and returning go through ``loan_lend`` / ``loan_return``, which also keep the loan.
    """
    if kind in (MovementKind.LEND, MovementKind.RETURN, MovementKind.ACQUIRE) or kind not in KIND_RULES:
        raise MovementNotAllowedError(
            _("Use the loan or acquisition services for this (%(kind)s).") % {"kind": kind_in_words(kind)},
            extra={"kind": kind},
        )
    locked = lock_copies([copy.pk])[0]
    earlier = earlier_movements(source_event_id, [copy.pk])
    if earlier:
        return earlier[-1]
    if to is None:
        if kind == MovementKind.LOST:
            to = Holder.lost()
        elif kind == MovementKind.WITHDRAW:
            to = Holder.withdrawn()
        elif kind == MovementKind.DAMAGED:
            to = Holder.of(locked)
        elif kind == MovementKind.DEPOSIT and site is not None:
            to = Holder.library(site_library(site))
        else:
            raise MovementNotAllowedError(_("Say where the copy goes."), extra={"kind": kind})
    if kind == MovementKind.DEPOSIT:
        site_library(site)  # the site must be named and active
    (movement,) = record_moves(
        [locked],
        kind=kind,
        to=to,
        expected_from=expected_from,
        site=site,
        visit=visit,
        by=by,
        at=at,
        reason=reason,
        source_event_id=source_event_id,
    )
    if movement.from_loan_id and movement.to_loan_id is None:
        # The copy left its loan another way (lost with the reader, a stocktake): the loan is closed, not deleted.
        Loan.objects.filter(pk=movement.from_loan_id, returned_at=None).update(
            returned_at=movement.at, returned_by=by, updated_at=timezone.now()
        )
        records_changed.send(sender=Loan, pks=[movement.from_loan_id])
    copy.refresh_from_db()
    return movement
