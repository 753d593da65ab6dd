"""Every kind of event the phone can send, in one table: how its ``data`` is read and how it is applied.

Visit events change the batch's visits and reports in memory and are written in bulk when the batch is flushed.
Stock events write at once through the stock services (``writes_directly``); those marked ``ledger_first`` first
write the lends and take-backs applied in memory before them, as the services read the ledger. What the stock
events need is loaded up front, for the whole batch, by ``PRELOADERS``. mobile_api/README.md documents each kind.
"""

from backend.crew import validate as v
from backend.crew.events import condition, loans, moves, stock, trips, visits
from backend.crew.events.batch import Batch, Kind
from backend.crew.events.stock import ledger_first
from backend.sync.envelope import Envelope


def _table(*kinds: Kind) -> dict[str, Kind]:
    return {kind.name: kind for kind in kinds}


VISIT_KINDS = _table(
    Kind("arrive", v.position_data, visits.apply_arrive),
    Kind("leave", v.position_data, visits.apply_leave),
    Kind("visitors", v.visitors_data, visits.apply_visitors),
    Kind("activity_note", v.note_data, visits.apply_activity_note),
    Kind("proof", v.proof_data, visits.apply_proof),
    Kind("skip", v.skip_data, visits.apply_skip),
)

STOCK_KINDS = _table(
    Kind("load", v.move_data, ledger_first(moves.apply_load), needs_visit=False, writes_directly=True),
    Kind("unload", v.move_data, ledger_first(moves.apply_unload), needs_visit=False, writes_directly=True),
    Kind("deposit", v.deposit_data, ledger_first(moves.apply_deposit), writes_directly=True),
    Kind("collect", v.move_data, ledger_first(moves.apply_collect), writes_directly=True),
    Kind("register_reader", v.reader_data, loans.apply_register_reader, needs_visit=False, writes_directly=True),
    Kind("lend", v.lend_data, loans.apply_lend, writes_directly=True),
    Kind("reserve", v.reserve_data, loans.apply_reserve, needs_visit=False, writes_directly=True),
    Kind("take_back", v.barcode_data, loans.apply_take_back, needs_visit=False, writes_directly=True),
    Kind("damaged", v.condition_data, ledger_first(condition.apply_damaged), needs_visit=False, writes_directly=True),
    Kind("lost", v.condition_data, ledger_first(condition.apply_lost), needs_visit=False, writes_directly=True),
    Kind(
        "stocktake", v.stocktake_data, ledger_first(condition.apply_stocktake), needs_visit=False, writes_directly=True
    ),
    # Circular 05/2022: crew at departure, the stocktake that closes a trip, handover records, uses of a batch.
    Kind("crew_confirm", trips.crew_confirm_data, trips.apply_crew_confirm, needs_visit=False, writes_directly=True),
    Kind(
        "trip_stocktake",
        trips.trip_stocktake_data,
        ledger_first(trips.apply_trip_stocktake),
        needs_visit=False,
        writes_directly=True,
    ),
    Kind(
        "handover_confirm",
        trips.handover_confirm_data,
        trips.apply_handover_confirm,
        needs_visit=False,
        writes_directly=True,
    ),
    Kind(
        "collection_uses",
        trips.collection_uses_data,
        trips.apply_collection_uses,
        needs_visit=False,
        writes_directly=True,
    ),
)

KINDS: dict[str, Kind] = {**VISIT_KINDS, **STOCK_KINDS}


def preload_stock(batch: Batch, envelopes: list[Envelope]) -> None:
    """Every copy (locked), collection, reader and library the batch's readable stock events name."""
    stock.preload(batch, [env for env in envelopes if env.kind in STOCK_KINDS and env.rejection is None])


# What a batch loads up front besides its visits and their reports (which every batch loads).
PRELOADERS = (preload_stock,)
