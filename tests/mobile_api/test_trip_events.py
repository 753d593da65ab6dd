"""A trip under Circular 05/2022 from the phone: crew at departure, the return stocktake that closes the trip, its
differences in the conflict inbox and the withdrawal list, and the point's person confirming a handover record."""

import datetime
import io

import pytest
from pypdf import PdfReader

from backend.crew.models import SyncConflict, TripClosure
from backend.crew.trips import trip_open_list
from backend.places.models import TripCrew
from backend.stock.models import CopyStatus, HandoverRecord, Movement, WithdrawalEntry
from backend.stock.services import Holder, collection_create, collection_deposit, collection_move
from tests.backend.factories import PlanRouteFactory, PublishedPlanFactory, UserFactory, rotatable_copies
from tests.mobile_api.conftest import event

pytestmark = pytest.mark.django_db


def sync(phone, events, language="vi"):
    response = phone.post("/api/mobile/v1/sync/", {"events": events}, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def yesterday_trip(vehicle, today):
    yesterday = today - datetime.timedelta(days=1)
    plan = PublishedPlanFactory(starts_on=yesterday, ends_on=yesterday)
    return PlanRouteFactory(plan=plan, vehicle=vehicle, date=yesterday)


def test_a_trip_without_its_return_stocktake_stays_open_and_is_flagged(phone, day, stock, yesterday_trip, vehicle):
    yesterday = yesterday_trip.date.isoformat()
    assert [t["date"] for t in trip_open_list(vehicle_ids=[vehicle.pk])] == [yesterday]
    sheet = phone.get("/api/mobile/v1/run-sheet/").json()
    assert [t["date"] for t in sheet["routes"][0]["open_trips"]] == [yesterday]

    (result,) = sync(phone, [event("trip_stocktake", date=yesterday, barcodes=[c.barcode for c in stock["on_bus"]])])

    assert result["status"] == "applied", result
    assert result["result"]["missing"] == [] and result["result"]["conflict"] is None
    assert TripClosure.objects.get().date == yesterday_trip.date
    assert trip_open_list(vehicle_ids=[vehicle.pk]) == []
    assert phone.get("/api/mobile/v1/run-sheet/").json()["routes"][0]["open_trips"] == []


def test_a_return_stocktake_with_an_unknown_barcode_is_refused_and_the_trip_stays_open(
    phone, day, stock, yesterday_trip, vehicle
):
    scanned = [c.barcode for c in stock["on_bus"]] + ["KHONG-CO-1"]

    (result,) = sync(phone, [event("trip_stocktake", date=yesterday_trip.date.isoformat(), barcodes=scanned)])

    assert result["status"] == "rejected" and "KHONG-CO-1" in str(result["fields"]["barcodes"])
    assert not TripClosure.objects.exists()
    assert len(trip_open_list(vehicle_ids=[vehicle.pk])) == 1


def test_a_lost_copy_goes_from_the_inbox_through_the_withdrawal_list_into_a_ledger_movement(
    phone, day, stock, yesterday_trip, client_for, coordinator, client
):
    missing = stock["on_bus"][4]
    scanned = [c.barcode for c in stock["on_bus"][:4]]

    (result,) = sync(phone, [event("trip_stocktake", date=yesterday_trip.date.isoformat(), barcodes=scanned)])

    assert result["status"] == "applied" and result["result"]["missing"] == [missing.barcode]
    conflict = SyncConflict.objects.get(code="trip_stocktake_difference")
    assert TripClosure.objects.get().conflict == conflict
    console = client_for(coordinator)
    inbox = console.get("/api/v1/conflicts/").json()
    assert [c["code"] for c in inbox["results"]] == ["trip_stocktake_difference"]
    settled = console.post(f"/api/v1/conflicts/{conflict.pk}/resolve/", {"resolution": "accept"}, format="json")
    assert settled.status_code == 200, settled.content
    missing.refresh_from_db()
    assert missing.status == CopyStatus.LOST
    listed = console.get("/api/v1/withdrawals/").json()
    assert [e["barcode"] for e in listed["results"]] == [missing.barcode]
    client.force_login(coordinator)
    page = client.get("/stock/withdrawals/print/")
    assert page.status_code == 200 and missing.barcode in page.content.decode()
    assert (
        missing.barcode in PdfReader(io.BytesIO(client.get("/stock/withdrawals/pdf/").content)).pages[0].extract_text()
    )

    entry = WithdrawalEntry.objects.get()
    decided = console.post(
        "/api/v1/withdrawals/decide/",
        {"entries": [entry.pk], "withdraw": True, "decision_ref": "QĐ 15/QĐ-TV 02/12/2026"},
        format="json",
    )

    assert decided.status_code == 200, decided.content
    missing.refresh_from_db()
    assert missing.status == CopyStatus.WITHDRAWN
    assert Movement.objects.filter(copy=missing).last().kind == "withdraw"


def test_the_crew_confirms_who_is_on_board_at_departure(phone, day, vehicle, driver):
    librarians = [UserFactory(role="driver_librarian", last_name="Lê Thị", first_name=n) for n in ("Mai", "Hoa")]
    members = [{"user": driver.pk, "crew_role": "driver"}] + [
        {"user": u.pk, "crew_role": "librarian"} for u in librarians
    ]

    (result,) = sync(phone, [event("crew_confirm", members=members)])

    assert result["status"] == "applied", result
    assert TripCrew.objects.get(vehicle=vehicle, date=day["route"].date).confirmed_at is not None
    crew = phone.get("/api/mobile/v1/run-sheet/").json()["routes"][0]["crew"]
    assert crew["confirmed"] and "Lê Thị Mai" in [m["name"] for m in crew["members"]]


def test_a_crew_of_three_drivers_is_refused_at_departure(phone, day, vehicle, driver):
    others = [UserFactory(role="driver_librarian") for _ in range(2)]
    members = [{"user": u.pk, "crew_role": "driver"} for u in [driver, *others]]

    (result,) = sync(phone, [event("crew_confirm", members=members)], language="en")

    assert result["status"] == "rejected" and "library staff" in str(result["fields"]["members"])
    assert not TripCrew.objects.exists()


def test_the_points_person_confirms_the_handover_on_the_phone(phone, day, stock, vehicle, depot):
    visit = day["visits"][0]
    collection = collection_create(code="LC-P-01", name="Tủ sách", library=depot, copies=rotatable_copies(depot, 4))
    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    collection_deposit(collection=collection, site=visit.site, visit=visit)
    record = HandoverRecord.objects.get()

    nameless, named = sync(
        phone,
        [
            event("handover_confirm", record=record.pk, name=""),
            event("handover_confirm", record=record.pk, name="Ngô Thị Thảo", notes="Sách đủ, bìa tốt"),
        ],
    )

    assert nameless["status"] == "rejected" and "name" in nameless["fields"]
    assert named["status"] == "applied", named
    record.refresh_from_db()
    assert record.confirmed_name == "Ngô Thị Thảo" and record.received_by == "Ngô Thị Thảo"
    assert record.confirmed_via == "phone"
