"""What is on a bus now and what to load for a day's published route: the loading page's reads.

A bounded number of queries whatever the stock: copies on board are counted by title in the database, and the
day's stops, deliveries, collections due and reservations are read in one query each.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from backend.places.models import Vehicle
from backend.planning.models import PlannedVisit, PlanStatus, VisitStatus
from backend.stock.models import (
    CollectionStay,
    Copy,
    CopyStatus,
    ProposalStatus,
    Reservation,
    ReservationStatus,
    RotatingCollection,
    RotationAssignment,
)

TITLES_SHOWN = 200


@dataclass
class BusLoad:
    """A bus's stock now: copies by title (loose copies, outside any collection), its collections, and the totals
    against its capacity."""

    vehicle: Vehicle
    books: int
    boxes: int
    titles: list[dict]
    titles_more: int
    collections: list[RotatingCollection]

    @property
    def books_percent(self) -> int:
        return round(100 * self.books / self.vehicle.capacity_books) if self.vehicle.capacity_books else 0

    @property
    def boxes_percent(self) -> int:
        return round(100 * self.boxes / self.vehicle.capacity_boxes) if self.vehicle.capacity_boxes else 0


def bus_load(*, vehicle: Vehicle) -> BusLoad:
    """What is on ``vehicle`` now (four queries)."""
    on_board = Copy.objects.filter(holder_vehicle_id=vehicle.pk, status=CopyStatus.AVAILABLE)
    books = on_board.count()
    loose = (
        on_board.filter(collection__isnull=True)
        .values("record_id", "record__title")
        .annotate(n=Count("pk"))
        .order_by("record__title", "record_id")
    )
    titles = list(loose[: TITLES_SHOWN + 1])
    collections = list(
        RotatingCollection.objects.filter(holder_vehicle_id=vehicle.pk)
        .annotate(on_board=Count("copies", filter=Q(copies__holder_vehicle_id=vehicle.pk)))
        .order_by("code")
    )
    return BusLoad(
        vehicle=vehicle,
        books=books,
        boxes=sum(c.boxes for c in collections),
        titles=titles[:TITLES_SHOWN],
        titles_more=max(0, len(titles) - TITLES_SHOWN),
        collections=collections,
    )


def bus_loads(*, vehicles) -> dict[int, tuple[int, int]]:
    """Books and boxes on each bus, for the list of buses (two queries)."""
    ids = [v.pk for v in vehicles]
    books = dict(
        Copy.objects.filter(holder_vehicle_id__in=ids, status=CopyStatus.AVAILABLE)
        .values("holder_vehicle_id")
        .annotate(n=Count("pk"))
        .values_list("holder_vehicle_id", "n")
    )
    boxes = dict.fromkeys(ids, 0)
    for collection in RotatingCollection.objects.filter(holder_vehicle_id__in=ids).only(
        "holder_vehicle_id", "box_labels"
    ):
        boxes[collection.holder_vehicle_id] += collection.boxes
    return {pk: (books.get(pk, 0), boxes[pk]) for pk in ids}


@dataclass
class ManifestStop:
    visit: PlannedVisit
    deliver: list[RotatingCollection] = field(default_factory=list)
    collect: list[CollectionStay] = field(default_factory=list)
    reserved: list[Reservation] = field(default_factory=list)


@dataclass
class Manifest:
    """What to load for ``vehicle``'s published route on ``day``: per stop, the collections to deliver (each with
    whether it is on the bus yet), those to bring back, and the titles readers reserved there."""

    vehicle: Vehicle
    day: datetime.date
    stops: list[ManifestStop]
    boxes_to_load: int = 0
    boxes_loaded: int = 0
    boxes_to_collect: int = 0

    @property
    def has_route(self) -> bool:
        return bool(self.stops)


def bus_manifest(*, vehicle: Vehicle, day: datetime.date) -> Manifest:
    """The loading list for ``vehicle`` on ``day`` from its published route (five queries)."""
    visits = list(
        PlannedVisit.objects.filter(
            route__vehicle_id=vehicle.pk,
            route__date=day,
            route__plan__status=PlanStatus.PUBLISHED,
            status=VisitStatus.PLANNED,
        )
        .select_related("site")
        .order_by("position")
    )
    stops = {visit.site_id: ManifestStop(visit) for visit in visits}
    manifest = Manifest(vehicle=vehicle, day=day, stops=list(stops.values()))
    if not stops:
        return manifest
    deliveries = RotationAssignment.objects.filter(
        site_id__in=stops,
        stay__isnull=True,
        proposal__status=ProposalStatus.ACCEPTED,
        proposal__cycle_starts_on__lte=day,
    ).select_related("collection")
    for item in deliveries:
        stops[item.site_id].deliver.append(item.collection)
        manifest.boxes_to_load += item.collection.boxes
        if item.collection.holder_vehicle_id == vehicle.pk:
            manifest.boxes_loaded += item.collection.boxes
    due = CollectionStay.objects.filter(
        site_id__in=stops, collected_on=None, expected_collection_on__lte=day
    ).select_related("collection")
    for stay in due:
        stops[stay.site_id].collect.append(stay)
        manifest.boxes_to_collect += stay.collection.boxes
    reservations = Reservation.objects.filter(site_id__in=stops, status=ReservationStatus.OPEN).select_related(
        "record", "reader"
    )
    for reservation in reservations:
        stops[reservation.site_id].reserved.append(reservation)
    return manifest


def next_route_day(*, vehicle: Vehicle, after: datetime.date) -> datetime.date | None:
    """The first day after ``after`` with a published route for ``vehicle`` (for the manifest's default day)."""
    return (
        PlannedVisit.objects.filter(
            route__vehicle_id=vehicle.pk, route__date__gt=after, route__plan__status=PlanStatus.PUBLISHED
        )
        .order_by("route__date")
        .values_list("route__date", flat=True)
        .first()
    )


def scan_code_title(code: str) -> str:
    """The title of the copy, or the name of the collection, that ``code`` names; empty when none does."""
    code = (code or "").strip()
    if not code:
        return ""
    title = Copy.objects.filter(barcode=code).values_list("record__title", flat=True).first()
    if title is None:
        title = RotatingCollection.objects.filter(code__iexact=code).values_list("name", flat=True).first()
    return title or ""
