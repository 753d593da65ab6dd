"""The stock aggregate's models, one module per sub-domain: the catalogue, the ledger, rotating collections,
readers and loans, rotation proposals, stocktakes."""

from .catalogue import OUT_OF_CIRCULATION, Condition, Copy, CopySource, CopyStatus, ReadingLevel, Record
from .collections import CollectionStay, RotatingCollection
from .ledger import Movement, MovementKind
from .readers import Loan, Reader, ReaderCategory, Reservation, ReservationStatus
from .records import (
    CollectionUse,
    ConfirmedVia,
    HandoverRecord,
    RecordKind,
    UseSource,
    WithdrawalEntry,
    WithdrawalReason,
    WithdrawalStatus,
)
from .rotation import ProposalStatus, RotationAssignment, RotationProposal
from .stocktake import Stocktake

__all__ = [
    "CollectionUse",
    "ConfirmedVia",
    "HandoverRecord",
    "RecordKind",
    "UseSource",
    "WithdrawalEntry",
    "WithdrawalReason",
    "WithdrawalStatus",
    "CollectionStay",
    "Condition",
    "Copy",
    "CopySource",
    "CopyStatus",
    "Loan",
    "Movement",
    "MovementKind",
    "OUT_OF_CIRCULATION",
    "ProposalStatus",
    "Reader",
    "ReadingLevel",
    "Record",
    "ReaderCategory",
    "Reservation",
    "ReservationStatus",
    "RotatingCollection",
    "RotationAssignment",
    "RotationProposal",
    "Stocktake",
]
