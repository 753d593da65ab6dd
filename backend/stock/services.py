"""Public write API of the book stock (issue 3). Other apps import these names from here; they stay stable.

Holders
    ``Holder`` (``backend.stock.holders``) names where a copy is: ``Holder.library(lib)``, ``Holder.vehicle(bus)``,
    ``Holder.loan(loan)``, ``Holder.lost()``, ``Holder.withdrawn()``; ``Holder.of(copy)`` reads a copy's.

Idempotency
    Every service taking ``source_event_id`` (a UUID made on the phone) applies it once. Calling again with the same
    id changes nothing and returns the earlier result (the same ``Movement`` / ``Loan`` / ``Reader`` /
    ``CollectionMoveResult`` with ``replayed=True``). An id already used for *other* copies raises
    ``EventReusedError`` (409).

Services (keyword-only arguments; ``by`` is the acting user, ``at`` an aware datetime defaulting to now;
``site`` a ``places.ServiceSite`` where it happened; ``visit`` a ``planning.PlannedVisit``)
    copy_acquire(*, record, barcode, library=None, vehicle=None, by, at, reason, source_event_id, **copy_fields)
        -> Copy. Creates the copy with its ``acquire`` movement.
    copy_move(*, copy, kind, to=None, expected_from=None, site, visit, by, at, reason, source_event_id)
        -> Movement. Kinds: load, unload, deposit, collect, transfer, lost, found, damaged, withdraw, correction.
    collection_create(*, code, name, library, reading_level, box_labels, copies) -> RotatingCollection
    collection_add_copies(*, collection, copies) / collection_remove_copies(*, collection, copies)
    collection_move(*, collection, kind, to=None, expected_from=None, site, visit, by, at, reason, source_event_id,
                    expected_collection_on=None, received_by_name="") -> CollectionMoveResult
        Kinds: load, unload, deposit (opens a CollectionStay), collect (closes it), transfer. A bounded number of
        queries whatever the size. ``CollectionMoveResult``: collection, moved, left_behind (copy ids on loan),
        stay, replayed.
    collection_deposit(*, collection, site, ...) / collection_collect(*, collection, to, ...): shorthands.
    reader_register(*, card_number, full_name, birth_year, phone, school, site, by, at, source_event_id) -> Reader
    loan_lend(*, copy, reader, site, visit, due_on=None, by, at, source_event_id) -> Loan
        ``due_on`` defaults to the bus's next published visit to the site (``STOCK_LOAN_DAYS`` later if none).
    loan_return(*, loan, to, site, visit, by, at, source_event_id) -> Loan
    loan_mark_lost(*, loan, by, at, reason, source_event_id) -> Loan

Errors (``backend.stock.exceptions``, each with a stable ``code``): CopyNotAtHolderError (409),
MovementNotAllowedError, CopyNotAvailableError (409), LoanLimitReachedError, LoanAlreadyReturnedError (409),
SiteInactiveError, SiteHasNoLibraryError, CollectionNotAtHolderError (409), CollectionNotDepositedError (409),
EventReusedError (409); Django ``ValidationError`` for bad fields. When one is raised nothing was written.

Selectors (``backend.stock.selectors``)
    copy_list_at(*, holder), copy_list_on_bus(*, vehicle), copy_list_for(*, user), copy_history(*, copy),
    movement_list_for(*, user), collection_list_for(*, user), stay_list_for(*, user), reader_list_for(*, user),
    loan_list_for(*, user, open_only=False), site_next_visit_on(*, site, after), collection_stragglers(*, collection),
    rotation_load_pending(*, until) -> {site_id: SiteLoad(deliver_boxes, collect_boxes, deliver, collect)}.

Rules (settings, with defaults): STOCK_LOAN_LIMIT = 3, STOCK_LOAN_DAYS = 21, STOCK_DEFAULT_STAY_DAYS = 60,
STOCK_MAX_STAY_DAYS = 183.
"""

from .collections import (
    CollectionMoveResult,
    collection_add_copies,
    collection_collect,
    collection_create,
    collection_deposit,
    collection_move,
    collection_remove_copies,
    collection_stragglers,
)
from .holders import Holder
from .ledger import copy_acquire, copy_move
from .loans import loan_due_on, loan_lend, loan_mark_lost, loan_return, reader_register

__all__ = [
    "CollectionMoveResult",
    "Holder",
    "collection_add_copies",
    "collection_collect",
    "collection_create",
    "collection_deposit",
    "collection_move",
    "collection_remove_copies",
    "collection_stragglers",
    "copy_acquire",
    "copy_move",
    "loan_due_on",
    "loan_lend",
    "loan_mark_lost",
    "loan_return",
    "reader_register",
]
