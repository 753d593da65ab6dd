"""The coordinator's week in Chromium, part of it: a bus out for two days, its re-plan published and the school told;
a request booked for a school; a sync conflict settled. No serious or critical accessibility violation on the way."""

import datetime
import uuid

import pytest
from django.utils import timezone

from backend.crew.models import ConflictStatus, SyncConflict
from backend.crew.services import sync_batch_apply
from backend.notifications.models import Notification
from backend.planning.models import PlannedVisit, PlanStatus, RequestStatus
from backend.planning.services import visit_request_create
from backend.sync.services import device_register
from tests.backend.factories import (
    CopyFactory,
    LibraryFactory,
    PlannedVisitFactory,
    PlanRouteFactory,
    PublishedPlanFactory,
    ReaderFactory,
    SiteFactory,
    UserFactory,
)
from tests.console.conftest import DESKTOP, PHONE, screenshot, serious_violations, sign_in
from tests.console.planning_helpers import published_week

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_bus_out_for_two_days_is_replanned_published_and_the_school_gets_its_notice(
    console_browser, live_server, coordinator, network, monday, viewport
):
    week = published_week(network, monday, coordinator)
    site = network["sites"][0]
    contact = UserFactory(role="school_contact", school=site.school)
    visit = PlannedVisit.objects.get(route__plan=week, site=site)
    first = visit.route.date
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator, next_path="/console/disruptions/")
    assert serious_violations(page) == []
    screenshot(page, f"disruptions-{viewport['width']}")

    page.select_option("#id_out-vehicle", str(network["vehicle"].pk))
    page.fill("#id_out-starts_on", first.isoformat())
    page.fill("#id_out-ends_on", (first + datetime.timedelta(days=1)).isoformat())
    page.fill("#id_out-reason", "Hỏng hộp số")
    page.fill("#id_out-time_limit_s", "2")
    page.click("form[action$='/vehicle-out/'] button[type=submit]")
    page.wait_for_selector("table.changes")  # the re-plan ran (in-process in tests) and its page shows what moved

    assert site.school.name in page.inner_text("section.publish")  # publishing will tell this school
    assert "site:" not in page.content() and "vehicle:" not in page.content()
    assert serious_violations(page) == []
    screenshot(page, f"replan-{viewport['width']}")
    page.click("section.publish button[type=submit]")
    page.wait_for_selector("ul.notices")

    assert site.school.name in page.inner_text("ul.notices")
    notice = Notification.objects.get(recipient=contact)
    assert notice.kind in ("visit_time", "visit_cancelled") and site.name in notice.body
    assert PlannedVisit.objects.get(pk=visit.pk).route.plan.status == PlanStatus.SUPERSEDED
    assert errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_coordinator_books_a_request_for_a_school(
    console_browser, live_server, coordinator, network, monday, viewport
):
    published_week(network, monday, coordinator)
    site = network["sites"][0]
    contact = UserFactory(role="school_contact", school=site.school)
    request = visit_request_create(
        user=contact,
        site=site,
        preferred_from=monday + datetime.timedelta(days=1),
        preferred_until=monday + datetime.timedelta(days=3),
        window_start=datetime.time(7, 30),
        window_end=datetime.time(11),
        students=120,
        grades="4, 5",
    )
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator, next_path="/console/requests/")
    assert serious_violations(page) == []
    screenshot(page, f"requests-{viewport['width']}")

    page.click(f"a[href='/console/requests/{request.pk}/']")
    page.wait_for_selector("table.slots")  # the slots on offer, loaded by htmx after the page
    assert serious_violations(page) == []
    screenshot(page, f"request-{viewport['width']}")
    page.locator("table.slots button[type=submit]").first.click()
    page.wait_for_selector(".message.success")

    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED
    assert Notification.objects.filter(recipient=contact, kind="request_status").exists()
    assert errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_coordinator_settles_a_sync_conflict(
    console_browser, live_server, coordinator, driver, vehicle, commune, viewport, settings
):
    settings.BOOKBUS = {**settings.BOOKBUS, "SYNC_WAIT_HOURS": 0}  # no waiting for the copy to arrive: a conflict now
    today = timezone.localdate()
    route = PlanRouteFactory(plan=PublishedPlanFactory(starts_on=today), vehicle=vehicle, date=today)
    stop = PlannedVisitFactory(route=route, position=1, site=SiteFactory(commune=commune, school__commune=commune))
    copy = CopyFactory(library=LibraryFactory(kind="school", commune=commune), record__title="Đất rừng phương Nam")
    reader = ReaderFactory(site=stop.site, school=stop.site.school, full_name="Lê Thị Hoa")
    lend = {
        "id": str(uuid.uuid4()),
        "kind": "lend",
        "device_time": timezone.now().isoformat(),
        "visit": stop.pk,
        "data": {"barcode": copy.barcode, "card_number": reader.card_number},
    }
    sync_batch_apply(device=device_register(user=driver, name="Điện thoại Lan")[0], events=[lend])
    conflict = SyncConflict.objects.get()
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator, next_path="/console/conflicts/")
    card = page.locator(f"#conflict-{conflict.pk}")
    assert "Đất rừng phương Nam" in card.inner_text() and "Lê Thị Hoa" in card.inner_text()
    assert serious_violations(page) == []
    screenshot(page, f"conflicts-{viewport['width']}")

    card.locator("textarea").fill("Sách đã lên xe từ hôm trước")
    card.locator("button[value=accept]").click()
    page.wait_for_selector(f"#conflict-{conflict.pk}.settled")  # swapped in place by htmx, no reload

    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.ACCEPTED and conflict.resolution_note == "Sách đã lên xe từ hôm trước"
    assert serious_violations(page) == []
    assert errors == []
