"""Tests of the stock and catalogue API: scoping by role, writes through services, errors and nothing half-done."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.stock.models import Copy, Movement, Record
from backend.stock.services import Holder, collection_create, copy_move
from tests.backend.factories import (
    CopyFactory,
    LibraryFactory,
    RecordFactory,
    SchoolFactory,
    VehicleFactory,
    rotatable_copies,
)

SAMPLES = Path(__file__).resolve().parents[3] / "backend" / "stock" / "catalogue" / "samples"


@pytest.fixture
def stock(depot, vehicle, other_vehicle):
    record = RecordFactory(title="Dế Mèn phiêu lưu ký", authors="Tô Hoài", isbn="9786049000010")
    on_bus = CopyFactory(record=record, library=depot, barcode="CT-BUS-1")
    copy_move(copy=on_bus, kind="load", to=Holder.vehicle(vehicle))
    on_other = CopyFactory(record=record, library=depot, barcode="CT-OTHER-1")
    copy_move(copy=on_other, kind="load", to=Holder.vehicle(other_vehicle))
    in_depot = CopyFactory(record=record, library=depot, barcode="CT-DEPOT-1")
    return {"record": record, "on_bus": on_bus, "on_other": on_other, "in_depot": in_depot}


ROLES = ["anonymous", "school_contact", "driver", "coordinator"]


def user_for(role, request):
    return None if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize(
    ("method", "url", "expected"),
    [
        ("get", "/api/v1/records/", {"anonymous": 401, "school_contact": 200, "driver": 200, "coordinator": 200}),
        ("post", "/api/v1/records/", {"anonymous": 401, "school_contact": 403, "driver": 403, "coordinator": 201}),
        ("get", "/api/v1/copies/", {"anonymous": 401, "school_contact": 403, "driver": 200, "coordinator": 200}),
        ("get", "/api/v1/movements/", {"anonymous": 401, "school_contact": 403, "driver": 200, "coordinator": 200}),
        (
            "get",
            "/api/v1/rotation-proposals/",
            {"anonymous": 401, "school_contact": 403, "driver": 403, "coordinator": 200},
        ),
        (
            "get",
            "/api/v1/rotation-load/?until=2030-01-01",
            {"anonymous": 401, "school_contact": 403, "driver": 403, "coordinator": 200},
        ),
        (
            "get",
            "/api/v1/collection-stays/",
            {"anonymous": 401, "school_contact": 200, "driver": 200, "coordinator": 200},
        ),
        ("post", "/api/v1/loans/", {"anonymous": 401, "school_contact": 403, "driver": 403, "coordinator": 400}),
        (
            "post",
            "/api/v1/imports/catalogue/",
            {"anonymous": 401, "school_contact": 403, "driver": 403, "coordinator": 400},
        ),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, client_for, stock, method, url, expected, role):
    client = client_for(user_for(role, request))
    body = {"title": "Quê nội", "authors": "Võ Quảng", "reading_level": "children"} if url.endswith("records/") else {}
    response = getattr(client, method)(url, body, format="json" if method == "post" and "imports" not in url else None)
    assert response.status_code == expected[role], response.content


def test_search_ignores_diacritics_and_returns_counts(client_for, coordinator, stock):
    RecordFactory(title="Đất rừng phương Nam", authors="Đoàn Giỏi")
    response = client_for(coordinator).get("/api/v1/records/", {"search": "de men phieu luu ky"})

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "count_is_estimate": False,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": stock["record"].id,
                "title": "Dế Mèn phiêu lưu ký",
                "subtitle": "",
                "authors": "Tô Hoài",
                "series": "",
                "isbn": "9786049000010",
                "publisher": "NXB Kim Đồng",
                "year": 2020,
                "language": "vie",
                "ddc": "",
                "subjects": "",
                "reading_level": "children",
                "copies_total": 3,
                "copies_available": 3,
            }
        ],
    }


def test_a_bad_isbn_is_a_field_error(client_for, coordinator):
    response = client_for(coordinator).post("/api/v1/records/", {"title": "Sách", "isbn": "978-0-306-40615-8"})
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error" and "isbn" in response.json()["extra"]["fields"]
    assert not Record.objects.exists()


def test_a_driver_sees_only_the_copies_on_their_bus(client_for, driver, stock):
    response = client_for(driver).get("/api/v1/copies/")
    assert [c["barcode"] for c in response.json()["results"]] == ["CT-BUS-1"]
    assert response.json()["results"][0]["holder"] == {
        "kind": "vehicle",
        "library": None,
        "vehicle": stock["on_bus"].holder_vehicle_id,
        "loan": None,
    }
    assert client_for(driver).get(f"/api/v1/copies/{stock['in_depot'].id}/").status_code == 404


def test_moving_a_copy_from_where_it_is_not_is_a_409_and_changes_nothing(client_for, coordinator, stock, vehicle):
    before = Movement.objects.count()
    response = client_for(coordinator).post(
        f"/api/v1/copies/{stock['in_depot'].id}/move/",
        {
            "kind": "unload",
            "to": {"library": stock["in_depot"].holder_library_id},
            "expected_from": {"vehicle": vehicle.id},
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "copy_not_at_holder"
    assert Movement.objects.count() == before


def test_a_coordinator_moves_a_copy_and_reads_its_history(client_for, coordinator, stock, vehicle):
    client = client_for(coordinator)
    moved = client.post(
        f"/api/v1/copies/{stock['in_depot'].id}/move/", {"kind": "load", "to": {"vehicle": vehicle.id}}, format="json"
    )
    assert moved.status_code == 200, moved.content
    history = client.get(f"/api/v1/copies/{stock['in_depot'].id}/history/").json()
    assert [m["kind"] for m in history] == ["acquire", "load"]
    assert history[1]["to_holder"]["vehicle"] == vehicle.id


def test_lending_a_lost_copy_is_a_409(client_for, coordinator, stock, reader):
    copy_move(copy=stock["in_depot"], kind="lost")
    response = client_for(coordinator).post(
        "/api/v1/loans/", {"copy": "CT-DEPOT-1", "reader": reader.card_number}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "copy_not_available"


@pytest.fixture
def reader(db):
    from tests.backend.factories import ReaderFactory

    return ReaderFactory()


def test_import_the_example_csv_then_an_unreadable_file(client_for, coordinator, depot):
    client = client_for(coordinator)
    upload = SimpleUploadedFile("catalogue.csv", (SAMPLES / "catalogue_example.csv").read_bytes(), "text/csv")
    response = client.post("/api/v1/imports/catalogue/", {"file": upload, "format": "csv", "library": depot.id})
    assert response.status_code == 200, response.content
    assert response.json()["records_created"] == 4 and response.json()["copies_created"] == 4

    bad = SimpleUploadedFile("catalogue.mrc", b"this is not MARC", "application/marc")
    response = client.post("/api/v1/imports/catalogue/", {"file": bad, "format": "iso2709", "library": depot.id})
    assert response.status_code == 400 and response.json()["code"] == "import_file_unreadable"
    assert Copy.objects.count() == 4


def test_export_a_bus_as_csv_and_xlsx_and_crews_only_their_own(
    client_for, coordinator, driver, stock, vehicle, other_vehicle
):
    response = client_for(driver).get("/api/v1/exports/stock/", {"vehicle": vehicle.id})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[1].startswith("CT-BUS-1,Dế Mèn phiêu lưu ký")
    assert client_for(driver).get("/api/v1/exports/stock/", {"vehicle": other_vehicle.id}).status_code == 404
    xlsx = client_for(coordinator).get(
        "/api/v1/exports/stock/", {"library": stock["in_depot"].holder_library_id, "file_format": "xlsx"}
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_a_crew_counts_its_own_bus_only(client_for, driver, stock, vehicle, other_vehicle):
    client = client_for(driver)
    response = client.post(
        "/api/v1/stocktakes/", {"vehicle": vehicle.id, "barcodes": ["CT-BUS-1", "X-1"]}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["result"]["unexpected"] == ["X-1"] and response.json()["expected_count"] == 1
    other = client.post("/api/v1/stocktakes/", {"vehicle": other_vehicle.id, "barcodes": []}, format="json")
    assert other.status_code == 403


def test_rotation_through_the_api(client_for, coordinator, network, monday):
    for site in network["sites"][:2]:
        site.school.library = LibraryFactory(kind="school", commune=site.commune)
        site.school.save()
    copies = rotatable_copies(network["depot"], 6)
    collection_create(
        code="LC-01",
        name="Tủ sách 01",
        library=network["depot"],
        reading_level="children",
        box_labels=["T1", "T2", "T3"],
        copies=copies,
    )
    client = client_for(coordinator)
    proposal = client.post(
        "/api/v1/rotation-proposals/", {"cycle_starts_on": monday.isoformat(), "time_limit_s": 5}, format="json"
    )
    assert proposal.status_code == 201, proposal.content
    (assignment,) = proposal.json()["assignments"]
    assert assignment["collection_code"] == "LC-01" and assignment["new_titles"] == 6

    accepted = client.post(f"/api/v1/rotation-proposals/{proposal.json()['id']}/accept/")
    assert accepted.json()["status"] == "accepted"
    assert client.post(f"/api/v1/rotation-proposals/{proposal.json()['id']}/accept/").status_code == 409
    load = client.get("/api/v1/rotation-load/", {"until": monday.isoformat()}).json()
    assert load == [
        {"site": assignment["site"], "deliver_boxes": 3, "collect_boxes": 0, "deliver": ["LC-01"], "collect": []}
    ]


def test_other_vehicle_factory_is_distinct(db):
    assert VehicleFactory().pk != VehicleFactory().pk


def test_a_search_is_ranked_and_paged_with_links(client_for, coordinator):
    for title in ("Dế Mèn phiêu lưu ký", "Những chú dế mèn", "Dế Mèn", "Dế Mèn - Tập 2"):
        RecordFactory(title=title)
    client = client_for(coordinator)
    first = client.get("/api/v1/records/", {"search": "Dế Mèn", "page_size": 3}).json()
    assert [r["title"] for r in first["results"]] == ["Dế Mèn", "Dế Mèn phiêu lưu ký", "Dế Mèn - Tập 2"]  # folded order
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [r["title"] for r in second["results"]] == ["Những chú dế mèn"]
    assert (second["count"], second["count_is_estimate"], second["next"]) == (4, False, None)
    assert "page=1" in second["previous"]


@pytest.mark.parametrize("params", [{"page": 0}, {"page_size": 101}, {"page": "x"}, {"reading_level": "baby"}])
def test_bad_search_paging_is_a_field_error(client_for, coordinator, params):
    response = client_for(coordinator).get("/api/v1/records/", {"search": "de", **params})
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == set(params)


def test_a_stay_lists_its_handover_items_and_a_school_sees_only_its_own(
    client_for, coordinator, school_contact, site, depot
):
    from backend.stock.services import collection_deposit

    site.library = LibraryFactory(kind="school", commune=site.commune)
    site.save()
    collection = collection_create(
        code="LC-H", name="Tủ sách bàn giao", library=depot, copies=rotatable_copies(depot, 2)
    )
    stay = collection_deposit(collection=collection, site=site).stay
    items = client_for(coordinator).get(f"/api/v1/collection-stays/{stay.id}/items/").json()
    assert [i["barcode"] for i in items] == sorted(c.barcode for c in collection.copies.all())
    assert items[0]["status"] == "available" and items[0]["title"].startswith("Dế Mèn")
    assert client_for(school_contact).get(f"/api/v1/collection-stays/{stay.id}/items/").status_code == 200
    other = SchoolFactory()
    school_contact.school = other
    school_contact.save()
    assert client_for(school_contact).get(f"/api/v1/collection-stays/{stay.id}/items/").status_code == 404


def test_an_import_over_the_size_limit_is_413_and_imports_nothing(client_for, coordinator, depot, settings):
    settings.BOOKBUS = {**settings.BOOKBUS, "IMPORT_MAX_BYTES": 1024}
    content = (SAMPLES / "catalogue_example.csv").read_bytes()
    upload = SimpleUploadedFile("catalogue.csv", content + b"\n" * 1024, "text/csv")

    response = client_for(coordinator).post(
        "/api/v1/imports/catalogue/", {"file": upload, "format": "csv", "library": depot.id}
    )

    assert response.status_code == 413, response.content
    assert response.json()["code"] == "upload_too_large"
    assert response.json()["extra"]["max_bytes"] == 1024
    assert "KB" in response.json()["extra"]["fields"]["file"][0]
    assert Copy.objects.count() == 0


def test_an_import_declared_over_the_limit_is_refused_before_its_body_is_read(client_for, coordinator, depot):
    body = b"--x\r\nContent-Disposition: form-data; name=file; filename=a.csv\r\n\r\ntitle\r\n--x--\r\n"

    # The test server's input refuses any read past the bytes really sent: reading the declared 50 MB would fail.
    response = client_for(coordinator).generic(
        "POST",
        "/api/v1/imports/catalogue/",
        body,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )

    assert response.status_code == 413, response.content
    assert response.json()["code"] == "upload_too_large"


def test_a_reversed_shelf_range_is_400_and_no_stocktake_is_recorded(client_for, coordinator, depot):
    from backend.stock.models import Stocktake

    body = {"library": depot.id, "barcodes": [], "shelf_from": "899", "shelf_to": "800"}

    response = client_for(coordinator).post("/api/v1/stocktakes/", body, format="json")

    assert response.status_code == 400, response.content
    assert "shelf_to" in response.json()["extra"]["fields"]
    assert not Stocktake.objects.exists()


def test_a_forward_or_one_ended_shelf_range_is_counted(client_for, coordinator, depot):
    for shelf_from, shelf_to in (("800", "899"), ("800", ""), ("", "899"), ("895", "895")):
        body = {"library": depot.id, "barcodes": [], "shelf_from": shelf_from, "shelf_to": shelf_to}

        response = client_for(coordinator).post("/api/v1/stocktakes/", body, format="json")

        assert response.status_code == 201, response.content
