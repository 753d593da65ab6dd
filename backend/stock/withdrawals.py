"""The withdrawal list (danh sách thanh lý): settled losses and damages await the library's decision; a copy the
library withdraws leaves the stock through a ``withdraw`` movement in the ledger (Circular 05/2022)."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User

from .holders import Holder
from .ledger import lock_copies, record_moves
from .models import (
    Condition,
    Copy,
    CopyStatus,
    MovementKind,
    WithdrawalEntry,
    WithdrawalReason,
    WithdrawalStatus,
)


def _why_not_listable(copy: Copy, reason: str, listed: set[int]) -> str | None:
    if copy.pk in listed:
        return _("%s is already on the withdrawal list.") % copy.barcode
    if copy.status == CopyStatus.WITHDRAWN:
        return _("%s is already withdrawn.") % copy.barcode
    if reason == WithdrawalReason.LOST and copy.status != CopyStatus.LOST:
        return _("%s is not recorded as lost.") % copy.barcode
    if reason == WithdrawalReason.DAMAGED and (
        copy.condition != Condition.DAMAGED or copy.status == CopyStatus.ON_LOAN
    ):
        return _("%s is not recorded as damaged in stock.") % copy.barcode
    return None


@transaction.atomic
def withdrawal_list_add(
    *, copies: Sequence[Copy], reason: str, note: str = "", by: User | None = None
) -> list[WithdrawalEntry]:
    """Put settled losses (copies recorded lost) or damages (recorded damaged, in stock) on the withdrawal list.

    Raises ``ValidationError`` on ``copies`` naming every copy that cannot go on it; nothing is saved then.
    """
    if reason not in WithdrawalReason.values:
        raise ValidationError({"reason": [_("A copy is withdrawn because it is lost or damaged.")]})
    locked = lock_copies([c.pk for c in copies])
    listed = set(
        WithdrawalEntry.objects.filter(copy__in=locked, status=WithdrawalStatus.LISTED).values_list(
            "copy_id", flat=True
        )
    )
    errors = [e for e in (_why_not_listable(c, reason, listed) for c in locked) if e]
    if not locked:
        errors.append(_("Name at least one copy."))
    if errors:
        raise ValidationError({"copies": errors})
    return WithdrawalEntry.objects.bulk_create(
        WithdrawalEntry(copy=c, reason=reason, note=note, listed_by=by) for c in locked
    )


@transaction.atomic
def withdrawal_decide(
    *, entries: Sequence[WithdrawalEntry], withdraw: bool, decision_ref: str, by: User | None = None
) -> list[WithdrawalEntry]:
    """The library's decision on listed entries: ``withdraw`` moves each copy out of the stock (a ``withdraw``
    movement citing the decision), otherwise the copies are kept. Raises ``ValidationError`` without a decision
    reference or for an entry already decided; nothing is saved then."""
    decision_ref = (decision_ref or "").strip()
    ids = [e.pk for e in entries]
    rows = list(WithdrawalEntry.objects.select_for_update().filter(pk__in=ids).select_related("copy").order_by("pk"))
    errors = {}
    if not decision_ref:
        errors["decision_ref"] = [_("Cite the library's decision (number and date).")]
    decided = [e.copy.barcode for e in rows if e.status != WithdrawalStatus.LISTED]
    if decided or not rows:
        errors["entries"] = [_("Already decided: %s") % ", ".join(decided)] if decided else [_("Name an entry.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    movements = {}
    if withdraw:
        copies = lock_copies([e.copy_id for e in rows])
        reason = _("Withdrawal list, decision %s") % decision_ref
        moved = record_moves(copies, kind=MovementKind.WITHDRAW, to=Holder.withdrawn(), by=by, at=now, reason=reason)
        movements = {m.copy_id: m for m in moved}
    for entry in rows:
        entry.status = WithdrawalStatus.WITHDRAWN if withdraw else WithdrawalStatus.KEPT
        entry.decision_ref, entry.decided_by, entry.decided_at = decision_ref, by, now
        entry.movement = movements.get(entry.copy_id)
    WithdrawalEntry.objects.bulk_update(rows, ["status", "decision_ref", "decided_by", "decided_at", "movement"])
    return rows


def withdrawal_list(*, status: str | None = WithdrawalStatus.LISTED) -> QuerySet[WithdrawalEntry]:
    """The withdrawal list (by default what awaits the library's decision), with each copy's title."""
    entries = WithdrawalEntry.objects.select_related("copy__record", "listed_by", "movement")
    return entries.filter(status=status) if status else entries
