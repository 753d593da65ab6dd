"""Every role signs in on one page; coordinators keep the network in the admin, others cannot."""

import pytest

from tests.backend.factories import UserFactory


def sign_in(client, user, password="secret-123"):
    user.set_password(password)
    user.save()
    return client.post("/accounts/login/", {"username": user.username, "password": password, "next": "/requests/"})


@pytest.mark.parametrize("role", ["coordinator", "driver_librarian", "admin"])
def test_every_role_signs_in_on_the_sign_in_page(db, client, role):
    response = sign_in(client, UserFactory(role=role))

    assert response.status_code == 302 and response.url == "/requests/"


def test_school_contact_signs_in_and_reaches_the_request_form(client, school_contact):
    sign_in(client, school_contact)

    assert client.get("/requests/").status_code == 200


def test_wrong_password_shows_the_form_again_with_an_error(client, coordinator):
    sign_in(client, coordinator)

    response = client.post("/accounts/login/", {"username": coordinator.username, "password": "wrong"})

    assert response.status_code == 200 and b'role="alert"' in response.content


def test_pages_send_anonymous_visitors_to_the_sign_in_page(client):
    response = client.get("/maps/coverage/")

    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_coordinators_keep_the_network_in_the_admin(client, coordinator):
    coordinator.refresh_from_db()
    assert coordinator.is_staff
    client.force_login(coordinator)

    assert client.get("/admin/places/servicesite/").status_code == 200
    assert client.get("/admin/places/servicesite/add/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403  # accounts are the administrators'


@pytest.mark.parametrize("role", ["driver_librarian", "school_contact"])
def test_crews_and_schools_do_not_enter_the_admin(client, request, role):
    user = request.getfixturevalue("driver" if role == "driver_librarian" else "school_contact")
    client.force_login(user)

    response = client.get("/admin/places/servicesite/")

    assert not user.is_staff
    assert response.status_code == 302 and "/admin/login/" in response.url
