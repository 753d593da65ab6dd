"""A morning at the depot in Chromium: load tomorrow's manifest onto the bus by typed scans (one refused, saying
why), deposit a collection at a school; and the catalogue's import with one bad line. Screenshots at 1280 and 360
px, no serious or critical accessibility violation."""

import datetime

import pytest
from django.utils import timezone

from backend.stock.models import CollectionStay, ProposalStatus, RotationAssignment, RotationProposal
from backend.stock.services import collection_create
from tests.backend.factories import (
    CopyFactory,
    LibraryFactory,
    PlannedVisitFactory,
    PlanRouteFactory,
    RecordFactory,
    rotatable_copies,
)
from tests.console.conftest import DESKTOP, PHONE, screenshot, serious_violations, sign_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def morning(vehicle, other_vehicle, depot, site):
    site.school.library = LibraryFactory(kind="school", name="Thư viện Trường Lê Quý Đôn", commune=site.commune)
    site.school.save()
    collection = collection_create(
        code="LC-TN-02",
        name="Tủ sách thiếu nhi 02",
        library=depot,
        box_labels=["Thùng 1", "Thùng 2"],
        copies=rotatable_copies(depot, 3),
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    route = PlanRouteFactory(vehicle=vehicle, date=tomorrow, plan__starts_on=timezone.localdate())
    PlannedVisitFactory(route=route, site=site, position=1)
    proposal = RotationProposal.objects.create(
        cycle_starts_on=timezone.localdate(),
        cycle_ends_on=tomorrow + datetime.timedelta(days=90),
        status=ProposalStatus.ACCEPTED,
    )
    RotationAssignment.objects.create(proposal=proposal, collection=collection, site=site, explanation="-")
    loose = CopyFactory(library=depot, record=RecordFactory(title="Dế Mèn phiêu lưu ký"))
    elsewhere = CopyFactory(vehicle=other_vehicle, library=None, record=RecordFactory(title="Tuổi thơ dữ dội"))
    return {"collection": collection, "site": site, "loose": loose, "elsewhere": elsewhere}


def typed_scan(page, code):
    """As a USB scanner does: the code typed into the focused field, then Enter."""
    before = page.locator("#scan-log li").count()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    wait_until(page, f"document.querySelectorAll('#scan-log li').length > {before}")
    return page.locator("#scan-log li").first


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_loading_tomorrows_manifest_by_typed_scans_and_depositing_at_the_school(
    console_browser, live_server, coordinator, vehicle, morning, viewport
):
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator, next_path=f"/console/buses/{vehicle.pk}/")
    manifest = page.locator("table.manifest")
    assert "LC-TN-02" in manifest.inner_text() and morning["site"].name in manifest.inner_text()
    assert page.evaluate("document.activeElement.id") == "scan-code"

    line = typed_scan(page, "LC-TN-02")
    assert "Tủ sách thiếu nhi 02" in line.inner_text() and vehicle.plate_number in line.inner_text()
    line = typed_scan(page, morning["loose"].barcode)
    assert "Dế Mèn phiêu lưu ký" in line.inner_text()
    line.locator("button", has_text="Hoàn tác").click()  # a wrong scan undone: the reversing movement
    page.wait_for_selector("#scan-log li.undone")
    assert "Dế Mèn phiêu lưu ký" in page.locator("#scan-log li.undone").inner_text()
    assert "3 / 3.000 cuốn" in page.inner_text("#bus-figures")
    assert page.evaluate("document.activeElement.id") == "scan-code"
    typed_scan(page, morning["loose"].barcode)
    refused = typed_scan(page, morning["elsewhere"].barcode)
    assert "refused" in refused.get_attribute("class")
    assert (
        "Từ chối" in refused.inner_text() and morning["elsewhere"].holder_vehicle.plate_number in refused.inner_text()
    )
    assert page.evaluate("document.activeElement.id") == "scan-code"  # ready for the next scan
    assert page.input_value("#scan-code") == ""
    assert "4 / 3.000 cuốn" in page.inner_text("#bus-figures") and "2 / 12 thùng" in page.inner_text("#bus-figures")
    page.reload()
    assert "trên xe" in page.locator("table.manifest").inner_text()  # the collection is now ticked as on board
    assert serious_violations(page) == []
    screenshot(page, f"bus-loading-{viewport['width']}")

    page.check("input[name=kind][value=deposit]")
    page.select_option("#scan-site", str(morning["site"].pk))
    page.focus("#scan-code")
    line = typed_scan(page, "LC-TN-02")
    assert "done" in line.get_attribute("class"), line.inner_text()
    assert "Thư viện Trường Lê Quý Đôn" in line.inner_text()
    assert CollectionStay.objects.filter(collection=morning["collection"], site=morning["site"]).exists()
    assert serious_violations(page) == []
    screenshot(page, f"bus-deposit-{viewport['width']}")
    assert errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_importing_a_csv_with_one_bad_line_saves_nothing_and_names_the_line(
    console_browser, live_server, coordinator, depot, viewport, tmp_path
):
    from backend.stock.models import Record

    csv = tmp_path / "sach-moi.csv"
    csv.write_text(
        "title,authors,isbn,barcode\nĐất rừng phương Nam,Đoàn Giỏi,,IMP-1\nKính vạn hoa,Nguyễn Nhật Ánh,12345,IMP-2\n",
        encoding="utf-8",
    )
    page, errors = console_browser(viewport=viewport)
    sign_in(page, live_server.url, coordinator, next_path="/console/catalogue/import/")
    page.set_input_files("input[type=file]", str(csv))
    page.click("main button[type=submit]")
    page.wait_for_selector(".import-report")
    report = page.inner_text(".import-report")
    assert "không lưu gì" in report.lower() or "nothing" in report.lower()
    assert page.locator(".import-report td.number").first.inner_text() == "3"
    assert Record.objects.count() == 0
    assert serious_violations(page) == []
    screenshot(page, f"catalogue-import-{viewport['width']}")
    page.goto(f"{live_server.url}/console/catalogue/")
    assert serious_violations(page) == []
    assert [e for e in errors if "400" not in e] == []


