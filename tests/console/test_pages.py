"""The console's frame: who may open it, the header menu by role, the friendly 403 and 404 pages."""

import pytest
from django.urls import reverse

from backend.console.navigation import menu_for
from tests.backend.factories import PublishedPlanFactory

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/console/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_other_roles_get_the_friendly_403_page_with_their_menu(client, driver):
    client.force_login(driver)
    response = client.get("/console/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Trang này không dành cho tài khoản của bạn" in page
    assert f'href="{reverse("driver:shell")}"' in page and 'href="/console/"' not in page


def test_an_unknown_address_gets_the_friendly_404_page(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/console/no-such-page/")
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in response.content.decode()


def test_the_overview_counts_what_waits_for_the_coordinator(client, coordinator, django_assert_max_num_queries):
    PublishedPlanFactory(status="draft")
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get("/console/")
    assert response.status_code == 200
    assert response.context["counts"]["drafts"] == 1
    assert 'aria-current="page"' in response.content.decode()


def test_the_menu_lists_each_role_its_own_pages(coordinator, driver, school_contact):
    coordinator_urls = [entry["url"] for entry in menu_for(coordinator, "/console/")]
    assert reverse("console:index") in coordinator_urls and reverse("reports:dashboard") in coordinator_urls
    assert [entry["url"] for entry in menu_for(driver, "/")] == [reverse("driver:shell")]
    assert [entry["url"] for entry in menu_for(school_contact, "/")] == [reverse("visits:request-list")]
    current = [entry["url"] for entry in menu_for(coordinator, "/reports/yearly/") if entry["current"]]
    assert current == [reverse("reports:dashboard")]  # the yearly report sits under the reports' entry
