"""Writes to the service network. Every write validates fully and changes nothing when it fails."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from vietnam_provinces import Province as OfficialProvince
from vietnam_provinces import VietNamDivisionType, Ward

from backend.accounts.models import Role
from backend.core.services import model_create, model_update
from backend.core.validation import clean_and_save

from .models import (
    Closure,
    Commune,
    CommuneKind,
    CrewAssignment,
    FerryLink,
    Library,
    Lodging,
    OpeningWindow,
    Province,
    School,
    SchoolContactPerson,
    SeasonalOverride,
    ServiceSite,
    Vehicle,
    VehicleStatus,
)

_COMMUNE_KINDS = {
    VietNamDivisionType.XA: CommuneKind.COMMUNE,
    VietNamDivisionType.PHUONG: CommuneKind.WARD,
    VietNamDivisionType.DAC_KHU: CommuneKind.SPECIAL_ZONE,
}


@transaction.atomic
def administrative_units_load(*, province_codes: Iterable[int] | None = None) -> tuple[int, int]:
    """Load or refresh provinces and communes from the `vietnam-provinces` package (the 2025 official list).

    Idempotent: existing rows are matched by official code and updated only when their name changed.
    Returns the number of provinces and communes now known for the requested codes.
    """
    wanted = set(province_codes) if province_codes is not None else None
    provinces = {}
    for official in OfficialProvince.iter_all():
        code = int(official.code)
        if wanted is not None and code not in wanted:
            continue
        provinces[code], _created = _update_or_create(
            Province,
            code=code,
            values={
                "name": official.name,
                "division_type": official.division_type.value,
                "codename": official.codename,
            },
        )
    existing = {c.code: c for c in Commune.objects.filter(province__code__in=provinces)}
    new = []
    for ward in Ward.iter_all():
        province = provinces.get(int(ward.province_code))
        if province is None:
            continue
        values = {
            "name": ward.name,
            "kind": _COMMUNE_KINDS[ward.division_type],
            "codename": ward.codename,
            "province": province,
        }
        commune = existing.get(int(ward.code))
        if commune is None:
            new.append(Commune(code=int(ward.code), **values))
        elif any(getattr(commune, k) != v for k, v in values.items()):
            model_update(commune, values)
    for commune in new:
        commune.refresh_search_text()  # what save() would do; bulk_create skips save()
    Commune.objects.bulk_create(new, batch_size=1000)
    return len(provinces), Commune.objects.filter(province__code__in=provinces).count()


def _update_or_create(model, *, values: Mapping[str, Any], **lookup):
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model_create(model, {**lookup, **values}), True
    return model_update(instance, values), False


def commune_set_location(*, commune: Commune, latitude: float, longitude: float) -> Commune:
    """Record a commune's centre (the official list carries no coordinates)."""
    return model_update(commune, {"latitude": latitude, "longitude": longitude})


def commune_set_access(*, commune: Commune, access: str, ferry: FerryLink | None) -> Commune:
    """How a commune's sites are reached (blank access: the default of its kind)."""
    return model_update(commune, {"access": access, "ferry": ferry})


def ferry_link_create(**data: Any) -> FerryLink:
    """Create a ferry link; its departures are "HH:MM" times, sorted and checked."""
    return model_create(FerryLink, data)


def ferry_link_update(*, ferry_link: FerryLink, data: Mapping[str, Any]) -> FerryLink:
    return model_update(ferry_link, data)


def lodging_create(**data: Any) -> Lodging:
    """Create a place where a crew on a trip of several days may spend the night."""
    return model_create(Lodging, data)


def lodging_update(*, lodging: Lodging, data: Mapping[str, Any]) -> Lodging:
    return model_update(lodging, data)


def library_create(**data: Any) -> Library:
    """Create a library or reading point."""
    return model_create(Library, data)


def library_update(*, library: Library, data: Mapping[str, Any]) -> Library:
    return model_update(library, data)


@transaction.atomic
def school_create(*, contacts: Sequence[Mapping[str, Any]] = (), **data: Any) -> School:
    """Create a school with its contact people."""
    school = model_create(School, data)
    _replace_contacts(school, contacts)
    return school


@transaction.atomic
def school_update(*, school: School, data: Mapping[str, Any], contacts: Sequence[Mapping] | None = None) -> School:
    """Update a school; ``contacts``, when given, replaces the list of contact people."""
    school = model_update(school, data)
    if contacts is not None:
        _replace_contacts(school, contacts)
    return school


def _replace_contacts(school: School, contacts: Sequence[Mapping[str, Any]]) -> None:
    school.contacts.all().delete()
    for contact in contacts:
        clean_and_save(SchoolContactPerson(school=school, **contact))


