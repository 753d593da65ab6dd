"""Who goes on each trip: a vehicle's crew on a date, checked against Circular 05/2022's roles, and absences.

A trip's crew is the vehicle's ``TripCrew`` for that date when a coordinator set one or the crew confirmed it on
the phone at departure; otherwise the vehicle's own crew, less the members absent that day. A service trip needs
``BOOKBUS["CREW_DRIVERS"]`` drivers and ``BOOKBUS["CREW_LIBRARY_STAFF"]`` library staff (and at least the vehicle's
``min_crew`` people); a rotation delivery ``BOOKBUS["CREW_ROTATION_DELIVERY"]`` people, a driver among them.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import Role, User
from backend.core.names import user_name
from backend.core.validation import clean_and_save

from .models import CrewAbsence, CrewAssignment, CrewRole, TripCrew, TripCrewMember, Vehicle


@dataclass(frozen=True)
class CrewMember:
    user_id: int
    name: str
    crew_role: str


@dataclass
class CrewOnDate:
    """The crew going on a vehicle's trip on a date, where it comes from, and who is away."""

    vehicle_id: int
    date: datetime.date
    members: list[CrewMember] = field(default_factory=list)
    source: str = "vehicle"  # "vehicle": its own crew less absences; "trip": set or confirmed for this date
    confirmed: bool = False
    rotation_delivery: bool = False
    absent: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "source": self.source,
            "confirmed": self.confirmed,
            "rotation_delivery": self.rotation_delivery,
            "members": [{"user": m.user_id, "name": m.name, "crew_role": m.crew_role} for m in self.members],
            "absent": self.absent,
        }


def crew_shortfall(members: Sequence[CrewMember], *, min_crew: int = 0, rotation_delivery: bool = False) -> str | None:
    """Why ``members`` cannot make the trip, in words; None when the crew is complete."""
    rules = settings.BOOKBUS
    drivers = sum(m.crew_role == CrewRole.DRIVER for m in members)
    staff = sum(m.crew_role == CrewRole.LIBRARIAN for m in members)
    if rotation_delivery:
        needed = rules["CREW_ROTATION_DELIVERY"]
        if len(members) < needed or drivers < 1:
            return _(
                "A rotation delivery needs %(n)d person(s), a driver among them; this crew has %(drivers)d "
                "driver(s) and %(staff)d library staff."
            ) % {"n": needed, "drivers": drivers, "staff": staff}
        return None
    need_drivers, need_staff = rules["CREW_DRIVERS"], rules["CREW_LIBRARY_STAFF"]
    if drivers < need_drivers or staff < need_staff or len(members) < min_crew:
        return _(
            "A trip needs %(need_drivers)d driver(s) and %(need_staff)d library staff (%(min)d people); this crew "
            "has %(drivers)d driver(s) and %(staff)d library staff."
        ) % {
            "need_drivers": need_drivers,
            "need_staff": need_staff,
            "min": max(min_crew, need_drivers + need_staff),
            "drivers": drivers,
            "staff": staff,
        }
    return None


def crew_on_dates(
    *, vehicles: Sequence[Vehicle], dates: Sequence[datetime.date]
) -> dict[tuple[int, datetime.date], CrewOnDate]:
    """The crew of every vehicle on every date, in three queries: ``{(vehicle_id, date): CrewOnDate}``."""
    if not vehicles or not dates:
        return {}
    first, last = min(dates), max(dates)
    vehicle_ids = [v.pk for v in vehicles]
    own = defaultdict(list)
    for a in CrewAssignment.objects.filter(vehicle_id__in=vehicle_ids).select_related("user").order_by("id"):
        own[a.vehicle_id].append(CrewMember(a.user_id, user_name(a.user), a.crew_role))
    trips = {
        (t.vehicle_id, t.date): t
        for t in TripCrew.objects.filter(vehicle_id__in=vehicle_ids, date__range=(first, last)).prefetch_related(
            "members__user"
        )
    }
    away = defaultdict(list)
    for absence in CrewAbsence.objects.filter(starts_on__lte=last, ends_on__gte=first):
        away[absence.user_id].append(absence)
    result = {}
    for vehicle_id in vehicle_ids:
        for day in dates:
            trip = trips.get((vehicle_id, day))
            if trip is not None:
                members = [CrewMember(m.user_id, user_name(m.user), m.crew_role) for m in trip.members.all()]
                crew = CrewOnDate(
                    vehicle_id, day, members, "trip", trip.confirmed_at is not None, trip.rotation_delivery
                )
            else:
                crew = CrewOnDate(vehicle_id, day, list(own[vehicle_id]))
            gone = [m for m in crew.members if any(a.starts_on <= day <= a.ends_on for a in away[m.user_id])]
            crew.absent = [m.name for m in gone]
            crew.members = [m for m in crew.members if m not in gone]
            result[vehicle_id, day] = crew
    return result


