"""A whole day offline in the app, then one sync: the coordinators' API shows exactly what the crew did, and
sending the same events again changes nothing."""

import pytest

from tests.driver_app.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORE = "import('/static/driver/store.js')"


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    return body["results"] if isinstance(body, dict) and "results" in body else body


def what_the_coordinators_see(client, day, stock):
    """Visits, counts, loans, movements and new readers of the day, as the coordinators' API answers them."""
    visits = {
        v["id"]: (v["status"], v["skip_cause"], v["skip_reason"])
        for v in results(client, f"/api/v1/visits/?route__vehicle={day['route'].vehicle_id}")
    }
    report = client.get(f"/api/mobile/v1/visits/{day['visits'][0].id}/report/").json()
    loans = sorted(
        (loan["barcode"], loan["reader"], loan["visit"], loan["returned_at"] is not None)
        for loan in results(client, "/api/v1/loans/")
    )
    movements = sorted(
        (m["barcode"], m["kind"], m["visit"], m["source_event_id"]) for m in results(client, "/api/v1/movements/")
    )
    readers = sorted((r["card_number"], r["full_name"], r["birth_year"]) for r in results(client, "/api/v1/readers/"))
    counts = (report["students"], report["adults"], report["arrived_at"] is not None)
    return {"visits": visits, "counts": counts, "loans": loans, "movements": movements, "readers": readers}


def act(page, action, **fields):
    """Open an action of the stop on screen, fill its form and save it."""
    page.click(f"a.action.{action}")
    for name, value in fields.items():
        if name == "cause":
            page.select_option("[name=cause]", value)
        else:
            page.fill(f"[name={name}]", str(value))
    page.click("button[type=submit]")


def test_a_whole_day_offline_then_one_sync_shows_exactly_the_crews_work(
    phone_browser, live_server, day, stock, driver, coordinator, client_for
):
    first, second, _third = day["visits"]
    reader, on_bus = stock["reader"], stock["on_bus"]
    coordinators = client_for(coordinator)
    before = what_the_coordinators_see(coordinators, day, stock)
    context, page, errors = phone_browser()
    sign_in(page, live_server.url, driver)
    context.set_offline(True)

    page.click("[data-testid=stop] >> nth=0")
    site = first.site
    assert (
        page.get_attribute("a.nav", "href")
        == f"geo:{site.latitude:.6f},{site.longitude:.6f}?q={site.latitude:.6f},{site.longitude:.6f}"
    )
    page.click("button.action.arrive")
    page.wait_for_selector("[data-testid=stop-status]:has-text('Đã đến')")
    act(page, "visitors", students=42, adults=3)
    page.wait_for_selector("section.done:has-text('42 học sinh, 3 người lớn')")
    act(page, "lend", card_number=reader.card_number, barcode=on_bus[0].barcode)
    page.wait_for_selector("[data-testid=recent] li")
    page.fill("[name=barcode]", on_bus[1].barcode.lower())  # typed in lower case: the app writes codes upper case
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=recent] li >> nth=1")
    screenshot(page, "lend-360")
    page.click("a.back")
    act(page, "take_back", barcode=on_bus[0].barcode)
    page.wait_for_selector("[data-testid=recent] li")
    page.click("a.back")
    act(page, "register_reader", card_number="BD-MOI-01", full_name="Trần Văn Hùng", birth_year=2015)
    page.wait_for_selector("[data-testid=recent] li")
    page.click("a.back")
    page.wait_for_selector("section.done:has-text('Cho mượn 2')")
    screenshot(page, "stop-360")
    page.goto(f"{live_server.url}/driver/#/stop/{second.id}")
    act(page, "skip", cause="road", reason="Đường ngập sau mưa")
    page.wait_for_selector("[data-testid=stop-status]:has-text('Bỏ qua')")
    page.goto(f"{live_server.url}/driver/")

    page.reload()  # the phone was locked and opened again, still with no signal
    page.wait_for_selector("[data-testid=stop]")
    assert page.inner_text("[data-testid=waiting]") == "Chờ gửi: 7"
    assert "Bỏ qua" in page.locator("[data-testid=stop] >> nth=1").inner_text()
    screenshot(page, "today-waiting-360")
    sent = page.evaluate(f"{STORE}.then((s) => s.outboxBatch(500))")
    assert [e["seq"] for e in sent] == list(range(1, 8))
    assert what_the_coordinators_see(coordinators, day, stock) == before  # nothing left the phone

    context.set_offline(False)
    page.click("#bar button.sync")
    page.wait_for_selector("[data-testid=waiting]:has-text('Chờ gửi: 0')")
    page.wait_for_function("() => !document.querySelector('[data-testid=last-sync]').textContent.includes('chưa')")

    after = what_the_coordinators_see(coordinators, day, stock)
    assert after["visits"] == {
        first.id: ("done", "", ""),
        second.id: ("skipped", "road", "Đường ngập sau mưa"),
        _third.id: ("planned", "", ""),
    }
    assert after["counts"] == (42, 3, True)
    assert after["loans"] == sorted(
        [(on_bus[0].barcode, reader.id, first.id, True), (on_bus[1].barcode, reader.id, first.id, False)]
    )
    ids = {e["kind"] + str(e["data"].get("barcode", "")): e["id"] for e in sent}
    new_movements = sorted(set(after["movements"]) - set(before["movements"]))
    assert new_movements == sorted(
        [
            (on_bus[0].barcode, "lend", first.id, ids["lend" + on_bus[0].barcode]),
            (on_bus[1].barcode, "lend", first.id, ids["lend" + on_bus[1].barcode]),
            (on_bus[0].barcode, "return", first.id, ids["take_back" + on_bus[0].barcode]),
        ]
    )
    assert sorted(set(after["readers"]) - set(before["readers"])) == [("BD-MOI-01", "Trần Văn Hùng", 2015)]

    # The answer to that sync was lost: the phone sends every event again. Nothing changes on the server.
    page.evaluate(
        f"""(events) => {STORE}.then(async (s) => {{
            const db = await s.db();
            for (const e of events) await db.put("outbox", e);
        }})""",
        sent,
    )
    page.reload()
    page.wait_for_selector("[data-testid=stop]")
    page.click("#bar button.sync")
    page.wait_for_selector("[data-testid=waiting]:has-text('Chờ gửi: 0')")
    assert what_the_coordinators_see(coordinators, day, stock) == after
    assert page.locator("[data-testid=problem]").count() == 0
    assert errors == []
