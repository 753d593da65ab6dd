"""Coordinators manage accounts through ``users/``: a refused change saves nothing, the admin-site flag follows the
role, and nobody takes over another coordinator's account or locks themself out."""

import pytest

from tests.backend.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_refused_patch_saves_neither_the_password_nor_anything_else(client_for, coordinator, driver):
    # A school contact must have a school: the model refuses the role change after the serializer let it through.
    body = {"password": "a-new-pass-4567", "role": "school_contact", "phone": "0909 000 222"}

    response = client_for(coordinator).patch(f"/api/v1/users/{driver.pk}/", body, format="json")

    assert response.status_code == 400, response.content
    assert "school" in response.json()["extra"]["fields"]
    driver.refresh_from_db()
    assert driver.check_password("secret-pass-123")
    assert (driver.role, driver.phone) == ("driver_librarian", "")


def test_an_accepted_patch_sets_the_password(client_for, coordinator, driver):
    response = client_for(coordinator).patch(
        f"/api/v1/users/{driver.pk}/", {"password": "a-new-pass-4567"}, format="json"
    )

    assert response.status_code == 200, response.content
    driver.refresh_from_db()
    assert driver.check_password("a-new-pass-4567")


@pytest.mark.parametrize(("role", "staff"), [("driver_librarian", False), ("coordinator", True), ("admin", True)])
def test_the_admin_site_flag_follows_a_role_change(client_for, admin_user, role, staff):
    user = UserFactory(role="coordinator" if role == "driver_librarian" else "driver_librarian")

    response = client_for(admin_user).patch(f"/api/v1/users/{user.pk}/", {"role": role}, format="json")

    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert (user.role, user.is_staff) == (role, staff)


def test_a_coordinator_cannot_set_another_coordinators_password(client_for, coordinator):
    other = UserFactory(role="coordinator")

    response = client_for(coordinator).patch(
        f"/api/v1/users/{other.pk}/", {"password": "taken-over-4567", "phone": "0909 000 333"}, format="json"
    )

    assert response.status_code == 403, response.content
    assert response.json()["code"] == "password_change_forbidden"
    other.refresh_from_db()
    assert other.check_password("secret-pass-123")
    assert other.phone == ""


def test_demoting_in_the_same_request_does_not_let_a_coordinator_set_the_password(client_for, coordinator):
    other = UserFactory(role="coordinator")

    response = client_for(coordinator).patch(
        f"/api/v1/users/{other.pk}/", {"role": "driver_librarian", "password": "taken-over-4567"}, format="json"
    )

    assert response.status_code == 403, response.content
    other.refresh_from_db()
    assert (other.role, other.check_password("secret-pass-123")) == ("coordinator", True)


@pytest.mark.parametrize("whose", ["driver", "school_contact", "own"])
def test_a_coordinator_sets_crews_school_contacts_and_their_own_password(request, client_for, coordinator, whose):
    user = coordinator if whose == "own" else request.getfixturevalue(whose)

    body = {"password": "a-new-pass-4567"}

    response = client_for(coordinator).patch(f"/api/v1/users/{user.pk}/", body, format="json")

    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert user.check_password("a-new-pass-4567")


def test_an_administrator_sets_a_coordinators_password(client_for, admin_user, coordinator):
    response = client_for(admin_user).patch(
        f"/api/v1/users/{coordinator.pk}/", {"password": "a-new-pass-4567"}, format="json"
    )

    assert response.status_code == 200, response.content
    coordinator.refresh_from_db()
    assert coordinator.check_password("a-new-pass-4567")


def test_a_coordinator_cannot_deactivate_themself(client_for, coordinator):
    response = client_for(coordinator).post(f"/api/v1/users/{coordinator.pk}/deactivate/")

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "cannot_deactivate_self"
    assert response.json()["message"]
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_a_coordinator_deactivates_a_driver(client_for, coordinator, driver):
    response = client_for(coordinator).post(f"/api/v1/users/{driver.pk}/deactivate/")

    assert response.status_code == 200, response.content
    driver.refresh_from_db()
    assert not driver.is_active