def crew_on(*, vehicle: Vehicle, day: datetime.date) -> CrewOnDate:
    """The crew of ``vehicle`` on ``day`` (see ``crew_on_dates``)."""
    return crew_on_dates(vehicles=[vehicle], dates=[day])[vehicle.pk, day]


def _members_checked(vehicle: Vehicle, day: datetime.date, members: Iterable[Mapping[str, Any]], rotation_delivery):
    chosen, errors = [], []
    users = [m["user"] for m in members]
    if len({u.pk for u in users}) != len(users):
        errors.append(_("A person appears twice in the crew."))
    for member in members:
        user, role = member["user"], member["crew_role"]
        if user.role != Role.DRIVER_LIBRARIAN or not user.is_active:
            errors.append(_("%(name)s is not an active driver-librarian.") % {"name": user_name(user)})
        if role not in CrewRole.values:
            errors.append(_("“%(role)s” is not a crew role.") % {"role": role})
        chosen.append(CrewMember(user.pk, user_name(user), role))
    absent = CrewAbsence.objects.filter(user__in=users, starts_on__lte=day, ends_on__gte=day).select_related("user")
    for absence in absent:
        errors.append(
            _("%(name)s is away on %(day)s (%(kind)s).")
            % {"name": user_name(absence.user), "day": f"{day:%d/%m/%Y}", "kind": absence.get_kind_display()}
        )
    elsewhere = TripCrewMember.objects.filter(user__in=users, trip_crew__date=day).exclude(trip_crew__vehicle=vehicle)
    for member in elsewhere.select_related("user", "trip_crew__vehicle"):
        errors.append(
            _("%(name)s already crews %(vehicle)s that day.")
            % {"name": user_name(member.user), "vehicle": member.trip_crew.vehicle}
        )
    if not errors:
        short = crew_shortfall(chosen, min_crew=vehicle.min_crew, rotation_delivery=rotation_delivery)
        errors += [short] if short else []
    if errors:
        raise ValidationError({"members": errors})


@transaction.atomic
def trip_crew_set(
    *,
    vehicle: Vehicle,
    day: datetime.date,
    members: Sequence[Mapping[str, Any]],
    rotation_delivery: bool = False,
    by: User | None = None,
    confirm: bool = False,
    at: datetime.datetime | None = None,
) -> TripCrew:
    """Set who crews ``vehicle`` on ``day`` (``members``: dicts with ``user`` and ``crew_role``).

    ``confirm`` records that the crew confirmed it at departure (the phone). Raises ``ValidationError`` on
    ``members`` when the crew is incomplete, has someone twice, someone absent, someone crewing another vehicle that
    day or someone who is not a driver-librarian; nothing is saved then.
    """
    _members_checked(vehicle, day, members, rotation_delivery)
    trip, _created = TripCrew.objects.select_for_update().get_or_create(vehicle=vehicle, date=day)
    trip.rotation_delivery, trip.set_by = rotation_delivery, by
    if confirm:
        trip.confirmed_at, trip.confirmed_by = at or timezone.now(), by
    trip.save()
    trip.members.all().delete()
    TripCrewMember.objects.bulk_create(
        TripCrewMember(trip_crew=trip, user=m["user"], crew_role=m["crew_role"]) for m in members
    )
    return trip


@transaction.atomic
def trip_crew_confirm(
    *,
    vehicle: Vehicle,
    day: datetime.date,
    by: User,
    members: Sequence[Mapping[str, Any]] | None = None,
    at: datetime.datetime | None = None,
) -> TripCrew:
    """The crew confirms at departure who is on board: ``members`` when it changed, else the crew as planned."""
    if members is None:
        planned = crew_on(vehicle=vehicle, day=day)
        users = User.objects.in_bulk([m.user_id for m in planned.members])
        members = [{"user": users[m.user_id], "crew_role": m.crew_role} for m in planned.members]
        rotation_delivery = planned.rotation_delivery
    else:
        rotation_delivery = TripCrew.objects.filter(vehicle=vehicle, date=day, rotation_delivery=True).exists()
    return trip_crew_set(
        vehicle=vehicle, day=day, members=members, rotation_delivery=rotation_delivery, by=by, confirm=True, at=at
    )


def crew_absence_create(*, user: User, kind: str, starts_on, ends_on, note: str = "") -> CrewAbsence:
    """Record a crew member's absence; planning leaves out the trips it leaves short."""
    if user.role != Role.DRIVER_LIBRARIAN:
        raise ValidationError({"user": [_("Only crew members (driver-librarians) have absences here.")]})
    return clean_and_save(CrewAbsence(user=user, kind=kind, starts_on=starts_on, ends_on=ends_on, note=note))
