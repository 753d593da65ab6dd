"""Loading and unloading a bus by scanning: one code (a copy's barcode or a collection's code) and what to do with it.

The loading page sends each scan here. A copy or a whole collection is loaded from the bus's home depot, unloaded
back to it, deposited at a site or collected from one; the bus's capacity in books and boxes is checked before
anything moves. Each scan is one transaction, and an undo records the reversing movement (never a deletion: the
ledger is append-only).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from backend.core.exceptions import ApplicationError, ConflictError
from backend.places.models import ServiceSite, Vehicle
from backend.stock.models import Copy, CopyStatus, Movement, MovementKind, RotatingCollection, RotationAssignment

from .collections import collection_holder, collection_move
from .describe import holder_names
from .exceptions import MovementNotAllowedError, UnknownCopyError
from .holders import Holder, site_library
from .ledger import copy_move

SCAN_KINDS = (MovementKind.LOAD, MovementKind.UNLOAD, MovementKind.DEPOSIT, MovementKind.COLLECT)
# The movement that puts a scan back: loading is undone by unloading, a deposit by collecting, and so on.
REVERSE = {
    MovementKind.LOAD: MovementKind.UNLOAD,
    MovementKind.UNLOAD: MovementKind.LOAD,
    MovementKind.DEPOSIT: MovementKind.COLLECT,
    MovementKind.COLLECT: MovementKind.DEPOSIT,
}


class BusOverCapacityError(ConflictError):
    code = "bus_over_capacity"


class ScanUndoError(ConflictError):
    code = "scan_cannot_be_undone"


class CopyInCollectionError(ApplicationError):
    code = "copy_in_collection"


@dataclass
class ScanResult:
    """What one scan did, in words: the title (or the collection), where from and where to."""

    code: str
    kind: str
    title: str
    source: str
    target: str
    copies: int
    movement_id: int
    collection_code: str = ""
    left_behind: list[int] = field(default_factory=list)


def bus_load_counts(vehicle: Vehicle) -> tuple[int, int]:
    """Copies in stock on the bus, and the boxes of the collections it carries."""
    books = Copy.objects.filter(holder_vehicle_id=vehicle.pk, status=CopyStatus.AVAILABLE).count()
    boxes = sum(c.boxes for c in RotatingCollection.objects.filter(holder_vehicle_id=vehicle.pk).only("box_labels"))
    return books, boxes


def _check_room(vehicle: Vehicle, *, books: int, boxes: int) -> None:
    on_board_books, on_board_boxes = bus_load_counts(vehicle)
    if on_board_books + books > vehicle.capacity_books:
        raise BusOverCapacityError(
            _("The bus %(plate)s is full: %(n)s books on board, room for %(capacity)s.")
            % {"plate": vehicle.plate_number, "n": on_board_books, "capacity": vehicle.capacity_books}
        )
    if boxes and on_board_boxes + boxes > vehicle.capacity_boxes:
        raise BusOverCapacityError(
            _("The bus %(plate)s has no room for %(boxes)s more boxes: %(n)s of %(capacity)s taken.")
            % {"plate": vehicle.plate_number, "boxes": boxes, "n": on_board_boxes, "capacity": vehicle.capacity_boxes}
        )


def _ends(vehicle: Vehicle, kind: str, site: ServiceSite | None) -> tuple[Holder, Holder]:
    """Where a scan of ``kind`` takes a copy from, and to."""
    bus, depot = Holder.vehicle(vehicle), Holder.library(vehicle.home_depot_id)
    if kind == MovementKind.LOAD:
        return depot, bus
    if kind == MovementKind.UNLOAD:
        return bus, depot
    point = Holder.library(site_library(site))
    if kind == MovementKind.DEPOSIT:
        return bus, point
    return point, bus


@transaction.atomic
def bus_scan(*, vehicle: Vehicle, kind: str, code: str, site: ServiceSite | None = None, by=None) -> ScanResult:
    """Apply one scan to ``vehicle``: ``kind`` is load, unload, deposit or collect (the last two at ``site``).

    ``code`` is a copy's barcode or a collection's code. Raises ``UnknownCopyError`` (no such code),
    ``CopyNotAtHolderError`` / ``CollectionNotAtHolderError`` (not where this scan takes it from),
    ``CopyInCollectionError`` (a copy of a collection scanned alone), ``BusOverCapacityError``, or the ledger's
    other errors; nothing is written when one is raised.
    """
    code = (code or "").strip()
    if kind not in SCAN_KINDS:
        raise MovementNotAllowedError(_("Choose what to do: load, unload, deposit or collect."))
    if not code:
        raise MovementNotAllowedError(_("Scan or type a barcode or a collection code."))
    source, target = _ends(vehicle, kind, site)
    copy = Copy.objects.select_related("record", "collection").filter(barcode=code).first()
    if copy is not None:
        return _scan_copy(vehicle, kind, copy, source, target, site, by)
    collection = RotatingCollection.objects.filter(code__iexact=code).first()
    if collection is not None:
        return _scan_collection(vehicle, kind, collection, source, target, site, by)
    raise UnknownCopyError(_("No copy or collection has the code %(code)s.") % {"code": code})


def _scan_copy(vehicle, kind, copy, source, target, site, by) -> ScanResult:
    if copy.collection_id and copy.status == CopyStatus.AVAILABLE:
        raise CopyInCollectionError(
            _("%(barcode)s belongs to the collection %(code)s: scan the collection's code to move it whole.")
            % {"barcode": copy.barcode, "code": copy.collection.code}
        )
    if target.vehicle_id:
        _check_room(vehicle, books=1, boxes=0)
    movement = copy_move(copy=copy, kind=kind, to=target, expected_from=source, site=site, by=by)
    names = holder_names([source, target])
    return ScanResult(copy.barcode, kind, copy.record.title, names[source], names[target], 1, movement.pk)


def _scan_collection(vehicle, kind, collection, source, target, site, by) -> ScanResult:
    if target.vehicle_id:
        here = Copy.objects.filter(collection=collection, status=CopyStatus.AVAILABLE).count()
        _check_room(vehicle, books=here, boxes=collection.boxes)
    result = collection_move(collection=collection, kind=kind, to=target, expected_from=source, site=site, by=by)
    last = Movement.objects.filter(collection=collection).order_by("-pk").values_list("pk", flat=True).first()
    names = holder_names([source, target])
    return ScanResult(
        collection.code,
        kind,
        collection.name,
        names[source],
        names[target],
        result.moved,
        last,
        collection_code=collection.code,
        left_behind=result.left_behind,
    )


@transaction.atomic
def bus_scan_undo(*, vehicle: Vehicle, movement_id: int, by=None) -> ScanResult:
    """Put back what the scan that made ``movement_id`` did, by the reversing movement (load ↔ unload,
    deposit ↔ collect). Refused (``ScanUndoError``) once the copy or collection has moved again since."""
    movement = (
        Movement.objects.select_related("copy__record", "collection", "site")
        .filter(pk=movement_id, kind__in=SCAN_KINDS)
        .first()
    )
    if movement is None or vehicle.pk not in (movement.from_vehicle_id, movement.to_vehicle_id):
        raise ScanUndoError(_("This scan was not made on the bus %(plate)s.") % {"plate": vehicle.plate_number})
    source = Holder.from_movement_end(movement, "from")
    target = Holder.from_movement_end(movement, "to")
    reverse, reason = REVERSE[movement.kind], _("Undo of a scan")
    if movement.collection_id:
        collection = RotatingCollection.objects.select_for_update().get(pk=movement.collection_id)
        later = Movement.objects.filter(collection=collection, pk__gt=movement.pk)
        if later.exists() or collection_holder(collection) != target:
            raise ScanUndoError(_("Collection %(code)s has moved since: nothing to undo.") % {"code": collection.code})
        if source.vehicle_id:
            _check_room(vehicle, books=movement.collection.copies.count(), boxes=collection.boxes)
        result = collection_move(
            collection=collection,
            kind=reverse,
            to=source,
            expected_from=target,
            site=movement.site,
            by=by,
            reason=reason,
        )
        if reverse == MovementKind.COLLECT and result.stay is not None:
            # The deposit never happened: its rotation pairing waits for a deposit again.
            RotationAssignment.objects.filter(stay=result.stay).update(stay=None)
        undone = Movement.objects.filter(collection=collection).order_by("-pk").values_list("pk", flat=True).first()
        code, title, copies = collection.code, collection.name, result.moved
    else:
        if Movement.objects.filter(copy_id=movement.copy_id, pk__gt=movement.pk).exists():
            raise ScanUndoError(
                _("Copy %(barcode)s has moved since: nothing to undo.") % {"barcode": movement.copy.barcode}
            )
        if source.vehicle_id:
            _check_room(vehicle, books=1, boxes=0)
        undone = copy_move(
            copy=movement.copy, kind=reverse, to=source, expected_from=target, site=movement.site, by=by, reason=reason
        ).pk
        code, title, copies = movement.copy.barcode, movement.copy.record.title, 1
    names = holder_names([source, target])
    return ScanResult(
        code,
        reverse,
        title,
        names[target],
        names[source],
        copies,
        undone,
        collection_code=movement.collection.code if movement.collection_id else "",
    )