@transaction.atomic
def site_create(
    *, windows: Sequence[Mapping[str, Any]], seasonal_overrides: Sequence[Mapping[str, Any]] = (), **data: Any
) -> ServiceSite:
    """Create a service site with its weekly opening windows and seasonal overrides.

    Raises ValidationError (nothing saved) when an active site would have no opening window.
    """
    site = model_create(ServiceSite, data)
    _replace_windows(site, windows)
    _replace_overrides(site, seasonal_overrides)
    return site


@transaction.atomic
def site_update(
    *,
    site: ServiceSite,
    data: Mapping[str, Any],
    windows: Sequence[Mapping[str, Any]] | None = None,
    seasonal_overrides: Sequence[Mapping[str, Any]] | None = None,
) -> ServiceSite:
    """Update a site; ``windows`` and ``seasonal_overrides``, when given, replace the existing ones."""
    site = model_update(site, data)
    if windows is not None:
        _replace_windows(site, windows)
    elif site.is_active and not site.windows.exists():
        _require_windows(site, [])
    if seasonal_overrides is not None:
        _replace_overrides(site, seasonal_overrides)
    return site


def site_set_active(*, site: ServiceSite, active: bool) -> ServiceSite:
    """Activate or deactivate a site; an active site needs at least one opening window."""
    if active and not site.windows.exists():
        raise ValidationError({"windows": [_("An active site needs at least one opening window.")]})
    return model_update(site, {"is_active": active})


def _require_windows(site: ServiceSite, windows: Sequence) -> None:
    if site.is_active and not windows:
        raise ValidationError({"windows": [_("An active site needs at least one opening window.")]})


def _replace_windows(site: ServiceSite, windows: Sequence[Mapping[str, Any]]) -> None:
    _require_windows(site, windows)
    site.windows.all().delete()
    _save_children("windows", [OpeningWindow(site=site, **window) for window in windows])


def _replace_overrides(site: ServiceSite, overrides: Sequence[Mapping[str, Any]]) -> None:
    site.seasonal_overrides.all().delete()
    _save_children("seasonal_overrides", [SeasonalOverride(site=site, **o) for o in overrides])


def _save_children(field: str, children: Sequence) -> None:
    """Validate and save rows that belong to one parent; errors are keyed like ``windows.0.closes_at``."""
    errors = {}
    for index, child in enumerate(children):
        try:
            clean_and_save(child)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[f"{field}.{index}.{name}"] = messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def vehicle_create(*, crew: Sequence[Mapping[str, Any]] = (), **data: Any) -> Vehicle:
    """Create a vehicle and its crew (``crew``: dicts with ``user`` and ``crew_role``)."""
    vehicle = model_create(Vehicle, data)
    _replace_crew(vehicle, crew)
    return vehicle


@transaction.atomic
def vehicle_update(*, vehicle: Vehicle, data: Mapping[str, Any], crew: Sequence[Mapping] | None = None) -> Vehicle:
    vehicle = model_update(vehicle, data)
    if crew is not None:
        _replace_crew(vehicle, crew)
    return vehicle


def _replace_crew(vehicle: Vehicle, crew: Sequence[Mapping[str, Any]]) -> None:
    for member in crew:
        if member["user"].role != Role.DRIVER_LIBRARIAN:
            raise ValidationError({"crew": [_("%(user)s is not a driver-librarian.") % {"user": member["user"]}]})
    vehicle.crew_assignments.all().delete()
    for member in crew:
        clean_and_save(CrewAssignment(vehicle=vehicle, **member))


def vehicle_set_status(*, vehicle: Vehicle, active: bool) -> Vehicle:
    """Deactivating retires a vehicle (it is never planned again); activating puts it back in service."""
    return model_update(vehicle, {"status": VehicleStatus.ACTIVE if active else VehicleStatus.RETIRED})


def closure_create(**data: Any) -> Closure:
    return model_create(Closure, data)


def closure_update(*, closure: Closure, data: Mapping[str, Any]) -> Closure:
    return model_update(closure, data)


def closure_delete(*, closure: Closure) -> None:
    closure.delete()


def site_is_closed_on(*, site: ServiceSite, day: datetime.date, closures: Iterable[Closure]) -> bool:
    """True when a holiday, a school break (for school sites) or a closure of this site covers ``day``."""
    for closure in closures:
        if not closure.starts_on <= day <= closure.ends_on:
            continue
        if closure.kind == "holiday" or (closure.kind == "school_break" and site.is_school):
            return True
        if closure.kind == "site" and closure.site_id == site.id:
            return True
    return False
