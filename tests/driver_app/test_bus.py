"""Depot work on the bus screen: load a copy at the depot, then a stocktake of the whole bus by typed scans (one
that matches the ledger is applied quietly; a discrepancy would be held as a conflict and shown)."""

import pytest

from tests.driver_app.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_load_at_the_depot_then_a_stocktake_of_the_bus(
    phone_browser, live_server, day, stock, driver, coordinator, client_for
):
    loaded = stock["at_depot"][0]
    context, page, errors = phone_browser()
    sign_in(page, live_server.url, driver)
    context.set_offline(True)
    page.click("text=Sách trên xe")
    page.click("a.action:has-text('Xếp lên xe')")
    page.fill("[name=code]", loaded.barcode)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=recent] li")
    page.goto(f"{live_server.url}/driver/#/bus/stocktake")
    for copy in [*stock["on_bus"], loaded, stock["on_bus"][0]]:  # a copy scanned twice counts once
        page.fill("[name=barcode]", copy.barcode)
        page.press("[name=barcode]", "Enter")
    page.wait_for_selector("[data-testid=recent] li:has-text('Đã quét 6')")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Sách trên xe')")

    context.set_offline(False)
    page.click("#bar button.sync")
    page.wait_for_selector("[data-testid=waiting]:has-text('Chờ gửi: 0')")

    coordinators = client_for(coordinator)
    movements = coordinators.get(f"/api/v1/movements/?copy={loaded.id}").json()["results"]
    assert sorted((m["kind"], m["to_holder"]["kind"]) for m in movements) == [
        ("acquire", "library"),
        ("load", "vehicle"),
    ]
    conflicts = coordinators.get("/api/mobile/v1/conflicts/").json()
    assert conflicts.get("results", conflicts) == []  # the scan matched the ledger: nothing held for a coordinator
    assert page.locator("[data-testid=problem]").count() == 0
    assert errors == []
