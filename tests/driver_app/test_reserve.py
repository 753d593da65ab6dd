"""Reserving a title for a reader at a stop: the reader's card, then the book's ISBN or a copy's barcode, typed or
scanned; the reservation waits in the outbox offline and reaches the server at the next sync."""

import pytest

from tests.backend.factories import RecordFactory
from tests.driver_app.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORE = "import('/static/driver/store.js')"


def test_a_title_reserved_at_a_stop_offline_reaches_the_server(phone_browser, live_server, day, stock, driver, phone):
    first = day["visits"][0]
    reader, on_bus = stock["reader"], stock["on_bus"]
    wanted = RecordFactory(isbn="9786042101233", title="Dế Mèn phiêu lưu ký")
    context, page, errors = phone_browser()
    sign_in(page, live_server.url, driver)
    context.set_offline(True)

    page.click("[data-testid=stop] >> nth=0")
    page.click("a.action.reserve")
    page.wait_for_selector("h1:has-text('Đặt trước')")
    page.fill("[name=card_number]", reader.card_number)
    page.fill("[name=title_code]", "978-604-210-123-3")  # the ISBN typed from the book's back, with hyphens
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=recent] li")
    assert page.inner_text("[data-testid=recent] li") == f"Đã ghi: 9786042101233 → {reader.card_number}"
    assert page.input_value("[name=card_number]") == reader.card_number  # the same reader asks for another
    page.fill("[name=title_code]", on_bus[1].barcode.lower())  # a copy on the bus: its title is known offline
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=recent] li >> nth=1")
    assert page.inner_text("[data-testid=recent] li >> nth=0") == (
        f"Đã ghi: {on_bus[1].record.title} → {reader.card_number}"
    )
    page.fill("[name=title_code]", "")
    page.click("button[type=submit]")
    page.wait_for_selector("[role=alert]:has-text('Cần nhập ISBN hoặc mã vạch sách.')")
    assert page.inner_text("[data-testid=waiting]") == "Chờ gửi: 2"
    screenshot(page, "reserve-360")
    waiting = page.evaluate(f"{STORE}.then((s) => s.outboxBatch(500))")
    assert [(e["kind"], e["visit"], e["data"]) for e in waiting] == [
        ("reserve", first.id, {"card_number": reader.card_number, "isbn": "9786042101233"}),
        ("reserve", first.id, {"card_number": reader.card_number, "barcode": on_bus[1].barcode}),
    ]
    page.click("a.back")
    page.wait_for_selector("section.done:has-text('Đặt trước 2')")
    assert phone.get("/api/mobile/v1/readers/lookup/", {"card": reader.card_number}).json()["reserved_titles"] == []

    context.set_offline(False)  # the "online" event syncs
    page.wait_for_selector("[data-testid=waiting]:has-text('Chờ gửi: 0')", timeout=15_000)
    found = phone.get("/api/mobile/v1/readers/lookup/", {"card": reader.card_number}).json()["reserved_titles"]
    assert sorted((r["record"], r["title"], r["site"]) for r in found) == sorted(
        [(wanted.pk, wanted.title, first.site_id), (on_bus[1].record_id, on_bus[1].record.title, first.site_id)]
    )
    page.wait_for_function("() => /^Lần cuối: \\d/.test(document.querySelector('[data-testid=last-sync]').textContent)")
    page.click("a.back")  # the run sheet came back with the sync: the stop lists what its readers reserved
    page.click("[data-testid=stop] >> nth=0")
    page.wait_for_selector(f"section:has(h2:has-text('Sách bạn đọc đặt trước')) li:has-text('{wanted.title}')")
    page.wait_for_selector("#toast.show", state="hidden")
    screenshot(page, "reserve-stop-360")
    assert page.locator("[data-testid=problem]").count() == 0
    assert errors == []
