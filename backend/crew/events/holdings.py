"""What a crew may act on: the stock on its bus, at the library of the stop it is at, and the loans it made.

A phone is trusted with the books in the crew's hands, not with the whole ledger: without these checks one bus's
phone could mark another bus's copies lost, close another bus's loans, or empty a school library it is not at. A
copy the ledger puts elsewhere is a conflict when the crew may be right (a book in hand the ledger misplaced; a
coordinator settles it) and a rejection when the event itself is wrong (loading the bus anywhere but a depot).
"""

from django.utils.translation import gettext as _

from backend.crew.events.batch import Batch
from backend.places.models import Library, LibraryKind, ServiceSite
from backend.planning.models import PlannedVisit
from backend.stock.holders import Holder
from backend.stock.models import Movement, MovementKind
from backend.sync.exceptions import EventConflict, EventRejected


def preload_depots(batch: Batch) -> None:
    """The depots (city/provincial public libraries: a handful) a load or an unload may name."""
    batch.depot_ids = set(Library.objects.filter(kind=LibraryKind.PUBLIC).values_list("pk", flat=True))


def preload_loan_origins(batch: Batch, loan_ids) -> None:
    """For each open loan of the batch's copies, the bus it was lent from and the stop it was lent at."""
    ids = [pk for pk in loan_ids if pk and pk not in batch.loan_origins]
    if ids:
        lends = Movement.objects.filter(kind=MovementKind.LEND, to_loan_id__in=ids)
        batch.loan_origins.update(
            {pk: (bus, site) for pk, bus, site in lends.values_list("to_loan_id", "from_vehicle_id", "site_id")}
        )


def stop_library_id(batch: Batch, visit: PlannedVisit | None) -> int | None:
    """The library that holds what is deposited at the visit's stop (its own, else its school's), if any."""
    if visit is None:
        return None
    if visit.site_id not in batch.stop_libraries:
        library, school_library = ServiceSite.objects.values_list("library_id", "school__library_id").get(
            pk=visit.site_id
        )
        batch.stop_libraries[visit.site_id] = library or school_library
    return batch.stop_libraries[visit.site_id]


def lent_by_crew(batch: Batch, loan_id: int, visit: PlannedVisit | None) -> bool:
    """Whether the loan was made from one of the user's buses, or at the stop the crew is at."""
    preload_loan_origins(batch, [loan_id])
    bus, site = batch.loan_origins.get(loan_id, (None, None))
    return bus in batch.vehicle_ids or (visit is not None and site is not None and site == visit.site_id)


def require_held(batch: Batch, holder: Holder, *, vehicle_id: int, visit, barcode: str) -> None:
    """A copy reported damaged or lost must be on the event's bus, at the stop's library, or on a loan the crew
    made; otherwise the report is held as a conflict for a coordinator (``force`` is their acceptance)."""
    if holder.vehicle_id is not None and holder.vehicle_id == vehicle_id:
        return
    if holder.library_id is not None and holder.library_id == stop_library_id(batch, visit):
        return
    if holder.loan_id is not None and lent_by_crew(batch, holder.loan_id, visit):
        return
    if batch.force:
        return
    raise EventConflict(
        "copy_not_held_by_crew",
        _("Copy %(b)s is not on your bus or at this stop: the ledger puts it at %(h)s.")
        % {"b": barcode, "h": holder.label()},
        details={"barcode": barcode, "ledger": holder.as_dict(), "vehicle": vehicle_id},
    )


def require_loan_of_crew(batch: Batch, loan_id: int, *, vehicle_id: int, visit, barcode: str) -> None:
    """A copy taken back must be on a loan the crew made (from its bus or at this stop), else a conflict."""
    if batch.force or lent_by_crew(batch, loan_id, visit):
        return
    raise EventConflict(
        "loan_not_made_by_crew",
        _("Copy %(b)s was lent from another bus: a coordinator will check the take-back.") % {"b": barcode},
        details={"barcode": barcode, "loan": loan_id, "vehicle": vehicle_id},
    )


def require_depot(batch: Batch, holder: Holder) -> None:
    """A bus is loaded at a depot only: from a school or commune library the crew collects, at a stop."""
    if holder.library_id is not None and holder.library_id not in batch.depot_ids:
        raise EventRejected(
            "load_not_at_depot",
            _("A bus is loaded at a depot; books at another library are collected at its stop."),
            status=409,
        )


def require_unload_target(batch: Batch, library_id: int, visit) -> None:
    """A bus is unloaded into a depot, or into the library of the stop it is at."""
    if library_id in batch.depot_ids or library_id == stop_library_id(batch, visit):
        return
    raise EventRejected(
        "unload_not_at_depot",
        _("A bus is unloaded at a depot or at the library of the stop it is at."),
        status=409,
    )
