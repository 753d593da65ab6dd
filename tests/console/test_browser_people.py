"""Readers and the network in Chromium: register a reader and print the card; move a site's marker on the map and
see the new coordinates saved. Screenshots at 1280 and 360 px, no serious or critical accessibility violation."""

import pytest

from backend.stock.models import Reader
from tests.console.conftest import DESKTOP, PHONE, screenshot, serious_violations, sign_in, wait_until

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
    wait_until(page, "document.querySelector('img.card-barcode').complete")  # loaded, or failed to
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


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_moving_a_sites_marker_saves_the_new_coordinates(console_browser, live_server, coordinator, site, viewport):
    before = (site.latitude, site.longitude)
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator, next_path=f"/console/sites/{site.pk}/")
    page.wait_for_selector(".leaflet-marker-icon")
    page.locator("#site-map").scroll_into_view_if_needed()
    marker = page.locator(".leaflet-marker-icon").bounding_box()
    x, y = marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] - 4
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 30, y + 20, steps=8)
    page.mouse.up()
    wait_until(page, f"document.getElementById('id_latitude').value !== '{before[0]:.6f}'")
    typed_lat = float(page.input_value("#id_latitude"))
    typed_lng = float(page.input_value("#id_longitude"))
    assert typed_lat < before[0] and typed_lng > before[1]  # dragged down and right: south and east
    assert serious_violations(page) == []
    screenshot(page, f"site-{viewport['width']}")
    page.click("form.position button[type=submit]")
    page.wait_for_selector(".message")
    site.refresh_from_db()
    assert (round(site.latitude, 6), round(site.longitude, 6)) == (round(typed_lat, 6), round(typed_lng, 6))
    assert f"{typed_lat:.5f}".replace(".", ",") in page.inner_text(
        ".messages"
    ) or f"{typed_lat:.5f}" in page.inner_text(".messages")
    page.goto(f"{live_server.url}/console/sites/")
    assert serious_violations(page) == []
    screenshot(page, f"sites-{viewport['width']}")
    assert [e for e in errors if "ERR_FAILED" not in e and "tile" not in e] == []  # map tiles come from outside
