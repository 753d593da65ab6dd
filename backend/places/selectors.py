"""Reads of the service network, with each role's visibility rules.

Coordinators see everything; driver-librarians see the whole (read-only) network but only the vehicles they crew;
a school contact sees only their own school, its library and its sites.
"""

from django.db.models import Prefetch, Q, QuerySet

from backend.accounts.models import User

from .models import (
    Closure,
    ClosureKind,
    Commune,
    FerryLink,
    Library,
    Lodging,
    OpeningWindow,
    School,
    ServiceSite,
    Vehicle,
)


def commune_list() -> QuerySet[Commune]:
    return Commune.objects.select_related("province")


def ferry_link_list() -> QuerySet[FerryLink]:
    return FerryLink.objects.all()


def lodging_list() -> QuerySet[Lodging]:
    return Lodging.objects.select_related("commune")


def library_list_for(*, user: User) -> QuerySet[Library]:
    libraries = Library.objects.select_related("commune")
    if user.is_school_contact:
        return libraries.filter(school__id=user.school_id)
    return libraries


def school_list_for(*, user: User) -> QuerySet[School]:
    schools = School.objects.select_related("commune", "library").prefetch_related("contacts")
    if user.is_school_contact:
        return schools.filter(id=user.school_id)
    return schools


def site_list_for(*, user: User) -> QuerySet[ServiceSite]:
    sites = ServiceSite.objects.select_related("commune", "library", "school").prefetch_related(
        Prefetch("windows", queryset=OpeningWindow.objects.order_by("weekday", "opens_at")),
        "seasonal_overrides",
    )
    if user.is_school_contact:
        return sites.filter(school_id=user.school_id)
    return sites


def vehicles_crewed_by(*, user: User) -> QuerySet[Vehicle]:
    """The vehicles ``user`` crews: the one rule behind every crew member's scope (run sheets, stock, events)."""
    return Vehicle.objects.filter(crew_assignments__user=user)


def vehicle_list_for(*, user: User) -> QuerySet[Vehicle]:
    vehicles = Vehicle.objects.select_related("home_depot").prefetch_related("crew_assignments__user")
    if user.is_coordinator:
        return vehicles
    if user.is_driver_librarian:
        return vehicles.filter(pk__in=vehicles_crewed_by(user=user))
    return vehicles.none()


def closure_list_for(*, user: User) -> QuerySet[Closure]:
    closures = Closure.objects.select_related("site", "vehicle")
    if user.is_coordinator:
        return closures
    network_wide = Q(kind__in=[ClosureKind.HOLIDAY, ClosureKind.SCHOOL_BREAK])
    if user.is_driver_librarian:
        return closures.filter(network_wide | Q(kind=ClosureKind.SITE) | Q(vehicle__in=vehicles_crewed_by(user=user)))
    return closures.filter(network_wide | Q(site__school_id=user.school_id))


def depot_list() -> QuerySet[Library]:
    return Library.objects.filter(kind="public", is_active=True)
