"""The coordinators' API for Circular 05/2022: trip crews and absences, the return stocktake, handover and return
records (per point and per collection, PDF, confirmation), and the withdrawal list; bad input changes nothing."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from backend.crew.models import TripClosure
from backend.places.models import CrewAbsence, TripCrew
from backend.stock.models import HandoverRecord, WithdrawalEntry
from backend.stock.services import Holder, collection_create, collection_deposit, collection_move
from tests.backend.factories import (
    CopyFactory,
    LibraryFactory,
    PlanRouteFactory,
    PublishedPlanFactory,
    UserFactory,
    rotatable_copies,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def yesterday_trip(vehicle):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return PlanRouteFactory(
        plan=PublishedPlanFactory(starts_on=yesterday, ends_on=yesterday), vehicle=vehicle, date=yesterday
    )


def test_a_trip_with_an_incomplete_crew_is_refused_with_a_field_message(client_for, coordinator, vehicle, driver):
    others = [UserFactory(role="driver_librarian") for _ in range(2)]
    body = {
        "vehicle": vehicle.pk,
        "date": "2026-12-07",
        "members": [{"user": u.pk, "crew_role": "driver"} for u in [driver, *others]],
    }

    response = client_for(coordinator).post("/api/v1/trip-crews/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "library staff" in str(response.json()["extra"]["fields"]["members"])
    assert not TripCrew.objects.exists()


def test_a_coordinator_sets_a_trip_crew_and_the_crew_reads_it(client_for, coordinator, vehicle, driver):
    staff = [UserFactory(role="driver_librarian", last_name="Lê Thị", first_name=n) for n in ("Mai", "Hoa")]
    members = [{"user": driver.pk, "crew_role": "driver"}] + [{"user": u.pk, "crew_role": "librarian"} for u in staff]

    set_crew = client_for(coordinator).post(
        "/api/v1/trip-crews/", {"vehicle": vehicle.pk, "date": "2026-12-07", "members": members}, format="json"
    )
    read = client_for(driver).get(f"/api/v1/trip-crews/?vehicle={vehicle.pk}&date_from=2026-12-07")

    assert set_crew.status_code == 200, set_crew.content
    assert [m["name"] for m in read.json()["days"][0]["members"]][1:] == ["Lê Thị Mai", "Lê Thị Hoa"]
    assert client_for(driver).post("/api/v1/trip-crews/", {}, format="json").status_code == 403


def test_an_absence_ending_before_it_starts_is_refused(client_for, coordinator, driver):
    body = {"user": driver.pk, "kind": "sickness", "starts_on": "2026-12-08", "ends_on": "2026-12-07"}

    response = client_for(coordinator).post("/api/v1/crew-absences/", body, format="json")

    assert response.status_code == 400 and "ends_on" in response.json()["extra"]["fields"]
    assert not CrewAbsence.objects.exists()


def test_the_console_stocktake_closes_the_trip_and_refuses_unknown_barcodes(
    client_for, coordinator, vehicle, yesterday_trip
):
    on_bus = [CopyFactory(library=None, vehicle=vehicle) for _ in range(3)]
    console = client_for(coordinator)
    body = {"vehicle": vehicle.pk, "date": yesterday_trip.date.isoformat()}
    assert [t["date"] for t in console.get("/api/v1/trips/").json()] == [yesterday_trip.date.isoformat()]

    unknown = console.post("/api/v1/trips/stocktake/", {**body, "barcodes": ["LA-1"]}, format="json")
    no_trip = console.post(
        "/api/v1/trips/stocktake/", {**body, "date": "2020-01-01", "barcodes": [on_bus[0].barcode]}, format="json"
    )
    closed = console.post(
        "/api/v1/trips/stocktake/", {**body, "barcodes": [c.barcode for c in on_bus[:2]]}, format="json"
    )

    assert unknown.status_code == 400 and "LA-1" in str(unknown.json()["extra"]["fields"]["barcodes"])
    assert no_trip.status_code == 404 and no_trip.json()["code"] == "trip_not_found"
    assert closed.status_code == 201 and closed.json()["missing"] == [on_bus[2].barcode]
    assert closed.json()["conflict"] is not None
    assert console.get("/api/v1/trips/").json() == []
    assert TripClosure.objects.count() == 1
    inbox = console.get("/api/v1/conflicts/").json()["results"]
    assert inbox[0]["code"] == "trip_stocktake_difference" and inbox[0]["event_id"] is None


def test_an_open_trip_is_flagged_on_the_dashboard(client, coordinator, vehicle, yesterday_trip):
    client.force_login(coordinator)

    page = client.get("/reports/").content.decode()

    assert 'id="trips"' in page and yesterday_trip.date.strftime("%d/%m/%Y") in page


@pytest.fixture
def records(depot, vehicle, site, driver):
    site.library = LibraryFactory(kind="school", commune=site.commune)
    site.save()
    collection = collection_create(code="LC-API-1", name="Tủ sách", library=depot, copies=rotatable_copies(depot, 3))
    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    collection_deposit(collection=collection, site=site, by=driver)
    collection_move(collection=collection, kind="collect", to=Holder.vehicle(vehicle), by=driver)
    return {"collection": collection, "site": site}


def test_records_are_listed_per_point_and_per_collection_and_their_pdf_lists_the_items(
    client_for, coordinator, records, other_site
):
    console = client_for(coordinator)

    per_point = console.get(f"/api/v1/handover-records/?site={records['site'].pk}").json()["results"]
    per_collection = console.get(f"/api/v1/handover-records/?collection={records['collection'].pk}").json()["results"]
    elsewhere = console.get(f"/api/v1/handover-records/?site={other_site.pk}").json()["results"]
    handover = next(r for r in per_point if r["kind"] == "handover")
    pdf = console.get(f"/api/v1/handover-records/{handover['id']}/pdf/")

    assert sorted(r["kind"] for r in per_point) == sorted(r["kind"] for r in per_collection) == ["handover", "return"]
    assert elsewhere == []
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert all(item["barcode"] in text for item in handover["items"])


def test_a_handover_without_the_receiving_person_is_refused_and_a_signed_scan_confirms_it(
    client_for, coordinator, records
):
    record = HandoverRecord.objects.get(kind="handover")
    url = f"/api/v1/handover-records/{record.pk}/confirm/"
    console = client_for(coordinator)

    nameless = console.post(url, {"name": " ", "via": "phone"}, format="json")
    no_scan = console.post(url, {"name": "Ngô Thị Thảo", "via": "scan"}, format="json")
    scan = SimpleUploadedFile("bien-ban-ky.pdf", b"%PDF-1.4 ky ten", content_type="application/pdf")
    signed = console.post(url, {"name": "Ngô Thị Thảo", "via": "scan", "scan": scan}, format="multipart")
    again = console.post(url, {"name": "Ngô Thị Thảo"}, format="json")

    assert nameless.status_code == 400 and "name" in nameless.json()["extra"]["fields"]
    assert no_scan.status_code == 400 and "scan" in no_scan.json()["extra"]["fields"]
    assert signed.status_code == 200 and signed.json()["confirmed_via"] == "scan"
    assert again.status_code == 409


def test_a_school_contact_sees_only_its_points_records(client_for, school_contact, records, other_school):
    other_contact = UserFactory(role="school_contact", school=other_school)

    mine = client_for(school_contact).get("/api/v1/handover-records/").json()["results"]
    theirs = client_for(other_contact).get("/api/v1/handover-records/").json()["results"]

    assert len(mine) == 2 and theirs == []


def test_only_lost_or_damaged_copies_go_on_the_withdrawal_list(client_for, coordinator, copies):
    response = client_for(coordinator).post(
        "/api/v1/withdrawals/", {"copies": [copies[0].barcode], "reason": "lost"}, format="json"
    )

    assert response.status_code == 400 and copies[0].barcode in str(response.json()["extra"]["fields"]["copies"])
    assert not WithdrawalEntry.objects.exists()


@pytest.fixture
def copies(depot):
    return [CopyFactory(library=depot) for _ in range(2)]
