"""Tests of the coordinators' network API: writes through services, field-level errors, nothing half-saved."""

import pytest

from backend.places.models import Library, OpeningWindow, ServiceSite, Vehicle


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def site_body(school, /, **overrides):
    return {
        "name": "Điểm Trường Tiểu học An Bình",
        "school": school.id,
        "commune": school.commune.code,
        "latitude": 10.01,
        "longitude": 105.73,
        "visit_minutes": 90,
        "windows": [{"weekday": 0, "opens_at": "07:00", "closes_at": "11:15"}],
        "seasonal_overrides": [
            {
                "name": "Ngày Sách",
                "start_month": 4,
                "start_day": 14,
                "end_month": 4,
                "end_day": 25,
                "target_interval_days": 7,
            }
        ],
        **overrides,
    }


def assert_field_error(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert field in body["extra"]["fields"], body


def test_coordinator_creates_a_site_with_windows_and_overrides(coordinator_client, school):
    response = coordinator_client.post("/api/v1/sites/", site_body(school), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["windows"] == [{"weekday": 0, "opens_at": "07:00:00", "closes_at": "11:15:00"}]
    assert body["seasonal_overrides"][0]["target_interval_days"] == 7
    assert body["commune"] == school.commune.code
    assert ServiceSite.objects.get().windows.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"latitude": 91}, "latitude"),
        ({"longitude": 150}, "longitude"),
        ({"commune": 999999}, "commune"),
        ({"windows": []}, "windows"),
        ({"windows": [{"weekday": 0, "opens_at": "11:00", "closes_at": "07:00"}]}, "windows.0.closes_at"),
        ({"windows": [{"weekday": 9, "opens_at": "07:00", "closes_at": "09:00"}]}, "windows"),
        ({"priority": 9}, "priority"),
        ({"school": None}, "non_field_errors"),
    ],
)
def test_bad_site_input_is_a_field_error_and_saves_nothing(coordinator_client, school, overrides, field):
    response = coordinator_client.post("/api/v1/sites/", site_body(school, **overrides), format="json")

    assert_field_error(response, field)
    assert not ServiceSite.objects.exists()
    assert not OpeningWindow.objects.exists()


def test_patching_windows_replaces_them_and_bad_ones_change_nothing(coordinator_client, site):
    url = f"/api/v1/sites/{site.id}/"
    bad = coordinator_client.patch(
        url, {"windows": [{"weekday": 1, "opens_at": "10:00", "closes_at": "09:00"}]}, format="json"
    )
    assert_field_error(bad, "windows.0.closes_at")
    assert site.windows.count() == 5

    good = coordinator_client.patch(
        url, {"windows": [{"weekday": 1, "opens_at": "08:00", "closes_at": "09:30"}]}, format="json"
    )
    assert good.status_code == 200
    assert site.windows.count() == 1


def test_deactivate_and_activate_a_site(coordinator_client, site):
    assert coordinator_client.post(f"/api/v1/sites/{site.id}/deactivate/").json()["is_active"] is False
    assert coordinator_client.post(f"/api/v1/sites/{site.id}/activate/").json()["is_active"] is True


def test_sites_cannot_be_deleted(coordinator_client, site):
    assert coordinator_client.delete(f"/api/v1/sites/{site.id}/").status_code == 405
    assert ServiceSite.objects.filter(id=site.id).exists()


def vehicle_body(depot, /, **overrides):
    return {
        "plate_number": "65B-123.45",
        "name": "Xe thư viện 3",
        "home_depot": depot.id,
        "capacity_books": 3000,
        "capacity_boxes": 12,
        **overrides,
    }


def test_coordinator_creates_a_vehicle_with_crew(coordinator_client, depot, driver):
    body = vehicle_body(depot, crew=[{"user": driver.id, "crew_role": "driver"}])

    response = coordinator_client.post("/api/v1/vehicles/", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["crew"] == [
        {"user": driver.id, "username": driver.username, "full_name": driver.get_full_name(), "crew_role": "driver"}
    ]
    assert response.json()["min_crew"] == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"capacity_books": -5}, "capacity_books"),
        ({"capacity_boxes": -1}, "capacity_boxes"),
        ({"plate_number": "65a-001.01"}, "plate_number"),
        ({"day_starts_at": "17:00", "day_ends_at": "07:00"}, "day_ends_at"),
        ({"average_speed_kmh": 0}, "average_speed_kmh"),
    ],
)
def test_bad_vehicle_input_is_a_field_error(coordinator_client, depot, overrides, field):
    Vehicle.objects.create(plate_number="65A-001.01", name="Xe 1", home_depot=depot)

    response = coordinator_client.post("/api/v1/vehicles/", vehicle_body(depot, **overrides), format="json")

    assert_field_error(response, field)
    assert Vehicle.objects.count() == 1


def test_crew_member_must_be_a_driver_librarian(coordinator_client, depot, coordinator):
    body = vehicle_body(depot, crew=[{"user": coordinator.id, "crew_role": "driver"}])

    assert_field_error(coordinator_client.post("/api/v1/vehicles/", body, format="json"), "crew")
    assert not Vehicle.objects.exists()


def test_search_ignores_diacritics_and_d_with_stroke(coordinator_client, commune):
    Library.objects.create(name="Thư viện Đà Nẵng", kind="commune", commune=commune, latitude=16.0, longitude=108.2)
    Library.objects.create(name="Tủ sách Dế Mèn", kind="private", commune=commune, latitude=10.0, longitude=105.7)

    by_d = coordinator_client.get("/api/v1/libraries/", {"search": "da nang"}).json()["results"]
    by_words = coordinator_client.get("/api/v1/libraries/", {"search": "DE men"}).json()["results"]

    assert [r["name"] for r in by_d] == ["Thư viện Đà Nẵng"]
    assert [r["name"] for r in by_words] == ["Tủ sách Dế Mèn"]


def test_lists_filter_order_and_paginate(coordinator_client, commune):
    for n in range(3):
        Library.objects.create(name=f"Thư viện {n}", kind="commune", commune=commune, latitude=10, longitude=105.7)
    Library.objects.create(name="Thư viện TP", kind="public", commune=commune, latitude=10, longitude=105.7)

    page = coordinator_client.get("/api/v1/libraries/", {"kind": "commune", "ordering": "-name", "page_size": 2}).json()

    assert page["count"] == 3
    assert [r["name"] for r in page["results"]] == ["Thư viện 2", "Thư viện 1"]
    assert page["next"] is not None


def test_closure_ending_before_it_starts_is_refused(coordinator_client, site):
    body = {"kind": "site", "name": "Sửa chữa", "starts_on": "2026-12-05", "ends_on": "2026-12-01", "site": site.id}

    assert_field_error(coordinator_client.post("/api/v1/closures/", body, format="json"), "ends_on")


def test_unknown_object_is_404_with_error_body(coordinator_client):
    response = coordinator_client.get("/api/v1/sites/999999/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
