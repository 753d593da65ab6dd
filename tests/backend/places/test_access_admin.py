"""The admin screens for ferry links, lodgings and a commune's access, and the access a site resolves to."""

import pytest

from backend.places.models import FerryLink, Lodging
from tests.backend.factories import CommuneFactory, SiteFactory


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


@pytest.mark.django_db
def test_admin_pages_for_access_open(client, admin_user, ferry, commune):
    lodging = Lodging.objects.create(name="Nhà khách xã", commune=commune, latitude=10.1, longitude=105.7)
    client.force_login(admin_user)
    for url in [
        "/admin/places/ferrylink/",
        f"/admin/places/ferrylink/{ferry.id}/change/",
        "/admin/places/lodging/",
        f"/admin/places/lodging/{lodging.id}/change/",
        f"/admin/places/commune/{commune.id}/change/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_site_access_defaults_to_its_communes(ferry):
    zone = CommuneFactory(kind="dac_khu")
    linked_zone = CommuneFactory(kind="dac_khu", ferry=ferry)
    ward = CommuneFactory(kind="phuong")

    assert SiteFactory(commune=zone).resolved_access() == "no_road"
    assert SiteFactory(commune=linked_zone).resolved_access() == "ferry"
    assert SiteFactory(commune=ward).resolved_access() == "road"
    assert SiteFactory(commune=ward, access="no_road").resolved_access() == "no_road"


@pytest.mark.django_db
def test_admin_takes_departure_times_as_typed_and_refuses_others(client, admin_user, ferry):
    client.force_login(admin_user)
    url = f"/admin/places/ferrylink/{ferry.id}/change/"
    form = {
        "name": ferry.name,
        "port_name": "",
        "port_latitude": "10.0",
        "port_longitude": "105.05",
        "island_port_name": "",
        "island_port_latitude": "9.8",
        "island_port_longitude": "104.63",
        "crossing_minutes": "60",
        "bus_boards": "on",
        "cost": "0",
    }

    assert "07:30" in client.get(url).content.decode()
    saved = client.post(url, {**form, "departures": "13:30, 07:00", "return_departures": "16:00"})
    ferry.refresh_from_db()
    assert saved.status_code == 302
    assert (ferry.departures, ferry.return_departures) == (["07:00", "13:30"], ["16:00"])

    refused = client.post(url, {**form, "departures": "7 giờ", "return_departures": "16:00"})
    ferry.refresh_from_db()
    assert refused.status_code == 200 and "HH:MM" in refused.content.decode()
    assert ferry.departures == ["07:00", "13:30"]
