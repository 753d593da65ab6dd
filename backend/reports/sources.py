"""Where each indicator comes from: a table, the date that places a row in a period, the paths to its site, vehicle
and trip, and the aggregates computed over it. ``selectors`` turns a source into one GROUP BY query."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from backend.outreach.models import Event
from backend.places.models import PRIORITY_AREAS, ServiceSite
from backend.planning.models import PlannedVisit, PlanRoute, PlanStatus, VisitStatus
from backend.stock.models import CollectionStay, CopySource, Loan, Movement, MovementKind, Reader
from backend.stock.rotation_usage import reported_uses_of_stay

DONE = Q(status=VisitStatus.DONE)


@dataclass(frozen=True)
class Source:
    """One table aggregated for a report.

    ``site``, ``vehicle`` and ``trip`` are lookup paths to the ServiceSite, Vehicle and PlanRoute (``None``: the
    rows cannot be grouped that way and are left out of such a grouping). ``groupings`` limits which groupings use
    this source at all (``None``: every one it has paths for).
    """

    name: str
    queryset: Callable[[], QuerySet]
    date: str
    is_datetime: bool
    site: str | None
    vehicle: str | None
    trip: str | None
    metrics: Callable[[str], dict]
    groupings: tuple[str, ...] | None = None
    # Aggregates that compare rows with the start of their period bucket (an expression), e.g. regular readers.
    bucket_metrics: Callable[[Any], dict] | None = None

    def supports(self, grouping: str) -> bool:
        if self.groupings is not None and grouping not in self.groupings:
            return False
        if grouping in ("commune", "site_kind", "site"):
            return self.site is not None
        if grouping == "vehicle":
            return self.vehicle is not None
        if grouping == "trip":
            return self.trip is not None
        return True


def _published_visits() -> QuerySet:
    return PlannedVisit.objects.filter(route__plan__status=PlanStatus.PUBLISHED)


def _time_at_site():
    """The crew's visit report (arrived, left) when known, else the visit's actual times, else the planned set-up
    start and departure."""
    reported = ExpressionWrapper(F("report__left_at") - F("report__arrived_at"), output_field=DurationField())
    actual = ExpressionWrapper(F("actual_departure") - F("actual_arrival"), output_field=DurationField())
    planned = ExpressionWrapper(F("departs_at") - F("starts_at"), output_field=DurationField())
    return Coalesce(reported, actual, planned, output_field=DurationField())


def _visit_metrics(grouping: str) -> dict:
    """Visits, time at sites and the crews' head counts (one reader visit per person per visit, the sector's
    convention) in one pass over the visits and their reports."""
    metrics = {
        "visits_planned": Count("id"),
        "visits_made": Count("id", filter=DONE),
        "visits_skipped": Count("id", filter=Q(status=VisitStatus.SKIPPED)),
        "time_at_sites": Sum(_time_at_site(), filter=DONE),
        "reader_visits_students": Sum("report__students"),
        "reader_visits_adults": Sum("report__adults"),
        "served_children": Sum("report__children"),
        "served_elderly": Sum("report__elderly"),
        "served_disabled": Sum("report__disabled"),
        "served_ethnic_minority": Sum("report__ethnic_minority"),
        "served_priority_areas": Sum(
            Coalesce("report__students", 0) + Coalesce("report__adults", 0),
            filter=Q(site_id__in=priority_area_sites()),
        ),
        "reading_uses": Sum("report__reading_uses"),
        "digital_uses": Sum("report__digital_uses"),
    }
    if grouping == "site":
        # A trip stops once at a site: its trips are its visits (no DISTINCT, which PostgreSQL sorts for).
        metrics |= {"trips_planned": Count("id"), "trips_made": Count("id", filter=DONE)}
    elif grouping in ("commune", "site_kind"):
        metrics |= {"trips_planned": Count("route_id", distinct=True),
                    "trips_made": Count("route_id", distinct=True, filter=DONE)}  # fmt: skip
    if grouping in ("commune", "site_kind", "site"):
        # Kilometres of a place: the legs driven to reach it (the way back to the depot belongs to no place).
        metrics["distance_m"] = Sum("distance_m", filter=DONE)
    return metrics


def priority_area_sites() -> QuerySet:
    """Sites in a border or disadvantaged area (a hashed semi-join: the site table is not joined to every visit).
    The groups are a JSON list; matching the quoted name in its text works alike on PostgreSQL and SQLite."""
    in_area = Q()
    for area in PRIORITY_AREAS:
        in_area |= Q(priority_groups__icontains=f'"{area}"')
    return ServiceSite.objects.filter(in_area).values("id")


def _published_routes() -> QuerySet:
    return PlanRoute.objects.filter(plan__status=PlanStatus.PUBLISHED)


def _routes_made() -> QuerySet:
    """Trips with at least one visit made: a hashed semi-join, not a subquery per trip."""
    done = PlannedVisit.objects.filter(status=VisitStatus.DONE).values("route_id")
    return _published_routes().filter(id__in=done)


def _route_metrics(grouping: str) -> dict:
    return {"trips_planned": Count("id")}


def _route_made_metrics(grouping: str) -> dict:
    """Trips made and their whole distance, for the network, a vehicle or a trip."""
    return {"trips_made": Count("id"), "distance_m": Sum("distance_m")}


VISITS = Source(
    name="visits",
    queryset=_published_visits,
    date="route__date",
    is_datetime=False,
    site="site",
    vehicle="route__vehicle",
    trip="route",
    metrics=_visit_metrics,
)
ROUTES = Source(
    name="routes",
    queryset=_published_routes,
    date="date",
    is_datetime=False,
    site=None,
    vehicle="vehicle",
    trip="",
    metrics=_route_metrics,
    groupings=("total", "vehicle", "trip"),
)
ROUTES_MADE = Source(
    name="routes_made",
    queryset=_routes_made,
    date="date",
    is_datetime=False,
    site=None,
    vehicle="vehicle",
    trip="",
    metrics=_route_made_metrics,
    groupings=("total", "vehicle", "trip"),
)


def _loan_metrics(grouping: str) -> dict:
    return {"loans": Count("id")}


def _overdue_metrics(grouping: str) -> dict:
    today = timezone.localdate()
    late = Q(returned_at__isnull=True, due_on__lt=today) | Q(returned_at__date__gt=F("due_on"))
    return {"overdue_loans": Count("id", filter=late)}


def _return_metrics(grouping: str) -> dict:
    return {"returns": Count("id")}


def _deposit_metrics(grouping: str) -> dict:
    return {"collections_deposited": Count("id"), "copies_rotated": Sum("copies_deposited")}


def _collect_metrics(grouping: str) -> dict:
    return {"collections_collected": Count("id"), "collection_uses": Sum("use_total")}


def _collected_stays():
    """Collected stays with ``use_total``: the uses the point or the crew reported for each (``CollectionUse``)."""
    return CollectionStay.objects.filter(collected_on__isnull=False).annotate(
        use_total=Coalesce(reported_uses_of_stay(), Value(0))
    )


def _regular_reader_metrics(bucket_start) -> dict:
    """Readers who borrowed in the bucket with a card from before it, each once."""
    return {"regular_readers": Count("reader_id", distinct=True, filter=Q(reader__registered_at__lt=bucket_start))}


def _reader_metrics(grouping: str) -> dict:
    return {"new_readers": Count("id")}


def _acquisition_metrics(grouping: str) -> dict:
    return {
        "copies_purchased": Count("id", filter=Q(copy__source=CopySource.PURCHASE)),
        "copies_donated": Count("id", filter=Q(copy__source=CopySource.DONATION)),
    }


LOANS = Source(
    name="loans",
    queryset=lambda: Loan.objects.all(),
    date="lent_at",
    is_datetime=True,
    site="site",
    vehicle="visit__route__vehicle",
    trip="visit__route",
    metrics=_loan_metrics,
    bucket_metrics=_regular_reader_metrics,
)
# Overdue: loans due in the period that were not back by their due date (returned late, or still out and past due).
OVERDUE = Source(
    name="overdue",
    queryset=lambda: Loan.objects.all(),
    date="due_on",
    is_datetime=False,
    site="site",
    vehicle="visit__route__vehicle",
    trip="visit__route",
    metrics=_overdue_metrics,
)
# Returns are counted where and when the book came back (its ledger movement), not where it was lent.
RETURNS = Source(
    name="returns",
    queryset=lambda: Movement.objects.filter(kind=MovementKind.RETURN),
    date="at",
    is_datetime=True,
    site="site",
    vehicle="visit__route__vehicle",
    trip="visit__route",
    metrics=_return_metrics,
)
DEPOSITS = Source(
    name="deposits",
    queryset=lambda: CollectionStay.objects.all(),
    date="deposited_on",
    is_datetime=False,
    site="site",
    vehicle="deposit_visit__route__vehicle",
    trip="deposit_visit__route",
    metrics=_deposit_metrics,
)
COLLECTIONS = Source(
    name="collections",
    queryset=_collected_stays,
    date="collected_on",
    is_datetime=False,
    site="site",
    vehicle="collect_visit__route__vehicle",
    trip="collect_visit__route",
    metrics=_collect_metrics,
)
NEW_READERS = Source(
    name="new_readers",
    queryset=lambda: Reader.objects.all(),
    date="registered_at",
    is_datetime=True,
    site="site",
    vehicle=None,
    trip=None,
    metrics=_reader_metrics,
)
# Acquisitions belong to the library, not to a site or a trip: they appear for the whole network only.
ACQUISITIONS = Source(
    name="acquisitions",
    queryset=lambda: Movement.objects.filter(kind=MovementKind.ACQUIRE),
    date="at",
    is_datetime=True,
    site=None,
    vehicle=None,
    trip=None,
    metrics=_acquisition_metrics,
    groupings=("total",),
)


def _event_metrics(grouping: str) -> dict:
    return {
        "events_held": Count("id"),
        "event_participants": Sum("participants_total"),
        "event_participants_children": Sum("participants_children"),
    }


# Reported events, by their first day. An event may span several points: it is counted for the whole network only.
EVENTS = Source(
    name="events",
    queryset=lambda: Event.objects.filter(reported_at__isnull=False),
    date="starts_on",
    is_datetime=False,
    site=None,
    vehicle=None,
    trip=None,
    metrics=_event_metrics,
    groupings=("total",),
)

SOURCES: list[Source] = [
    *(VISITS, ROUTES, ROUTES_MADE),
    *(LOANS, OVERDUE, RETURNS, DEPOSITS, COLLECTIONS, NEW_READERS, ACQUISITIONS, EVENTS),
]
