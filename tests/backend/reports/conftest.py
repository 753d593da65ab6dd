"""A small history: two buses, three sites in two communes, trips in March 2025 and March 2026."""

import datetime

import pytest
from django.utils import timezone

from backend.crew.models import VisitReport
from backend.planning.models import PlannedVisit
from backend.stock.handover import collection_use_record
from backend.stock.holders import Holder
from backend.stock.models import Record, UseSource
from backend.stock.services import (
    collection_collect,
    collection_create,
    collection_deposit,
    copy_acquire,
    loan_lend,
    reader_register,
)
from tests.backend.factories import CommuneFactory, LibraryFactory, SchoolFactory, SiteFactory, VehicleFactory

from .factories import PlanFactory, RouteFactory, VisitFactory


@pytest.fixture
def history(db, depot, school, site, driver):
    other_commune = CommuneFactory(name="Xã Phong Điền")
    house = SiteFactory(
        school=None, library=LibraryFactory(commune=other_commune, kind="commune"), commune=other_commune
    )
    other_school = SchoolFactory(commune=school.commune)
    far_site = SiteFactory(school=other_school, commune=school.commune)
    bus = VehicleFactory(home_depot=depot, crew=[driver])
    other_bus = VehicleFactory(home_depot=depot)
    plan = PlanFactory()
    draft = PlanFactory(status="draft")

    def trip(bus, day, *stops, km=40, plan=plan):
        route = RouteFactory(plan=plan, vehicle=bus, date=day, distance_m=km * 1000)
        for position, (where, status) in enumerate(stops):
            skipped = status == "skipped"
            VisitFactory(route=route, site=where, position=position, status=status,
                         skip_cause="site_busy" if skipped else "",
                         skip_reason="Trường tổ chức thi" if skipped else "")  # fmt: skip
        return route

    # March 2025: one trip, two visits made.
    trip(bus, datetime.date(2025, 3, 3), (site, "done"), (house, "done"), km=30)
    # March 2026: bus 1 makes two trips (one visit skipped), bus 2 one trip to the other school.
    trip(bus, datetime.date(2026, 3, 2), (site, "done"), (house, "skipped"), km=40)
    trip(bus, datetime.date(2026, 3, 9), (site, "done"), (house, "done"), km=50)
    trip(other_bus, datetime.date(2026, 3, 4), (far_site, "done"), km=20)
    # April 2026: a trip planned, not made yet; a draft that never counts.
    trip(bus, datetime.date(2026, 4, 6), (site, "planned"), km=35)
    trip(bus, datetime.date(2026, 3, 10), (site, "done"), km=99, plan=draft)
    return {"bus": bus, "other_bus": other_bus, "site": site, "house": house, "far_site": far_site}


@pytest.fixture
def reader_history(history):
    """The crews' head counts: the first site grows, the cultural house stands still, the far site is new."""
    counts = {
        (history["site"], datetime.date(2025, 3, 3)): (25, 0),
        (history["house"], datetime.date(2025, 3, 3)): (0, 20),
        (history["site"], datetime.date(2026, 3, 2)): (30, 2),
        (history["site"], datetime.date(2026, 3, 9)): (40, 0),
        (history["house"], datetime.date(2026, 3, 9)): (5, 15),
        (history["far_site"], datetime.date(2026, 3, 4)): (20, 0),
    }
    for (site, day), (students, adults) in counts.items():
        visit = PlannedVisit.objects.get(site=site, route__date=day, route__plan__status="published")
        left = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0)))
        VisitReport.objects.create(
            visit=visit,
            students=students,
            adults=adults,
            arrived_at=left - datetime.timedelta(hours=3),
            left_at=left,
            activity_note="Kể chuyện sách" if site == history["house"] else "",
        )
    return history


def _at(month: int, day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, month, day, hour))


@pytest.fixture
def sector_history(reader_history, depot):
    """March 2026: the crews count priority groups, reading on the spot and computer uses; three loans by two
    readers of before and one new reader; a collection at the cultural house used 45 times."""
    site, house, far = reader_history["site"], reader_history["house"], reader_history["far_site"]
    far.priority_groups = ["ethnic_minority", "border_area"]
    far.save()
    parts = {
        (site, 2): {"children": 30, "reading_uses": 40, "digital_uses": 6},
        (site, 9): {"children": 35, "elderly": 0, "reading_uses": 50, "digital_uses": 4},
        (house, 9): {"elderly": 6, "disabled": 1, "reading_uses": 12},
        (far, 4): {"children": 20, "ethnic_minority": 8, "reading_uses": 25, "digital_uses": 10},
    }
    for (where, day), values in parts.items():
        VisitReport.objects.filter(visit__site=where, visit__route__date=datetime.date(2026, 3, day)).update(**values)
    record = Record.objects.create(title="Dế Mèn phiêu lưu ký")
    copies = [copy_acquire(record=record, barcode=f"SI{n:03d}", library=depot, at=_at(1, 5)) for n in range(8)]
    old = [reader_register(card_number=f"OLD-{n}", full_name=f"Trần Văn Cũ {n}", site=site, at=_at(1, 10))
           for n in range(2)]  # fmt: skip
    new = reader_register(card_number="NEW-1", full_name="Lê Thị Mới", site=site, at=_at(3, 2))
    visit = PlannedVisit.objects.get(site=site, route__date=datetime.date(2026, 3, 2), route__plan__status="published")
    for copy, reader in zip(copies[:4], [old[0], old[0], old[1], new], strict=True):
        loan_lend(copy=copy, reader=reader, visit=visit, due_on=datetime.date(2026, 3, 30), at=_at(3, 2, 10))
    # A loan in February by an old reader: not March's.
    loan_lend(copy=copies[4], reader=old[1], site=site, due_on=datetime.date(2026, 3, 1), at=_at(2, 20))
    collection = collection_create(code="LC-SI", name="Tủ sách", library=depot, reading_level="children",
                                   box_labels=["Thùng 1"], copies=copies[5:])  # fmt: skip
    collection_deposit(collection=collection, site=house, at=_at(3, 3))
    stay = collection_collect(collection=collection, to=Holder.library(depot), site=house, at=_at(3, 25)).stay
    collection_use_record(stay=stay, reading_uses=45, source=UseSource.POINT)
    return reader_history
