"""The network in the console: sites with filters, a site's page with its position to correct, vehicles and crews."""

import pytest

from backend.stock.services import Holder, collection_create, collection_deposit, collection_move
from tests.backend.factories import LibraryFactory, PlannedVisitFactory, rotatable_copies

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_name_commune_kind_and_status(client, coordinator, site, other_site, commune):
    other_site.is_active = False
    other_site.save()
    client.force_login(coordinator)
    page = client.get("/console/sites/").content.decode()
    assert site.name in page and other_site.name not in page
    page = client.get("/console/sites/", {"active": "", "q": other_site.name.lower()}).content.decode()
    assert other_site.name in page and site.name not in page
    assert client.get("/console/sites/", {"kind": "library"}).context["page"].paginator.count == 0
    assert client.get("/console/sites/", {"commune": "not-a-number"}).status_code == 200


def test_a_sites_page_and_correcting_its_position(
    client, coordinator, site, depot, vehicle, django_assert_max_num_queries
):
    site.school.library = LibraryFactory(kind="school", commune=site.commune)
    site.school.save()
    site.school.contacts.create(name="Cô Lan", title="thủ thư", phone="0909 000 111")
    PlannedVisitFactory(site=site, route__vehicle=vehicle)
    collection = collection_create(code="LC-TN-09", name="Tủ 09", library=depot, copies=rotatable_copies(depot, 1))
    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    collection_deposit(collection=collection, site=site)
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):
        page = client.get(f"/console/sites/{site.pk}/").content.decode()
    assert "Cô Lan" in page and "LC-TN-09" in page and vehicle.plate_number in page
    assert 'data-lat="' in page and 'style="' not in page
    client.post(f"/console/sites/{site.pk}/", {"latitude": "10.04321", "longitude": "105.76543"})
    site.refresh_from_db()
    assert (round(site.latitude, 5), round(site.longitude, 5)) == (10.04321, 105.76543)
    bad = client.post(f"/console/sites/{site.pk}/", {"latitude": "95", "longitude": "abc"})
    assert bad.status_code == 400 and set(bad.context["form"].errors) == {"latitude", "longitude"}
    site.refresh_from_db()
    assert round(site.latitude, 5) == 10.04321


def test_vehicles_with_their_crews(client, coordinator, vehicle, driver):
    client.force_login(coordinator)
    page = client.get("/console/sites/vehicles/").content.decode()
    assert vehicle.plate_number in page and (driver.get_full_name() or driver.username) in page


def test_other_roles_cannot_open_the_console_pages(client, driver, site):
    client.force_login(driver)
    for url in (
        "/console/sites/",
        f"/console/sites/{site.pk}/",
        "/console/buses/",
        "/console/catalogue/",
        "/console/collections/",
        "/console/stocktakes/",
        "/console/readers/",
    ):
        assert client.get(url).status_code == 403, url
