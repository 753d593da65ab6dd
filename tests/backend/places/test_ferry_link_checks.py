"""A place set to "by ferry" always has a link to cross on: refused where a commune or a site is saved (API and
admin), including a commune dropping the link its sites cross on."""

import pytest

from backend.places.models import Commune, FerryLink
from tests.backend.api.test_network_api import assert_field_error
from tests.backend.factories import CommuneFactory, SchoolFactory, SiteFactory


@pytest.fixture
def ferry(db):
    return FerryLink.objects.create(
        name="Phà Hòn Sơn",
        port_latitude=10.0,
        port_longitude=105.05,
        island_port_latitude=9.8,
        island_port_longitude=104.63,
        departures=["07:30"],
        return_departures=["15:00"],
    )


def admin_form(commune, **changes):
    form = {
        "code": commune.code,
        "name": commune.name,
        "kind": commune.kind,
        "province": commune.province_id,
        "codename": commune.codename,
        "latitude": "",
        "longitude": "",
        "access": commune.access,
        "ferry": commune.ferry_id or "",
        "lodgings-TOTAL_FORMS": "0",
        "lodgings-INITIAL_FORMS": "0",
        "lodgings-MIN_NUM_FORMS": "0",
        "lodgings-MAX_NUM_FORMS": "1000",
    }
    return form | changes


@pytest.mark.django_db
def test_admin_refuses_a_commune_by_ferry_without_its_link(client, admin_user, settings):
    settings.LANGUAGE_CODE = "en"
    commune = CommuneFactory(kind="xa")
    client.force_login(admin_user)
    url = f"/admin/places/commune/{commune.id}/change/"

    refused = client.post(url, admin_form(commune, access="ferry"))

    assert refused.status_code == 200  # the form again, with its error
    assert "A commune reached by ferry needs its ferry link." in refused.content.decode()
    commune.refresh_from_db()
    assert commune.access == ""
    assert client.post(url, admin_form(commune, access="no_road")).status_code == 302


@pytest.mark.django_db
def test_a_commune_cannot_drop_the_link_its_sites_cross_on(client_for, coordinator, client, admin_user, ferry):
    zone = CommuneFactory(kind="dac_khu", ferry=ferry)
    SiteFactory(school=SchoolFactory(commune=zone), commune=zone, access="ferry")
    api = client_for(coordinator)

    response = api.post(f"/api/v1/communes/{zone.code}/access/", {"access": "road", "ferry": None}, format="json")

    assert_field_error(response, "ferry")
    assert "1" in str(response.json()["extra"]["fields"]["ferry"])
    client.force_login(admin_user)
    page = client.post(f"/admin/places/commune/{zone.id}/change/", admin_form(zone, access="road", ferry=""))
    assert page.status_code == 200 and "errorlist" in page.content.decode()
    assert Commune.objects.get(pk=zone.pk).ferry == ferry


@pytest.mark.django_db
def test_a_commune_may_drop_its_link_once_its_sites_have_their_own(client_for, coordinator, ferry):
    zone = CommuneFactory(kind="dac_khu", ferry=ferry)
    SiteFactory(school=SchoolFactory(commune=zone), commune=zone, access="ferry", ferry=ferry)

    response = client_for(coordinator).post(
        f"/api/v1/communes/{zone.code}/access/", {"access": "no_road", "ferry": None}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["resolved_access"] == "no_road"
