"""A crew with a published day of visits and a signed-in phone."""

import datetime
import uuid

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.sync.services import device_register
from tests.backend.factories import PlannedVisitFactory, PlanRouteFactory, PublishedPlanFactory, SiteFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def day(db, vehicle, commune, today):
    """Today's published route of ``vehicle``: three school visits."""
    plan = PublishedPlanFactory(starts_on=today, ends_on=today + datetime.timedelta(days=27))
    route = PlanRouteFactory(plan=plan, vehicle=vehicle, date=today)
    visits = [
        PlannedVisitFactory(
            route=route,
            position=n + 1,
            site=SiteFactory(commune=commune, school__commune=commune),
            arrives_at=datetime.time(7 + 3 * n, 45),
            starts_at=datetime.time(8 + 3 * n, 0),
            departs_at=datetime.time(9 + 3 * n, 45),
        )
        for n in range(3)
    ]
    return {"plan": plan, "route": route, "visits": visits}


@pytest.fixture
def other_day(db, other_vehicle, commune, today):
    """A visit of a vehicle the driver does not crew."""
    plan = PublishedPlanFactory(starts_on=today, ends_on=today)
    route = PlanRouteFactory(plan=plan, vehicle=other_vehicle, date=today)
    return PlannedVisitFactory(route=route, position=1, site=SiteFactory(commune=commune, school__commune=commune))


@pytest.fixture
def final_answers(settings):
    """A server that waits for nothing: a stock event whose prerequisite is missing gets its final answer at once
    (as every waiting event does once ``SYNC_WAIT_HOURS`` have passed)."""
    settings.BOOKBUS = {**settings.BOOKBUS, "SYNC_WAIT_HOURS": 0}


@pytest.fixture
def device(db, driver, vehicle):
    device, token = device_register(user=driver, name="Điện thoại Lan")
    device.plain_token = token
    return device


@pytest.fixture
def phone(device):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {device.plain_token}")
    return client


def event(kind, visit=None, *, seq=None, at=None, **data):
    """An event as a phone sends it."""
    body = {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "device_time": (at or timezone.now()).isoformat(),
        "data": data,
    }
    if visit is not None:
        body["visit"] = visit if isinstance(visit, int) else visit.id
    if seq is not None:
        body["seq"] = seq
    return body


@pytest.fixture
def stock(db, day, vehicle, depot):
    """Books: five copies on the bus, two at the depot, one at the first stop's school library; a reader."""
    from tests.backend.factories import CopyFactory, LibraryFactory, ReaderFactory

    first = day["visits"][0].site
    school_library = LibraryFactory(kind="school", commune=first.commune)
    first.school.library = school_library
    first.school.save()
    return {
        "on_bus": [CopyFactory(library=None, vehicle=vehicle) for _ in range(5)],
        "at_depot": [CopyFactory(library=depot) for _ in range(2)],
        "at_school": CopyFactory(library=school_library),
        "school_library": school_library,
        "reader": ReaderFactory(site=first, school=first.school),
    }
