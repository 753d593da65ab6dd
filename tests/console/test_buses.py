"""The bus's loading page: what is on board, the day's loading list, and scans that load, unload, deposit and
collect (copies and whole collections), each answered in words, refused with the reason, and undone."""

import datetime

import pytest
from django.utils import timezone

from backend.stock.models import CollectionStay, Copy, Movement, ProposalStatus, RotationAssignment, RotationProposal
from backend.stock.services import Holder, collection_create
from tests.backend.factories import CopyFactory, LibraryFactory, PlannedVisitFactory, PlanRouteFactory, rotatable_copies

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def school_site(site):
    site.school.library = LibraryFactory(kind="school", name="Thư viện trường", commune=site.commune)
    site.school.save()
    return site


@pytest.fixture
def collection(depot):
    return collection_create(
        code="LC-TN-02",
        name="Tủ sách thiếu nhi 02",
        library=depot,
        reading_level="children",
        box_labels=["Thùng 1", "Thùng 2"],
        copies=rotatable_copies(depot, 4),
    )


def scan(client, vehicle, code, kind="load", site=None):
    data = {"code": code, "kind": kind, "site": site.pk if site else ""}
    return client.post(f"/console/buses/{vehicle.pk}/scan/", data, **HTMX)


def test_the_list_counts_books_and_boxes_against_capacity(client, coordinator, vehicle, depot, collection):
    CopyFactory(vehicle=vehicle, library=None)
    client.force_login(coordinator)
    response = client.get("/console/buses/")
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert (row["books"], row["boxes"]) == (1, 0)
    assert vehicle.plate_number in response.content.decode()


def test_a_scanned_copy_is_loaded_with_a_line_in_words_and_undone(client, coordinator, vehicle, depot):
    copy = CopyFactory(library=depot, record__title="Đất rừng phương Nam")
    client.force_login(coordinator)
    page = scan(client, vehicle, f"  {copy.barcode} ").content.decode()
    copy.refresh_from_db()
    assert copy.holder_vehicle_id == vehicle.pk
    assert "Đất rừng phương Nam" in page and depot.name in page and vehicle.plate_number in page
    assert "vehicle:" not in page and "library:" not in page
    assert 'hx-swap-oob="true"' in page
    movement = Movement.objects.filter(copy=copy).latest("pk")
    undo = client.post(f"/console/buses/{vehicle.pk}/undo/", {"movement": movement.pk}, **HTMX).content.decode()
    copy.refresh_from_db()
    assert copy.holder_library_id == depot.pk
    assert Movement.objects.filter(copy=copy).latest("pk").kind == "unload"  # a reversing movement, nothing deleted
    assert "Đất rừng phương Nam" in undo
    again = client.post(f"/console/buses/{vehicle.pk}/undo/", {"movement": movement.pk}, **HTMX)
    assert "scan-line refused" in again.content.decode()
    assert Movement.objects.filter(copy=copy).count() == 3


def test_refused_scans_say_why_and_move_nothing(client, coordinator, vehicle, other_vehicle, depot, collection):
    elsewhere = CopyFactory(vehicle=other_vehicle, library=None)
    member = collection.copies.first()
    client.force_login(coordinator)
    before = Movement.objects.count()
    unknown = scan(client, vehicle, "NO-SUCH-CODE").content.decode()
    assert "scan-line refused" in unknown and "NO-SUCH-CODE" in unknown
    other = scan(client, vehicle, elsewhere.barcode).content.decode()
    assert other_vehicle.plate_number in other and "scan-line refused" in other
    whole = scan(client, vehicle, member.barcode).content.decode()
    assert "LC-TN-02" in whole and "scan-line refused" in whole
    no_site = scan(client, vehicle, "LC-TN-02", kind="deposit").content.decode()
    assert "scan-line refused" in no_site
    assert Movement.objects.count() == before


def test_a_full_bus_refuses_more(client, coordinator, vehicle, depot, collection):
    vehicle.capacity_boxes = 1
    vehicle.save()
    client.force_login(coordinator)
    page = scan(client, vehicle, "lc-tn-02").content.decode()
    assert "scan-line refused" in page and vehicle.plate_number in page
    collection.refresh_from_db()
    assert collection.holder_library_id == depot.pk


def test_a_collection_is_loaded_deposited_collected_and_its_deposit_undone(
    client, coordinator, vehicle, depot, collection, school_site
):
    client.force_login(coordinator)
    assert "scan-line done" in scan(client, vehicle, "LC-TN-02").content.decode()
    page = scan(client, vehicle, "LC-TN-02", kind="deposit", site=school_site).content.decode()
    assert "scan-line done" in page and "Thư viện trường" in page
    stay = CollectionStay.objects.get(collection=collection, collected_on=None)
    assert stay.site == school_site
    wrong = scan(client, vehicle, "LC-TN-02", kind="collect", site=SiteWithLibrary.make(school_site)).content.decode()
    assert "scan-line refused" in wrong
    last = Movement.objects.filter(collection=collection).latest("pk")
    client.post(f"/console/buses/{vehicle.pk}/undo/", {"movement": last.pk}, **HTMX)
    collection.refresh_from_db()
    assert collection.holder_vehicle_id == vehicle.pk
    assert Copy.objects.filter(collection=collection, holder_vehicle=vehicle).count() == 4


class SiteWithLibrary:
    @staticmethod
    def make(near):
        from tests.backend.factories import SiteFactory

        other = SiteFactory(commune=near.commune)
        other.school.library = LibraryFactory(kind="school", commune=near.commune)
        other.school.save()
        return other


def test_the_detail_page_shows_the_loading_list_in_bounded_queries(
    client, coordinator, vehicle, depot, collection, school_site, django_assert_max_num_queries
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    route = PlanRouteFactory(vehicle=vehicle, date=tomorrow, plan__starts_on=timezone.localdate())
    PlannedVisitFactory(route=route, site=school_site, position=1)
    proposal = RotationProposal.objects.create(
        cycle_starts_on=timezone.localdate(),
        cycle_ends_on=tomorrow + datetime.timedelta(days=60),
        status=ProposalStatus.ACCEPTED,
    )
    RotationAssignment.objects.create(proposal=proposal, collection=collection, site=school_site, explanation="-")
    for _ in range(30):
        CopyFactory(vehicle=vehicle, library=None)
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(f"/console/buses/{vehicle.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert school_site.name in page and "LC-TN-02" in page
    assert response.context["manifest"].boxes_to_load == 2
    assert response.context["load"].books == 30
    assert Holder.vehicle(vehicle).label() != ""
