"""Tests that the conflict inbox answers on the coordinators' API with their usual sign-in, and only to them."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

INBOX = "/api/v1/conflicts/"
RESOLVE = "/api/v1/conflicts/{id}/resolve/"


@pytest.mark.parametrize(
    "role,status", [("anonymous", 401), ("school_contact", 403), ("driver", 403), ("coordinator", 200)]
)
def test_the_inbox_answers_coordinators_only(request, client_for, role, status):
    user = None if role == "anonymous" else request.getfixturevalue(role)

    assert client_for(user).get(INBOX).status_code == status


@pytest.mark.parametrize(
    "role,status", [("anonymous", 401), ("school_contact", 403), ("driver", 403), ("coordinator", 404)]
)
def test_resolving_answers_coordinators_only(request, client_for, role, status):
    user = None if role == "anonymous" else request.getfixturevalue(role)

    response = client_for(user).post(RESOLVE.format(id=999), {"resolution": "dismiss"}, format="json")

    assert response.status_code == status


def test_a_coordinator_signs_in_with_an_api_token_or_a_session(coordinator):
    by_token = APIClient()
    by_token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator).key}")
    by_session = APIClient()
    by_session.force_login(coordinator)

    for client in (by_token, by_session):
        response = client.get(INBOX)
        assert response.status_code == 200, response.content
        assert response.json()["results"] == []
