"""Camera scanning: Chromium's fake camera plays a generated barcode and the app reads it into the form."""

import pytest

from tests.driver_app.conftest import screenshot, sign_in
from tests.driver_app.fake_camera import barcode_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "kind, printed, read",
    [("code128", "BB0000123", "BB0000123"), ("ean13", "978604123456", "9786041234567")],
    ids=["code128-library-barcode", "ean13-isbn"],
)
def test_the_camera_reads_a_barcode_into_the_field(
    phone_browser, live_server, day, driver, tmp_path, kind, printed, read
):
    video = barcode_video(tmp_path / f"{kind}.y4m", kind, printed)
    context, page, errors = phone_browser(
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )
    sign_in(page, live_server.url, driver)
    page.goto(f"{live_server.url}/driver/#/stop/{day['visits'][0].id}/take_back")
    page.evaluate("() => { window.__reads = 0; navigator.vibrate = () => ++window.__reads > 0; }")

    page.click("button.camera[data-for=barcode]")
    page.wait_for_function(f"() => document.querySelector('[name=barcode]').value === '{read}'", timeout=20_000)

    assert page.evaluate("window.__reads") == 1  # the crew felt the read
    assert page.locator("[data-testid=camera]").count() == 0  # the camera closed after the read
    assert page.evaluate("document.activeElement.type") == "submit"  # one more tap saves it
    if kind == "code128":
        screenshot(page, "scanned-360")
    assert errors == []
