"""Events the server rejects or holds as conflicts are shown to the crew with the server's message until dismissed."""

import pytest

from tests.driver_app.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rejected_and_a_conflicting_event_stay_on_screen_until_dismissed(
    phone_browser, live_server, day, stock, driver, settings
):
    # A server that waits for nothing: the lend of a copy the ledger puts at the school is a conflict at once.
    settings.BOOKBUS = {**settings.BOOKBUS, "SYNC_WAIT_HOURS": 0}
    first = day["visits"][0]
    at_depot, at_school = stock["at_depot"][0], stock["at_school"]
    context, page, errors = phone_browser()
    sign_in(page, live_server.url, driver)
    context.set_offline(True)
    page.goto(f"{live_server.url}/driver/#/stop/{first.id}/deposit")
    page.fill("[name=code]", at_depot.barcode)  # still at the depot: it is not on the bus to deposit
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=recent] li")
    page.goto(f"{live_server.url}/driver/#/stop/{first.id}/lend")
    page.fill("[name=card_number]", stock["reader"].card_number)
    page.fill("[name=barcode]", at_school.barcode)  # the ledger has it at the school: held for a coordinator
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=recent] li")

    context.set_offline(False)
    page.click("#bar button.sync")
    page.wait_for_selector("[data-testid=problem] >> nth=1")

    problems = page.locator("[data-testid=problem]")
    assert "Bị từ chối" in problems.nth(0).inner_text() and at_depot.barcode in problems.nth(0).inner_text()
    assert "Mâu thuẫn" in problems.nth(1).inner_text() and at_school.barcode in problems.nth(1).inner_text()
    assert all(problems.nth(n).locator(".message").inner_text().strip() for n in range(2))
    assert page.inner_text("[data-testid=waiting]") == "Chờ gửi: 0"  # answered, so out of the queue, but shown
    page.wait_for_selector("#toast.show", state="hidden")
    screenshot(page, "problems-360")

    page.reload()
    page.wait_for_selector("[data-testid=problem] >> nth=1")  # a reload does not hide them
    page.locator("[data-testid=problem] >> nth=0").get_by_role("button", name="Đã hiểu").click()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=problem]').length === 1")
    page.reload()
    page.wait_for_selector("body[data-ready='1'] [data-testid=problem]")
    assert page.locator("[data-testid=problem]").count() == 1
    assert "Mâu thuẫn" in page.inner_text("[data-testid=problem]")
    assert errors == []
