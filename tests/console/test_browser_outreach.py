"""Events and donation drives in Chromium: record an event and report it, record a gift and print the donor's
thank-you letter. Screenshots at 1280 and 360 px, no serious or critical accessibility violation."""

import datetime

import pytest

from backend.outreach.donations import donation_receive, donor_create, drive_create
from backend.outreach.models import Event
from tests.console.conftest import DESKTOP, PHONE, screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_recording_and_reporting_an_event(console_browser, live_server, coordinator, site, viewport):
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator, next_path="/console/events/new/")
    assert serious_violations(page) == []
    page.select_option("#id_kind", "book_day")
    page.fill("#id_name", "Ngày Sách và Văn hóa đọc Việt Nam 2026")
    page.fill("#id_starts_on", "2026-04-21")
    page.fill("#id_ends_on", "2026-04-21")
    page.select_option("#id_sites", str(site.pk))
    page.check("input[name=activities][value=storytelling]")
    page.click("main form.stacked button[type=submit]")
    page.wait_for_selector("h2:has-text('Kết quả')")
    event = Event.objects.get()
    assert serious_violations(page) == []
    page.fill("#id_participants_total", "1860")
    page.fill("#id_participants_children", "1420")
    page.click("main form.stacked button[type=submit]")
    page.wait_for_selector("text=1.860")
    screenshot(page, f"event-{viewport['width']}")
    page.goto(f"{live_server.url}/console/events/")
    assert page.locator("table.events").inner_text().count("1.860") == 1
    assert serious_violations(page) == []
    event.refresh_from_db()
    assert event.participants_total == 1860
    assert errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_drive_and_the_printed_thank_you_letter(console_browser, live_server, coordinator, depot, viewport):
    drive = drive_create(name="Tủ sách cho em 2026", starts_on=datetime.date(2026, 3, 1),
                         ends_on=datetime.date(2026, 4, 30), organiser="Đoàn phường", library=depot)  # fmt: skip
    donor = donor_create(full_name="Trần Văn Hùng")
    donation_receive(drive=drive, donor=donor, received_on=datetime.date(2026, 3, 9), copies=1200)
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator, next_path=f"/console/events/drives/{drive.pk}/")
    assert serious_violations(page) == []
    screenshot(page, f"drive-{viewport['width']}")
    page.click(f"a[href='/console/events/drives/{drive.pk}/letters/{donor.pk}/']")
    page.wait_for_selector("article.official-letter")
    assert "Kính gửi: Ông/Bà Trần Văn Hùng" in page.inner_text("article.official-letter")
    assert "1.200" in page.inner_text("article.official-letter")
    assert serious_violations(page) == []
    page.emulate_media(media="print")
    assert not page.locator("header").first.is_visible() and page.locator("article.official-letter").is_visible()
    screenshot(page, f"thank-you-letter-print-{viewport['width']}")
    page.emulate_media(media="screen")
    assert errors == []
