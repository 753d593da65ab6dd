"""Tests that every network endpoint answers each role as the role table in the README says.

Anonymous: 401. A role that may never use an endpoint, or may only read it: 403 on what it may not do. An object
outside the user's scope (another school's site, another crew's vehicle): 404, as if it did not exist.
"""

import pytest

ROLES = ["anonymous", "school_contact", "driver", "coordinator", "admin_user"]

LISTS = {
    # endpoint: expected status per role, in the order of ROLES
    "/api/v1/provinces/": [401, 200, 200, 200, 200],
    "/api/v1/communes/": [401, 200, 200, 200, 200],
    "/api/v1/libraries/": [401, 200, 200, 200, 200],
    "/api/v1/schools/": [401, 200, 200, 200, 200],
    "/api/v1/sites/": [401, 200, 200, 200, 200],
    "/api/v1/vehicles/": [401, 403, 200, 200, 200],
    "/api/v1/closures/": [401, 200, 200, 200, 200],
    "/api/v1/users/": [401, 403, 403, 200, 200],
    "/api/v1/me/": [401, 200, 200, 200, 200],
    "/api/v1/planning-runs/": [401, 403, 403, 200, 200],
    "/api/v1/plans/": [401, 403, 200, 200, 200],
    "/api/v1/visits/": [401, 200, 200, 200, 200],
    "/api/v1/visit-requests/": [401, 200, 403, 200, 200],
    "/api/v1/notifications/": [401, 200, 200, 200, 200],
}

# (fixture naming the object, url pattern): expected status of GET per role
DETAILS = {
    ("site", "/api/v1/sites/{id}/"): [401, 200, 200, 200, 200],
    ("other_site", "/api/v1/sites/{id}/"): [401, 404, 200, 200, 200],
    ("school", "/api/v1/schools/{id}/"): [401, 200, 200, 200, 200],
    ("other_school", "/api/v1/schools/{id}/"): [401, 404, 200, 200, 200],
    ("vehicle", "/api/v1/vehicles/{id}/"): [401, 403, 200, 200, 200],
    ("other_vehicle", "/api/v1/vehicles/{id}/"): [401, 403, 404, 200, 200],
    ("depot", "/api/v1/libraries/{id}/"): [401, 404, 200, 200, 200],
    ("closure", "/api/v1/closures/{id}/"): [401, 200, 200, 200, 200],
    ("driver", "/api/v1/users/{id}/"): [401, 403, 403, 200, 200],
    ("admin_user", "/api/v1/users/{id}/"): [401, 403, 403, 404, 200],
}

# writes: (fixture, method, url, body builder): expected status per role
WRITES = {
    ("site", "patch", "/api/v1/sites/{id}/"): [401, 403, 403, 200, 200],
    ("site", "post", "/api/v1/sites/{id}/deactivate/"): [401, 403, 403, 200, 200],
    ("school", "patch", "/api/v1/schools/{id}/"): [401, 403, 403, 200, 200],
    ("depot", "patch", "/api/v1/libraries/{id}/"): [401, 403, 403, 200, 200],
    ("vehicle", "patch", "/api/v1/vehicles/{id}/"): [401, 403, 403, 200, 200],
    ("closure", "patch", "/api/v1/closures/{id}/"): [401, 403, 403, 200, 200],
    ("closure", "delete", "/api/v1/closures/{id}/"): [401, 403, 403, 204, 204],
    ("driver", "patch", "/api/v1/users/{id}/"): [401, 403, 403, 200, 200],
}

PATCH_BODIES = {
    "/api/v1/sites/{id}/": {"priority": 5},
    "/api/v1/schools/{id}/": {"students": 700},
    "/api/v1/libraries/{id}/": {"phone": "0292 3821 000"},
    "/api/v1/vehicles/{id}/": {"capacity_boxes": 10},
    "/api/v1/closures/{id}/": {"name": "Sửa mái"},
    "/api/v1/users/{id}/": {"phone": "0909 000 111"},
}


