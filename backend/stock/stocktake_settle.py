"""Settling a stocktake's discrepancies one by one, each by a ledger movement, and reading them with titles.

``missing`` copies are settled as ``lost`` (marked lost) or ``found`` (they were here after all: a correction that
confirms the holder); copies found here but recorded elsewhere (``misplaced``) or lost/withdrawn
(``out_of_circulation``) are settled as ``moved`` here (a correction, or ``found`` for a lost one). What was settled
is kept in the stocktake's result under ``settled``, so a discrepancy is settled once.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from backend.core.exceptions import ApplicationError, ConflictError

from .describe import holder_names
from .holders import Holder
from .ledger import copy_move
from .models import Copy, CopyStatus, MovementKind, Stocktake

SETTLEMENTS = ("found", "lost", "moved")


class StocktakeSettledError(ConflictError):
    code = "stocktake_already_settled"


def stocktake_holder(stocktake: Stocktake) -> Holder:
    if stocktake.vehicle_id:
        return Holder.vehicle(stocktake.vehicle_id)
    return Holder.library(stocktake.library_id)


@transaction.atomic
def stocktake_settle(*, stocktake: Stocktake, barcode: str, action: str, by=None):
    """Settle one discrepancy of ``stocktake`` by a ledger movement; returns the movement.

    Raises ``ApplicationError`` when ``barcode`` is no discrepancy that ``action`` fits, ``StocktakeSettledError``
    when it was settled already, or the ledger's errors (the copy moved since); nothing is written then.
    """
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    result = stocktake.result
    settled = result.get("settled", {})
    if barcode in settled:
        raise StocktakeSettledError(_("%(barcode)s is settled already.") % {"barcode": barcode})
    copy = Copy.objects.filter(barcode=barcode).first()
    here = stocktake_holder(stocktake)
    reason = _("Stocktake #%d") % stocktake.pk
    misplaced = {m["barcode"] for m in result.get("misplaced", [])}
    out = {m["barcode"]: m["status"] for m in result.get("out_of_circulation", [])}
    if copy is None:
        raise ApplicationError(_("%(barcode)s is not in the catalogue: add it there first.") % {"barcode": barcode})
    if barcode in result.get("missing", []) and action == "lost":
        movement = copy_move(copy=copy, kind=MovementKind.LOST, expected_from=here, by=by, reason=reason)
    elif barcode in result.get("missing", []) and action == "found":
        movement = copy_move(
            copy=copy,
            kind=MovementKind.CORRECTION,
            to=here,
            expected_from=here,
            by=by,
            reason=_("%(reason)s: found after all") % {"reason": reason},
        )
    elif barcode in misplaced and action == "moved":
        movement = copy_move(copy=copy, kind=MovementKind.CORRECTION, to=here, by=by, reason=reason)
    elif barcode in out and action in ("moved", "found"):
        kind = MovementKind.FOUND if copy.status == CopyStatus.LOST else MovementKind.CORRECTION
        movement = copy_move(copy=copy, kind=kind, to=here, by=by, reason=reason)
    else:
        raise ApplicationError(_("%(barcode)s cannot be settled that way.") % {"barcode": barcode})
    settled[barcode] = {"action": action, "movement": movement.pk}
    result["settled"] = settled
    stocktake.result = result
    stocktake.save(update_fields=["result", "updated_at"])
    return movement


def stocktake_discrepancies(*, stocktake: Stocktake) -> dict[str, list[dict]]:
    """The discrepancies with their titles and, for copies recorded elsewhere, where (in words); each says whether
    and how it was settled. Three to five queries."""
    result = stocktake.result
    settled = result.get("settled", {})
    misplaced = [m["barcode"] for m in result.get("misplaced", [])]
    out = [m["barcode"] for m in result.get("out_of_circulation", [])]
    barcodes = [*result.get("missing", []), *misplaced, *out]
    copies = {c.barcode: c for c in Copy.objects.filter(barcode__in=barcodes).select_related("record")}
    names = holder_names(Holder.of(c) for c in copies.values())

    def row(barcode):
        copy = copies.get(barcode)
        return {
            "barcode": barcode,
            "title": copy.record.title if copy else "",
            "ledger": names.get(Holder.of(copy), "") if copy else "",
            "settled": settled.get(barcode, {}).get("action", ""),
        }

    return {
        "missing": [row(b) for b in result.get("missing", [])],
        "elsewhere": [row(b) for b in misplaced + out],
        "unexpected": [{"barcode": b, "title": "", "ledger": "", "settled": ""} for b in result.get("unexpected", [])],
    }
