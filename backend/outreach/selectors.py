"""Reads for events and donation drives: lists, a drive's donors with their gifts, a donor's thank-you letter."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet, Sum

from backend.core.names import name_sort_key

from .models import DonatedCopy, Donation, DonationDrive, Donor, DonorKind, Event


def event_list(*, year: int | None = None) -> QuerySet[Event]:
    events = Event.objects.prefetch_related("sites").annotate(visit_count=Count("visits", distinct=True))
    if year is not None:
        events = events.filter(starts_on__year=year)
    return events.order_by("-starts_on", "-id")


def events_of_year(year: int) -> list[Event]:
    """The year's events in date order, with their points (the yearly plan lists them)."""
    return list(Event.objects.filter(starts_on__year=year).prefetch_related("sites").order_by("starts_on", "id"))


def drive_list() -> QuerySet[DonationDrive]:
    return DonationDrive.objects.select_related("library").annotate(
        donor_count=Count("donations__donor", distinct=True), copies_received=Sum("donations__copies")
    )


def _donor_key(donor: Donor) -> tuple:
    if donor.kind == DonorKind.ORGANISATION:
        return (1, *name_sort_key("", "", donor.organisation))
    return (0, *name_sort_key(donor.family_name, donor.middle_name, donor.given_name))


def drive_donors(*, drive: DonationDrive) -> list[dict]:
    """Each donor of the drive (persons by given name, then organisations), their gifts, copies given and
    catalogued."""
    donations = (
        Donation.objects.filter(drive=drive)
        .select_related("donor")
        .annotate(catalogued_count=Count("catalogued"))
        .order_by("received_on", "id")
    )
    by_donor: dict[int, dict] = {}
    for gift in donations:
        row = by_donor.setdefault(gift.donor_id, {"donor": gift.donor, "donations": [], "copies": 0, "catalogued": 0})
        row["donations"].append(gift)
        row["copies"] += gift.copies
        row["catalogued"] += gift.catalogued_count
    return sorted(by_donor.values(), key=lambda row: _donor_key(row["donor"]))


@dataclass(frozen=True)
class ThankYouLetter:
    drive: DonationDrive
    donor: Donor
    library_name: str
    place: str
    day: datetime.date
    copies: int
    titles: list[tuple[str, int]]  # (title, copies) of the catalogued copies, by title
    first_received: datetime.date | None
    last_received: datetime.date | None

    # Official letters write a day below 10, and January and February, with a leading zero (Decree 30/2020).
    @property
    def day_text(self) -> str:
        return f"{self.day.day:02d}"

    @property
    def month_text(self) -> str:
        return f"{self.day.month:02d}" if self.day.month <= 2 else str(self.day.month)


def thank_you_letter(*, drive: DonationDrive, donor: Donor, day: datetime.date) -> ThankYouLetter | None:
    """What the letter thanking ``donor`` for their gifts to ``drive`` says (``None``: they gave nothing to it)."""
    gifts = list(Donation.objects.filter(drive=drive, donor=donor).prefetch_related(
        Prefetch("catalogued", queryset=DonatedCopy.objects.select_related("copy__record"))
    ).order_by("received_on"))  # fmt: skip
    if not gifts:
        return None
    titles = Counter(item.copy.record.title for gift in gifts for item in gift.catalogued.all())
    library = drive.library
    province = library.commune.province.name
    return ThankYouLetter(
        drive=drive,
        donor=donor,
        library_name=library.name,
        place=_place_name(province),
        day=day,
        copies=sum(g.copies for g in gifts),
        titles=sorted(titles.items()),
        first_received=gifts[0].received_on,
        last_received=gifts[-1].received_on,
    )


def _place_name(province: str) -> str:
    """The place written before the date ("Cần Thơ", not "Thành phố Cần Thơ")."""
    for prefix in ("Thành phố ", "Tỉnh ", "TP. "):
        if province.startswith(prefix):
            return province[len(prefix) :]
    return province
