"""Shared fixtures: users of every role, API clients, and a small network around a depot."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.backend.factories import (
    ClosureFactory,
    CommuneFactory,
    DepotFactory,
    SchoolFactory,
    SiteFactory,
    UserFactory,
    VehicleFactory,
)


@pytest.fixture
def commune(db):
    return CommuneFactory()


@pytest.fixture
def depot(db, commune):
    return DepotFactory(commune=commune)


@pytest.fixture
def school(db, commune):
    return SchoolFactory(commune=commune)


@pytest.fixture
def other_school(db, commune):
    return SchoolFactory(commune=commune)


@pytest.fixture
def site(db, school):
    return SiteFactory(school=school, commune=school.commune)


@pytest.fixture
def other_site(db, other_school):
    return SiteFactory(school=other_school, commune=other_school.commune)


@pytest.fixture
def admin_user(db):
    return UserFactory(role="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def coordinator(db):
    return UserFactory(role="coordinator")


@pytest.fixture
def driver(db):
    return UserFactory(role="driver_librarian")


@pytest.fixture
def school_contact(db, school):
    return UserFactory(role="school_contact", school=school)


@pytest.fixture
def vehicle(db, depot, driver):
    return VehicleFactory(home_depot=depot, crew=[driver])


@pytest.fixture
def other_vehicle(db, depot):
    return VehicleFactory(home_depot=depot)


@pytest.fixture
def closure(db, site):
    return ClosureFactory(site=site)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def client_for(db):
    """``client_for(user)``: an API client of its own signed in as ``user`` (``None``: anonymous)."""

    def sign_in(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return sign_in


SCHOOL_HOURS = [(d, "07:00", "11:15") for d in range(5)] + [(d, "13:30", "16:45") for d in range(5)]


@pytest.fixture
def monday():
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 - today.weekday())


@pytest.fixture
def network(db, commune):
    depot = DepotFactory(commune=commune, latitude=10.033, longitude=105.783)
    crew = [UserFactory(role="driver_librarian") for _ in range(3)]
    bus = VehicleFactory(home_depot=depot, crew=crew, capacity_boxes=12)
    sites = []
    for n in range(8):
        school = SchoolFactory(commune=commune)
        sites.append(
            SiteFactory(
                school=school,
                commune=commune,
                latitude=10.0 + 0.02 * (n % 4),
                longitude=105.72 + 0.03 * (n // 4),
                visit_minutes=90,
                setup_minutes=15,
                target_interval_days=21,
                windows=SCHOOL_HOURS,
            )
        )
    return {"depot": depot, "vehicle": bus, "crew": crew, "sites": sites}
