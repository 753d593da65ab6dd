"""Moving copies and rotating collections: loading the bus at the depot, unloading it, depositing at a stop and
collecting from it. A copy is named by its barcode, a whole collection by its code.
"""

from typing import Any

from django.utils.translation import gettext as _

from backend.crew.events.batch import Batch
from backend.crew.events.holdings import require_depot, require_unload_target, stop_library_id
from backend.crew.events.stock import common_fields, copy_of, mark_moved, stock_call, where
from backend.places.models import Vehicle
from backend.stock.collections import collection_holder
from backend.stock.holders import Holder, site_library
from backend.stock.models import MovementKind, RotatingCollection
from backend.stock.services import collection_move, copy_move
from backend.sync.envelope import Envelope
from backend.sync.exceptions import EventRejected
from backend.sync.models import RawEvent


def apply_load(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = where(batch, env, visit_required=False)
    library_id = env.data.get("library") and _library_id(batch, env.data["library"])
    expected = Holder.library(library_id) if library_id else None
    require_depot(batch, expected or _holder_of_item(batch, env))
    return _move_item(
        batch, row, env, kind=MovementKind.LOAD, to=Holder.vehicle(vehicle_id), expected_from=expected, visit=visit
    )


def apply_unload(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = where(batch, env, visit_required=False)
    if env.data.get("library"):
        library_id = _library_id(batch, env.data["library"])
        require_unload_target(batch, library_id, visit)
    else:
        library_id = Vehicle.objects.values_list("home_depot_id", flat=True).get(pk=vehicle_id)
    return _move_item(
        batch,
        row,
        env,
        kind=MovementKind.UNLOAD,
        to=Holder.library(library_id),
        expected_from=Holder.vehicle(vehicle_id),
        visit=visit,
    )


def apply_deposit(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = where(batch, env, visit_required=True)
    extra = {k: env.data[k] for k in ("expected_collection_on", "received_by_name") if env.data.get(k)}
    if "barcode" in env.data:
        extra = {}
    return _move_item(
        batch,
        row,
        env,
        kind=MovementKind.DEPOSIT,
        to=None,
        expected_from=Holder.vehicle(vehicle_id),
        visit=visit,
        **extra,
    )


def apply_collect(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, visit = where(batch, env, visit_required=True)
    # Only what is at this stop's library: never another school's shelves or the depot's.
    library_id = stop_library_id(batch, visit) or stock_call(site_library, site=visit.site).pk
    here = Holder.library(library_id)
    return _move_item(
        batch, row, env, kind=MovementKind.COLLECT, to=Holder.vehicle(vehicle_id), expected_from=here, visit=visit
    )


def _collection(batch: Batch, code: str) -> RotatingCollection:
    collection = batch.collections.get(code)
    if collection is None:
        raise EventRejected("unknown_collection", _("No rotating collection has code %(c)s.") % {"c": code}, status=404)
    return collection


def _holder_of_item(batch: Batch, env: Envelope) -> Holder:
    """Where the ledger puts the copy or the collection the event names."""
    if "barcode" in env.data:
        return Holder.of(copy_of(batch, env.data["barcode"]))
    return collection_holder(_collection(batch, env.data["collection"]))


def _library_id(batch: Batch, library_id: int) -> int:
    # Checked here: the ledger's foreign key is checked only at commit, which would fail the whole batch.
    if library_id not in batch.library_ids:
        raise EventRejected("unknown_library", _("No library has this id."), status=404)
    return library_id


def _move_item(batch, row, env, *, kind, to, expected_from, visit, **extra) -> dict[str, Any]:
    common = common_fields(batch, row, env, visit)
    if "barcode" in env.data:
        copy = copy_of(batch, env.data["barcode"])
        movement = stock_call(copy_move, copy=copy, kind=kind, to=to, expected_from=expected_from, **common)
        mark_moved(batch, copy.barcode)
        return {"barcode": copy.barcode, "movement": movement.pk}
    collection = _collection(batch, env.data["collection"])
    result = stock_call(
        collection_move, collection=collection, kind=kind, to=to, expected_from=expected_from, **common, **extra
    )
    mark_moved(batch)
    return {
        "collection": collection.code,
        "moved": result.moved,
        "left_behind": result.left_behind,
        "stay": result.stay.pk if result.stay else None,
    }
