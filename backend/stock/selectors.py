"""Reads of stock: where copies are, their history, collections and stays, readers and loans, each role's scope.

Coordinators see everything; driver-librarians see the stock on their vehicles, the loans and movements made from
them, collections and stays, and the readers of the places their buses serve; a school contact sees the collections
deposited at their school and its readers.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from backend.places.models import Vehicle
from backend.places.selectors import vehicles_crewed_by
from backend.planning.models import PlannedVisit, PlanStatus, VisitStatus
from backend.stock.models import Copy

from .holders import Holder
from .models import (
    CollectionStay,
    Loan,
    Movement,
    MovementKind,
    ProposalStatus,
    Reader,
    RotatingCollection,
    RotationAssignment,
    Stocktake,
)


def copy_list_at(*, holder: Holder) -> QuerySet[Copy]:
    """The copies the ledger puts at ``holder`` (a library, a vehicle, or out of circulation)."""
    copies = Copy.objects.select_related("record")
    if holder.library_id:
        return copies.filter(holder_library_id=holder.library_id)
    if holder.vehicle_id:
        return copies.filter(holder_vehicle_id=holder.vehicle_id)
    if holder.loan_id:
        return copies.filter(holder_loan_id=holder.loan_id)
    return copies.filter(status=holder.status)


def copy_list_on_bus(*, vehicle) -> QuerySet[Copy]:
    return copy_list_at(holder=Holder.vehicle(vehicle))


def copy_list_for(*, user) -> QuerySet[Copy]:
    copies = Copy.objects.select_related("record", "holder_library", "holder_vehicle", "collection")
    if user.is_coordinator:
        return copies
    if user.is_driver_librarian:
        return copies.filter(holder_vehicle__in=vehicles_crewed_by(user=user))
    return copies.filter(holder_library__school__id=user.school_id)


def copy_history(*, copy: Copy) -> QuerySet[Movement]:
    """The copy's movements, oldest first: the replay of where it has been."""
    return Movement.objects.filter(copy=copy).select_related("by", "site").order_by("pk")


def movement_list_for(*, user) -> QuerySet[Movement]:
    movements = Movement.objects.select_related("copy", "by", "site")
    if user.is_coordinator:
        return movements
    if user.is_driver_librarian:
        crewed = vehicles_crewed_by(user=user)
        mine = Q(from_vehicle__in=crewed) | Q(to_vehicle__in=crewed)
        return movements.filter(mine).distinct()
    return movements.none()


def collection_list_for(*, user) -> QuerySet[RotatingCollection]:
    collections = RotatingCollection.objects.select_related("holder_library", "holder_vehicle")
    if user.is_coordinator or user.is_driver_librarian:
        return collections
    return collections.filter(stays__site__school_id=user.school_id).distinct()


def stay_list_for(*, user) -> QuerySet[CollectionStay]:
    stays = CollectionStay.objects.select_related("collection", "site", "library")
    if user.is_coordinator or user.is_driver_librarian:
        return stays
    return stays.filter(site__school_id=user.school_id)


def reader_list_for(*, user) -> QuerySet[Reader]:
    """Coordinators see every reader; a school contact their school's; a crew member the readers of the places
    their buses serve (``crew_reader_scope``), not every reader's phone number and year of birth."""
    readers = Reader.objects.select_related("school", "site")
    if user.is_coordinator:
        return readers
    if user.is_driver_librarian:
        return readers.filter(crew_reader_scope(user=user))
    return readers.filter(school_id=user.school_id)


def crew_reader_scope(*, user) -> Q:
    """The readers a crew member may look through: registered at a site (or for a school) on a route of a bus they
    crew in a published or past plan, holding or having held a loan made on those buses or by them, or registered
    by them. A reader from elsewhere who shows a card at a stop is found by its exact number (``reader_get_by_card``).
    """
    crewed = vehicles_crewed_by(user=user)
    served = PlannedVisit.objects.filter(
        route__vehicle__in=crewed, route__plan__status__in=[PlanStatus.PUBLISHED, PlanStatus.SUPERSEDED]
    )
    lent = Loan.objects.filter(Q(visit__route__vehicle__in=crewed) | Q(lent_by=user))
    return (
        Q(site__in=served.values("site_id"))
        | Q(school__in=served.values("site__school_id"))
        | Q(pk__in=lent.values("reader_id"))
        | Q(registered_by=user)
    )