def _client(request, client_for, role):
    # every object the tables name must exist before the request, whoever makes it
    for fixture in ("site", "other_site", "vehicle", "other_vehicle", "closure", "school_contact", "depot"):
        request.getfixturevalue(fixture)
    return client_for(None if role == "anonymous" else request.getfixturevalue(role))


def _cases(table):
    return [(key, role, statuses[i]) for key, statuses in table.items() for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("url", "role", "expected"), _cases(LISTS))
def test_list_endpoints_answer_each_role(request, client_for, url, role, expected):
    response = _client(request, client_for, role).get(url)

    assert response.status_code == expected, response.content
    if expected in (401, 403):
        assert set(response.json()) == {"code", "message", "extra"}


@pytest.mark.parametrize(("target", "role", "expected"), _cases(DETAILS))
def test_detail_endpoints_hide_what_is_outside_the_scope(request, client_for, target, role, expected):
    fixture, pattern = target
    client = _client(request, client_for, role)

    response = client.get(pattern.format(id=request.getfixturevalue(fixture).pk))

    assert response.status_code == expected, response.content


@pytest.mark.parametrize(("target", "role", "expected"), _cases(WRITES))
def test_only_coordinators_write(request, client_for, target, role, expected):
    fixture, method, pattern = target
    client = _client(request, client_for, role)
    body = PATCH_BODIES.get(pattern)

    response = getattr(client, method)(pattern.format(id=request.getfixturevalue(fixture).pk), body, format="json")

    assert response.status_code == expected, response.content


def test_school_contact_lists_only_their_own_school_and_sites(request, client_for, school_contact, site, other_site):
    client = client_for(school_contact)

    schools = client.get("/api/v1/schools/").json()["results"]
    sites = client.get("/api/v1/sites/").json()["results"]

    assert [s["id"] for s in schools] == [school_contact.school_id]
    assert [s["id"] for s in sites] == [site.id]


def test_driver_lists_only_the_vehicles_they_crew(client_for, driver, vehicle, other_vehicle):
    vehicles = client_for(driver).get("/api/v1/vehicles/").json()["results"]

    assert [v["id"] for v in vehicles] == [vehicle.id]


def test_token_authentication_works_for_api_clients(api_client, coordinator):
    response = api_client.post("/api/v1/auth/token/", {"username": coordinator.username, "password": "secret-pass-123"})
    token = response.json()["token"]

    me = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert me.status_code == 200
    assert me.json()["role"] == "coordinator"


def test_api_token_sign_in_is_rate_limited_per_address(api_client, coordinator, settings):
    from django.core.cache import cache

    settings.SIGN_IN_RATE = "2/min"
    cache.clear()
    attempts = [
        api_client.post("/api/v1/auth/token/", {"username": coordinator.username, "password": password}).status_code
        for password in ("guess", "secret-pass-123", "secret-pass-123")
    ]
    cache.clear()

    assert attempts == [400, 200, 429]


def test_coordinator_cannot_make_an_administrator(client_for, coordinator, driver):
    response = client_for(coordinator).patch(f"/api/v1/users/{driver.pk}/", {"role": "admin"}, format="json")

    assert response.status_code == 400
    assert "role" in response.json()["extra"]["fields"]
    driver.refresh_from_db()
    assert driver.role == "driver_librarian"


# Planning actions with an empty body: roles that may not act get 403 before any validation; the others get
# past the permission check to a 400 about the missing fields.
PLANNING_POSTS = {
    "/api/v1/planning-runs/": [401, 403, 403, 400, 400],
    "/api/v1/disruptions/vehicle-out-of-service/": [401, 403, 403, 400, 400],
    "/api/v1/disruptions/site-closed/": [401, 403, 403, 400, 400],
    "/api/v1/visit-requests/": [401, 400, 403, 400, 400],
}


@pytest.mark.parametrize(("url", "role", "expected"), _cases(PLANNING_POSTS))
def test_planning_actions_answer_each_role(request, client_for, url, role, expected):
    response = _client(request, client_for, role).post(url, {}, format="json")

    assert response.status_code == expected, response.content
