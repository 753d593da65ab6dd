"""Tests of device tokens: sign-in, listing, revoking, scoping; and of the run sheet with its ETag."""

import pytest
from rest_framework.test import APIClient

from backend.places.models import SchoolContactPerson
from backend.sync.models import Device
from backend.sync.services import token_hash

pytestmark = pytest.mark.django_db


def register(username, password="secret-pass-123", name="Điện thoại"):
    return APIClient().post(
        "/api/mobile/v1/devices/", {"username": username, "password": password, "name": name}, format="json"
    )


def test_a_crew_member_signs_a_phone_in_and_the_token_is_stored_hashed(driver, vehicle):
    response = register(driver.username)

    assert response.status_code == 201, response.content
    token = response.json()["token"]
    device = Device.objects.get()
    assert device.token_hash == token_hash(token) and token not in device.token_hash
    assert response.json()["device"]["token_prefix"] == token[:8]
    phone = APIClient()
    phone.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    me = phone.get("/api/mobile/v1/me/").json()
    assert me["username"] == driver.username and me["vehicles"] == [vehicle.id] and me["device"]["current"] is True


def test_sign_in_attempts_are_rate_limited_per_address(driver, vehicle, settings):
    from django.core.cache import cache

    settings.SIGN_IN_RATE = "3/min"
    cache.clear()
    wrong = [register(driver.username, password="guess").status_code for _ in range(3)]
    refused = register(driver.username)  # even the right password, until the minute is over

    assert wrong == [401, 401, 401]
    assert (refused.status_code, refused.json()["code"]) == (429, "throttled")
    assert int(refused["Retry-After"]) > 0
    assert not Device.objects.exists()
    cache.clear()


@pytest.mark.parametrize(
    "who,status,code",
    [("wrong-password", 401, "bad_credentials"), ("coordinator", 403, "not_crew"), ("no-vehicle", 403, "not_crew")],
)
def test_only_crew_members_get_a_device(who, status, code, driver, coordinator, vehicle):
    from tests.backend.factories import UserFactory

    if who == "wrong-password":
        response = register(driver.username, password="nope")
    elif who == "coordinator":
        response = register(coordinator.username)
    else:
        response = register(UserFactory(role="driver_librarian").username)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not Device.objects.exists()


def test_a_revoked_device_is_refused_at_once(phone, device):
    assert phone.get("/api/mobile/v1/me/").status_code == 200

    revoked = phone.post(f"/api/mobile/v1/devices/{device.id}/revoke/")

    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    refused = phone.get("/api/mobile/v1/me/")
    assert refused.status_code == 401 and refused.json()["code"] == "invalid_device_token"
    assert refused["WWW-Authenticate"] == "Bearer"


def test_crew_list_their_own_devices_and_coordinators_all(phone, device, driver, vehicle, client_for, coordinator):
    from tests.backend.factories import UserFactory, VehicleFactory

    other = UserFactory(role="driver_librarian")
    VehicleFactory(home_depot=vehicle.home_depot, crew=[other])
    register(other.username)

    mine = phone.get("/api/mobile/v1/devices/mine/").json()
    everyone = client_for(coordinator).get("/api/mobile/v1/devices/mine/").json()

    assert [d["id"] for d in mine] == [device.id]
    assert len(everyone) == 2
    other_device = Device.objects.get(user=other)
    assert phone.post(f"/api/mobile/v1/devices/{other_device.id}/revoke/").status_code == 404
    assert client_for(coordinator).post(f"/api/mobile/v1/devices/{other_device.id}/revoke/").status_code == 200


