"""Signing in and out, forms that refuse bad values on the phone, a proof photo and GPS sent at the next sync."""

from pathlib import Path

import pytest

from tests.driver_app.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHOTO = Path(__file__).resolve().parents[2] / "mobile_api" / "driver" / "static" / "driver" / "icons" / "icon-192.png"


def test_a_wrong_password_is_said_plainly_and_signs_nothing_in(phone_browser, live_server, day, driver):
    context, page, errors = phone_browser()
    page.goto(f"{live_server.url}/driver/")
    page.fill("[name=username]", driver.username)
    page.fill("[name=password]", "not-the-password")
    page.click("button[type=submit]")

    page.wait_for_selector("[role=alert]:has-text('Đăng nhập không được')")
    assert driver.devices.count() == 0
    assert page.locator("[name=username]").count() == 1
    assert [e for e in errors if "401" not in e] == []  # the browser logs the 401 itself


def test_the_crew_works_a_stop_and_signs_out(phone_browser, live_server, day, driver, coordinator, client_for):
    first = day["visits"][0]
    coordinators = client_for(coordinator)
    context, page, errors = phone_browser()
    sign_in(page, live_server.url, driver)
    context.set_offline(True)
    page.goto(f"{live_server.url}/driver/#/stop/{first.id}/visitors")
    page.fill("[name=students]", "ba mươi")
    page.fill("[name=adults]", "2")
    page.click("button[type=submit]")
    page.wait_for_selector("[role=alert]:has-text('Học sinh: từ 0 đến 5000.')")
    page.fill("[name=students]", "30")
    page.fill("[name=adults]", "")
    page.click("button[type=submit]")
    page.wait_for_selector("[role=alert]:has-text('Cần nhập Người lớn.')")
    assert page.inner_text("[data-testid=waiting]") == "Chờ gửi: 0"  # nothing was recorded
    for button in ["+10 Học sinh", "+1 Học sinh", "+1 Học sinh", "−1 Học sinh", "+1 Học sinh", "+1 Người lớn"]:
        page.get_by_role("button", name=button, exact=True).click()  # counting with gloves: no keyboard
    page.click("button[type=submit]")
    page.wait_for_selector("section.done:has-text('42 học sinh, 1 người lớn')")

    page.goto(f"{live_server.url}/driver/#/stop/{first.id}")
    page.click("button.action.arrive")
    page.wait_for_selector("button.action.arrive.done")
    page.click("a.action.proof")
    page.fill("[name=host_name]", "Nguyễn Thị Hạnh")
    page.check("[name=host_confirmed]")
    page.set_input_files("[name=photo]", str(PHOTO))
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=stop-status]")
    assert page.inner_text("[data-testid=waiting]") == "Chờ gửi: 4"  # three events and the photo

    page.click("a.home")
    page.click("#problems ~ main button.secondary")  # sign out: refused while events wait
    page.wait_for_selector("#toast.show:has-text('Còn 4 thao tác chưa gửi')")
    context.set_offline(False)
    page.click("#bar button.sync")
    page.wait_for_selector("[data-testid=waiting]:has-text('Chờ gửi: 0')")

    report = coordinators.get(f"/api/mobile/v1/visits/{first.id}/report/").json()
    assert report["host_name"] == "Nguyễn Thị Hạnh" and report["host_confirmed"] is True
    assert report["photo"] and report["arrived_at"] and (report["students"], report["adults"]) == (42, 1)
    latest = coordinators.get("/api/mobile/v1/positions/latest/").json()
    assert [(p["vehicle"], round(p["latitude"], 2), round(p["longitude"], 2)) for p in latest] == [
        (day["route"].vehicle_id, 10.03, 105.77)
    ]

    page.click("#problems ~ main button.secondary")
    page.wait_for_selector("[name=username]")
    device = driver.devices.get()
    assert device.revoked_at is not None
    assert page.evaluate("import('/static/driver/store.js').then((s) => s.get('token'))") is None
    assert errors == []


def test_a_revoked_phone_asks_to_sign_in_again_and_keeps_its_unsent_events(
    phone_browser, live_server, day, driver, coordinator, client_for
):
    first = day["visits"][0]
    context, page, errors = phone_browser()
    sign_in(page, live_server.url, driver)
    context.set_offline(True)
    page.goto(f"{live_server.url}/driver/#/stop/{first.id}")
    page.click("button.action.arrive")
    page.wait_for_selector("button.action.arrive.done")
    device = driver.devices.get()
    assert client_for(coordinator).post(f"/api/mobile/v1/devices/{device.id}/revoke/").status_code == 200

    context.set_offline(False)
    page.click("#bar button.sync")
    page.wait_for_selector("[role=alert]:has-text('đã bị thu hồi')")
    page.fill("[name=username]", driver.username)
    page.fill("[name=password]", "secret-pass-123")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=waiting]:has-text('Chờ gửi: 0')")

    report = client_for(coordinator).get(f"/api/mobile/v1/visits/{first.id}/report/").json()
    assert report["arrived_at"] and driver.devices.filter(revoked_at=None).count() == 1
    assert [e for e in errors if "401" not in e] == []
