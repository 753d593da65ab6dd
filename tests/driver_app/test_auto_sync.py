"""The app syncs by itself, with nobody pressing "Đồng bộ ngay": when the browser says the network is back (its
``online`` event), and on its back-off timer when a request failed on a network that says nothing (a Wi-Fi with no
internet behind it). The test shortens the timers through the app's ``bookbus.syncDelayMs`` setting."""

import pytest

from tests.driver_app.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_NETWORK_EVENTS = (
    "window.networkEvents = [];"
    "for (const kind of ['online', 'offline']) addEventListener(kind, () => networkEvents.push(kind));"
)


def delay_ms(context, ms):
    """The app's first back-off (its timers scale with it), set before any page of the app runs."""
    context.add_init_script(f"localStorage.setItem('bookbus.syncDelayMs', '{ms}')")


def report(client, visit):
    body = client.get(f"/api/mobile/v1/visits/{visit.id}/report/").json()
    return body["arrived_at"] is not None, body["students"], body["adults"]


def test_events_recorded_offline_go_by_themselves_on_the_online_event(
    phone_browser, live_server, day, driver, coordinator, client_for
):
    first = day["visits"][0]
    coordinators = client_for(coordinator)
    context, page, errors = phone_browser()
    delay_ms(context, 600_000)  # no timer fires during this test: only the "online" event can start a sync
    sign_in(page, live_server.url, driver)
    page.evaluate(RECORD_NETWORK_EVENTS)
    context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")

    page.click("[data-testid=stop] >> nth=0")
    page.click("button.action.arrive")
    page.wait_for_selector("[data-testid=stop-status]:has-text('Đã đến')")
    page.click("a.action.visitors")
    page.fill("[name=students]", "25")
    page.fill("[name=adults]", "2")
    page.click("button[type=submit]")
    page.wait_for_selector("section.done:has-text('25 học sinh, 2 người lớn')")
    page.wait_for_timeout(2_000)  # longer than the app waits after an action before it syncs when online
    assert page.inner_text("[data-testid=waiting]") == "Chờ gửi: 2"
    assert page.inner_text("#bar .net") == "Mất mạng"
    assert report(coordinators, first) == (False, None, None)

    context.set_offline(False)
    page.wait_for_selector("[data-testid=waiting]:has-text('Chờ gửi: 0')", timeout=15_000)
    page.wait_for_function("() => /^Lần cuối: \\d/.test(document.querySelector('[data-testid=last-sync]').textContent)")
    assert page.evaluate("networkEvents") == ["offline", "online"]
    assert report(coordinators, first) == (True, 25, 2)
    assert page.inner_text("#bar .net") == "Có mạng"
    screenshot(page, "auto-sync-online-360")
    assert errors == []


def test_a_failed_sync_is_tried_again_on_the_back_off_timer_until_the_network_answers(
    phone_browser, live_server, day, driver, coordinator, client_for
):
    first = day["visits"][0]
    coordinators = client_for(coordinator)
    context, page, errors = phone_browser()
    delay_ms(context, 300)
    sign_in(page, live_server.url, driver)
    page.evaluate(RECORD_NETWORK_EVENTS)
    refused = []

    def no_internet(route):
        refused.append(route.request.url)
        route.abort("internetdisconnected")

    page.route("**/api/mobile/v1/**", no_internet)  # the phone is on a network, but nothing gets through
    page.click("[data-testid=stop] >> nth=0")
    page.click("button.action.arrive")
    page.wait_for_selector("[data-testid=stop-status]:has-text('Đã đến')")
    # One sync tries a request 4 times; more refused requests than that mean the back-off timer started more syncs.
    for _ in range(150):
        if len([url for url in refused if url.endswith("/sync/")]) >= 9:
            break
        page.wait_for_timeout(100)
    assert len([url for url in refused if url.endswith("/sync/")]) >= 9
    page.wait_for_selector("#bar .error")
    assert "không kết nối được máy chủ. Sẽ thử lại" in page.inner_text("#bar .error")  # and it does
    assert page.evaluate("navigator.onLine") is True
    assert page.inner_text("[data-testid=waiting]") == "Chờ gửi: 1"
    assert page.inner_text("#bar .net") == "Mất mạng"  # what the last request learnt, not navigator.onLine
    assert report(coordinators, first) == (False, None, None)
    screenshot(page, "auto-sync-retrying-360")

    page.unroute("**/api/mobile/v1/**")
    page.wait_for_selector("[data-testid=waiting]:has-text('Chờ gửi: 0')", timeout=15_000)
    assert report(coordinators, first) == (True, None, None)
    assert page.evaluate("networkEvents") == []  # no event from the browser: the timer found the network
    page.wait_for_function("() => !document.querySelector('#bar .error')")
    assert errors == []