def test_run_sheet_lists_the_stops_in_order_with_everything_the_crew_needs(phone, day, vehicle, today):
    first = day["visits"][0]
    first.site.crew_notes = "Đỗ xe ở cổng sau"
    first.site.save()
    SchoolContactPerson.objects.create(school=first.site.school, name="Cô Hạnh", phone="0909 123 456")

    response = phone.get("/api/mobile/v1/run-sheet/")

    assert response.status_code == 200
    body = response.json()
    (route,) = body["routes"]
    assert route["vehicle"]["id"] == vehicle.id
    assert [s["visit"] for s in route["stops"]] == [v.id for v in day["visits"]]
    stop = route["stops"][0]
    assert stop["site"]["name"] == first.site.name and stop["site"]["crew_notes"] == "Đỗ xe ở cổng sau"
    assert stop["navigation_uri"].startswith(f"geo:{first.site.latitude:.6f},{first.site.longitude:.6f}")
    school_day = today.weekday() < 5  # the factory's sites open 07:00–11:15 on weekdays
    assert stop["time_window"] == ({"opens_at": "07:00:00", "closes_at": "11:15:00"} if school_day else None)
    assert (stop["arrives_at"], stop["starts_at"], stop["visit_minutes"]) == ("07:45:00", "08:00:00", 105)
    assert stop["contacts"] == [{"name": "Cô Hạnh", "title": "", "phone": "0909 123 456", "email": ""}]
    assert route["manifest"] == {"copies": [], "collections": []}
    assert stop["collect"] == [] and stop["loans_due"] == [] and stop["reserved_titles"] == []


def test_run_sheet_etag_answers_304_until_something_changes(phone, day):
    first = phone.get("/api/mobile/v1/run-sheet/")
    etag = first["ETag"]

    unchanged = phone.get("/api/mobile/v1/run-sheet/", HTTP_IF_NONE_MATCH=etag)
    day["visits"][1].site.crew_notes = "Đường mới sửa"
    day["visits"][1].site.save()
    changed = phone.get("/api/mobile/v1/run-sheet/", HTTP_IF_NONE_MATCH=etag)

    assert unchanged.status_code == 304 and unchanged["ETag"] == etag and not unchanged.content
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_run_sheet_of_another_vehicle_is_403_and_bad_date_400(phone, day, other_vehicle, client_for, coordinator):
    forbidden = phone.get("/api/mobile/v1/run-sheet/", {"vehicle": other_vehicle.id})
    bad = phone.get("/api/mobile/v1/run-sheet/", {"date": "31/02/2026"})
    as_coordinator = client_for(coordinator).get("/api/mobile/v1/run-sheet/", {"vehicle": day["route"].vehicle_id})

    assert forbidden.status_code == 403 and forbidden.json()["code"] == "not_your_vehicle"
    assert bad.status_code == 400 and "date" in bad.json()["extra"]["fields"]
    assert as_coordinator.status_code == 200 and len(as_coordinator.json()["routes"]) == 1


def test_run_sheet_shows_only_published_plans(phone, day, today):
    day["plan"].status = "draft"
    day["plan"].save()

    assert phone.get("/api/mobile/v1/run-sheet/").json() == {"date": today.isoformat(), "routes": []}


def test_run_sheet_permissions(client_for, school_contact, driver, day):
    assert client_for(None).get("/api/mobile/v1/run-sheet/").status_code == 401
    assert client_for(school_contact).get("/api/mobile/v1/run-sheet/").status_code == 403
    # A crew member must use a device token (sequence numbers, revocation) rather than a password session.
    assert client_for(driver).get("/api/mobile/v1/run-sheet/").status_code == 403


def test_demo_day_publishes_a_route_with_books_on_board_once(phone, vehicle, commune, coordinator):
    from backend.demo.crew import demo_day_load
    from tests.backend.factories import SiteFactory

    for _ in range(3):
        SiteFactory(commune=commune, school__commune=commune)

    plan = demo_day_load(vehicle=vehicle)
    again = demo_day_load(vehicle=vehicle)

    assert again == plan and plan.status == "published"
    (route,) = phone.get("/api/mobile/v1/run-sheet/").json()["routes"]
    assert len(route["stops"]) == 3 and len(route["manifest"]["copies"]) == 12