def test_searching_as_you_type(console_browser, live_server, coordinator, depot):
    CopyFactory(library=depot, record=RecordFactory(title="Đất rừng phương Nam"))
    RecordFactory(title="Kính vạn hoa")
    page, errors = console_browser(viewport=DESKTOP)
    sign_in(page, live_server.url, coordinator, next_path="/console/catalogue/")
    page.click("#catalogue-q")
    page.keyboard.type("dat RUNG")
    wait_until(page, "!document.querySelector('#catalogue-results').innerText.includes('Kính vạn hoa')")
    assert "Đất rừng phương Nam" in page.inner_text("#catalogue-results")
    page.click("#catalogue-results a")
    page.wait_for_selector("h1")
    assert "Đất rừng phương Nam" in page.inner_text("h1")
    screenshot(page, "catalogue-record-1280")
    assert errors == []


def test_accepting_a_rotation_proposal(console_browser, live_server, coordinator, depot, site):
    collection = collection_create(code="LC-TN-05", name="Tủ sách 05", library=depot, copies=rotatable_copies(depot, 1))
    today = timezone.localdate()
    proposal = RotationProposal.objects.create(cycle_starts_on=today, cycle_ends_on=today + datetime.timedelta(days=60))
    RotationAssignment.objects.create(proposal=proposal, collection=collection, site=site, explanation="Sách mới")
    page, errors = console_browser(viewport=DESKTOP)
    sign_in(page, live_server.url, coordinator, next_path="/console/collections/proposals/")
    assert "LC-TN-05" in page.inner_text("main") and site.name in page.inner_text("main")
    assert serious_violations(page) == []
    screenshot(page, "rotation-proposals-1280")
    page.click("button[value=accept]")
    page.wait_for_selector(".message")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert page.locator("button[value=accept]").count() == 0
    page.goto(f"{live_server.url}/console/collections/")
    assert "LC-TN-05" in page.inner_text("main")
    assert serious_violations(page) == []
    screenshot(page, "collections-1280")
    assert errors == []


def test_a_partial_stocktake_of_the_bus_and_settling_a_missing_copy(
    console_browser, live_server, coordinator, depot, vehicle
):
    from backend.stock.models import Copy
    from backend.stock.services import Holder, collection_move

    members = rotatable_copies(depot, 2)
    collection = collection_create(code="LC-BUS", name="Bộ trên xe", library=depot, copies=members)
    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    page, errors = console_browser(viewport=DESKTOP)
    sign_in(page, live_server.url, coordinator, next_path="/console/stocktakes/")
    page.select_option("#id_place", f"vehicle:{vehicle.pk}")
    page.select_option("#id_collection", str(collection.pk))
    page.click("main form.stacked button[type=submit]")
    page.wait_for_selector("#scan-code")
    wait_until(page, "document.activeElement && document.activeElement.id === 'scan-code'")  # ready for the scanner
    typed_scan(page, members[0].barcode)
    assert serious_violations(page) == []
    screenshot(page, "stocktake-count-1280")
    page.click("button[name=finish]")
    page.wait_for_selector("#missing-heading")
    assert members[1].record.title in page.inner_text("main")
    assert serious_violations(page) == []
    screenshot(page, "stocktake-discrepancies-1280")
    page.click("button[value=lost]")
    page.wait_for_selector(".message")
    assert Copy.objects.get(pk=members[1].pk).status == "lost"
    assert page.locator("button[value=lost]").count() == 0
    assert errors == []
