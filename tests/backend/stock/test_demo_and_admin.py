"""Tests that the demo stock loads, loads twice without change, keeps the ledger whole, and that admin pages open."""

import pytest
from django.db.models import Count

from backend.demo.stock import stock_demo_load
from backend.stock.models import CollectionStay, Copy, Loan, Movement, Record, RotatingCollection
from backend.stock.verify import ledger_verify
from tests.backend.factories import LibraryFactory, SchoolFactory, SiteFactory


@pytest.fixture
def demo_sites(commune):
    school = SchoolFactory(
        name="Trường Tiểu học Lê Quý Đôn", commune=commune, library=LibraryFactory(kind="school", commune=commune)
    )
    SiteFactory(name=school.name, school=school, commune=commune)
    house = LibraryFactory(name="Nhà văn hóa xã Phong Điền", commune=commune)
    SiteFactory(name=house.name, school=None, library=house, commune=commune)


def test_demo_stock_loads_twice_without_change(vehicle, demo_sites):
    counts = stock_demo_load()
    assert counts == {"records": 40, "copies": Copy.objects.count(), "collections": 4, "readers": 5}
    movements = Movement.objects.count()
    # 3,000 books bought for the bus, 80 loaded from the depot, 2 lent.
    assert Copy.objects.filter(holder_vehicle=vehicle).count() == 3000 + 78
    sizes = dict(RotatingCollection.objects.annotate(n=Count("copies")).values_list("code", "n"))
    assert sizes == {"LC-TN-01": 150, "LC-TN-02": 120, "LC-TTN-01": 200, "LC-CD-01": 250}
    assert CollectionStay.objects.filter(collected_on=None).count() == 2 and Loan.objects.count() == 2

    assert stock_demo_load() == counts
    assert Movement.objects.count() == movements
    assert ledger_verify().ok


def test_stock_admin_pages_open(client, admin_user, depot):
    from tests.backend.factories import CopyFactory

    copy = CopyFactory(library=depot)
    client.force_login(admin_user)
    for url in [
        "/admin/stock/record/?q=de men",
        f"/admin/stock/record/{copy.record_id}/change/",
        "/admin/stock/copy/",
        f"/admin/stock/copy/{copy.id}/change/",
        "/admin/stock/movement/",
        "/admin/stock/rotatingcollection/",
        "/admin/stock/collectionstay/",
        "/admin/stock/loan/",
        "/admin/stock/reader/",
        "/admin/stock/rotationproposal/",
        "/admin/stock/stocktake/",
    ]:
        assert client.get(url).status_code == 200, url
    assert Record.objects.count() == 1
