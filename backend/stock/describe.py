"""Where copies are and what happened to them, in words for people: never ``vehicle:1`` or ``library:2``.

``Holder.label()`` names one holder with one query; ``holder_names`` names many at once (three queries at most),
and ``movement_in_words`` turns a ledger row into a short phrase ("chất lên xe 65A-001.23").
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from backend.places.models import Library, Vehicle
from backend.stock.models import CopyStatus, Loan, Movement, MovementKind

from .holders import Holder


def holder_in_words(holder: Holder | None) -> str:
    """One holder in words (the library's name, the bus's plate, the reader's card; lost or withdrawn)."""
    if holder is None:
        return _("nowhere yet")
    return holder.label()


def holder_names(holders: Iterable[Holder | None]) -> dict[Holder, str]:
    """Every holder of ``holders`` in words, as ``label()`` would say it, in three queries at most."""
    holders = {h for h in holders if h is not None}
    library_ids = {h.library_id for h in holders if h.library_id}
    vehicle_ids = {h.vehicle_id for h in holders if h.vehicle_id}
    loan_ids = {h.loan_id for h in holders if h.loan_id}
    libraries = dict(Library.objects.filter(pk__in=library_ids).values_list("pk", "name")) if library_ids else {}
    plates = dict(Vehicle.objects.filter(pk__in=vehicle_ids).values_list("pk", "plate_number")) if vehicle_ids else {}
    cards = dict(Loan.objects.filter(pk__in=loan_ids).values_list("pk", "reader__card_number")) if loan_ids else {}
    names = {}
    for holder in holders:
        if holder.library_id:
            names[holder] = libraries.get(holder.library_id) or _("library #%(id)s") % {"id": holder.library_id}
        elif holder.vehicle_id:
            names[holder] = _("the bus %(plate)s") % {"plate": plates.get(holder.vehicle_id, holder.vehicle_id)}
        elif holder.loan_id:
            names[holder] = _("reader %(card)s (on loan)") % {"card": cards.get(holder.loan_id, holder.loan_id)}
        elif holder.status == CopyStatus.LOST:
            names[holder] = _("the lost books")
        else:
            names[holder] = _("the withdrawn books")
    return names


def movement_in_words(movement: Movement, names: dict[Holder, str] | None = None) -> str:
    """What one movement did, in a short phrase: "loaded onto the bus 65A-001.23", "deposited at <site> in the
    collection LC-TN-02". ``names`` from ``holder_names`` saves the queries; ``movement.site`` and
    ``movement.collection`` should be selected with it."""
    source = Holder.from_movement_end(movement, "from")
    target = Holder.from_movement_end(movement, "to")
    if names is None:
        names = holder_names([source, target])
    before, after = names.get(source, ""), names.get(target, "")
    place = movement.site.name if movement.site_id else after
    collection = movement.collection.code if movement.collection_id else ""
    kind = movement.kind
    if kind == MovementKind.ACQUIRE:
        return _("acquired for %(to)s") % {"to": after}
    if kind == MovementKind.LOAD:
        return _("loaded onto %(to)s") % {"to": after}
    if kind == MovementKind.UNLOAD:
        return _("unloaded from %(from)s at %(to)s") % {"from": before, "to": after}
    if kind == MovementKind.DEPOSIT:
        if collection:
            return _("deposited at %(place)s in the collection %(code)s") % {"place": place, "code": collection}
        return _("deposited at %(place)s") % {"place": place}
    if kind == MovementKind.COLLECT:
        return _("collected from %(from)s onto %(to)s") % {"from": before, "to": after}
    if kind == MovementKind.LEND:
        return _("lent to %(to)s") % {"to": after}
    if kind == MovementKind.RETURN:
        return _("returned to %(to)s") % {"to": after}
    if kind == MovementKind.LOST:
        return _("marked lost (was at %(from)s)") % {"from": before}
    if kind == MovementKind.FOUND:
        return _("found again at %(to)s") % {"to": after}
    if kind == MovementKind.DAMAGED:
        return _("marked damaged at %(to)s") % {"to": after}
    if kind == MovementKind.WITHDRAW:
        return _("withdrawn from %(from)s") % {"from": before}
    if kind == MovementKind.CORRECTION:
        return _("corrected by a stocktake: %(from)s → %(to)s") % {"from": before, "to": after}
    return _("moved from %(from)s to %(to)s") % {"from": before, "to": after}


def movements_in_words(movements: Iterable[Movement]) -> list[tuple[Movement, str]]:
    """Each movement with its phrase, naming all their holders in three queries."""
    movements = list(movements)
    ends = [Holder.from_movement_end(m, end) for m in movements for end in ("from", "to")]
    names = holder_names(ends)
    return [(m, movement_in_words(m, names)) for m in movements]


def kind_in_words(kind: str) -> str:
    """A movement kind's label ("loaded onto the bus"), never the stored ``load``."""
    try:
        return str(MovementKind(kind).label)
    except ValueError:
        return kind