def loan_list_for(*, user, open_only: bool = False) -> QuerySet[Loan]:
    loans = Loan.objects.select_related("copy__record", "reader", "site")
    if open_only:
        loans = loans.filter(returned_at=None)
    if user.is_coordinator:
        return loans
    if user.is_driver_librarian:
        return loans.filter(Q(visit__route__vehicle__in=vehicles_crewed_by(user=user)) | Q(lent_by=user)).distinct()
    return loans.filter(reader__school_id=user.school_id)


def site_next_visit_on(*, site, after: datetime.date) -> datetime.date | None:
    """The date of the bus's next planned visit to ``site`` after ``after``, in a published plan."""
    visit = (
        PlannedVisit.objects.filter(
            site=site, status=VisitStatus.PLANNED, route__plan__status=PlanStatus.PUBLISHED, route__date__gt=after
        )
        .order_by("route__date")
        .values_list("route__date", flat=True)
        .first()
    )
    return visit


@dataclass
class SiteLoad:
    """Rotation boxes for the next visit to a site: collections to deliver there and collections to collect."""

    deliver_boxes: int = 0
    collect_boxes: int = 0
    deliver: list[str] = field(default_factory=list)
    collect: list[str] = field(default_factory=list)


def rotation_load_pending(*, until: datetime.date) -> dict[int, SiteLoad]:
    """Boxes to deliver and collect per site id, for everything due by ``until``.

    Deliveries: pairings of accepted rotation proposals whose cycle starts by ``until`` and that are not yet
    deposited. Collections: collections deposited at a site and expected back by ``until``.
    """
    loads: dict[int, SiteLoad] = defaultdict(SiteLoad)
    deliveries = RotationAssignment.objects.filter(
        proposal__status=ProposalStatus.ACCEPTED, stay__isnull=True, proposal__cycle_starts_on__lte=until
    ).select_related("collection")
    for item in deliveries:
        loads[item.site_id].deliver_boxes += item.collection.boxes
        loads[item.site_id].deliver.append(item.collection.code)
    due = CollectionStay.objects.filter(collected_on__isnull=True, expected_collection_on__lte=until).select_related(
        "collection"
    )
    for stay in due:
        loads[stay.site_id].collect_boxes += stay.collection.boxes
        loads[stay.site_id].collect.append(stay.collection.code)
    return dict(loads)


def stay_handover_items(*, stay: CollectionStay) -> QuerySet[Movement]:
    """The item list of a stay's handover record: the deposit movements of its copies, by barcode."""
    return (
        Movement.objects.filter(
            kind=MovementKind.DEPOSIT,
            collection_id=stay.collection_id,
            site_id=stay.site_id,
            to_library_id=stay.library_id,
            at__date=stay.deposited_on,
        )
        .select_related("copy__record")
        .order_by("copy__barcode")
    )


def stock_vehicles_for(*, user) -> QuerySet[Vehicle]:
    """The vehicles whose stock ``user`` may read: every one for a coordinator, the buses they crew otherwise."""
    if user.is_coordinator:
        return Vehicle.objects.all()
    return vehicles_crewed_by(user=user)


def stocktake_list_for(*, user) -> QuerySet[Stocktake]:
    """Stocktakes: all of them for a coordinator, those of the buses they crew otherwise."""
    takes = Stocktake.objects.all()
    if user.is_coordinator:
        return takes
    return takes.filter(vehicle__in=vehicles_crewed_by(user=user))


def stocktake_allowed(*, user, holder: Holder) -> bool:
    """Whether ``user`` may count ``holder``: a coordinator any library or bus, a crew member only a bus they crew."""
    if user.is_coordinator:
        return True
    return holder.vehicle_id is not None and vehicles_crewed_by(user=user).filter(pk=holder.vehicle_id).exists()
