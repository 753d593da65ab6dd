"""A small history: two buses, three sites in two communes, trips in March 2025 and March 2026."""

import datetime

import pytest
from django.utils import timezone

from backend.crew.models import VisitReport
from backend.planning.models import PlannedVisit
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
