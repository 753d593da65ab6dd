"""Rotating collections in the console: where each is and until when, the proposals to accept, adjust or refuse,
and making up a collection by scanning copies into it."""

import datetime

import pytest
from django.utils import timezone

from backend.stock.models import ProposalStatus, RotationAssignment, RotationProposal
from backend.stock.services import Holder, collection_create, collection_deposit, collection_move
from tests.backend.factories import CopyFactory, LibraryFactory, rotatable_copies

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection(depot):
    return collection_create(code="LC-TN-02", name="Tủ sách 02", library=depot, copies=rotatable_copies(depot, 2))


@pytest.fixture
def draft(collection, site):
    today = timezone.localdate()
    proposal = RotationProposal.objects.create(cycle_starts_on=today, cycle_ends_on=today + datetime.timedelta(days=60))
    pairing = RotationAssignment.objects.create(
        proposal=proposal, collection=collection, site=site, books=2, explanation="Chưa từng gửi tại đây"
    )
    return proposal, pairing


def test_the_list_says_where_each_collection_is_and_when_it_is_due(
    client, coordinator, depot, vehicle, site, collection, django_assert_max_num_queries
):
    site.school.library = LibraryFactory(kind="school", commune=site.commune)
    site.school.save()
    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    collection_deposit(collection=collection, site=site, expected_collection_on=timezone.localdate())
    collection_create(code="LC-TN-03", name="Tủ sách 03", library=depot)
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get("/console/collections/")
    page = response.content.decode()
    assert site.name in page and depot.name in page and timezone.localdate().strftime("%d/%m/%Y") in page
    detail = client.get(f"/console/collections/{collection.pk}/").content.decode()
    assert site.name in detail


def test_accepting_and_refusing_and_leaving_out_a_pairing(client, coordinator, draft, collection, depot, other_site):
    proposal, pairing = draft
    client.force_login(coordinator)
    page = client.get("/console/collections/proposals/").content.decode()
    assert "Chưa từng gửi tại đây" in page
    other = RotationAssignment.objects.create(
        proposal=proposal,
        collection=collection_create(code="LC-X", name="X", library=depot),
        site=other_site,
        explanation="-",
    )
    client.post(f"/console/collections/pairings/{other.pk}/drop/")
    assert not RotationAssignment.objects.filter(pk=other.pk).exists()
    client.post(f"/console/collections/proposals/{proposal.pk}/decide/", {"decision": "accept"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    again = client.post(f"/console/collections/pairings/{pairing.pk}/drop/", follow=True)
    assert RotationAssignment.objects.filter(pk=pairing.pk).exists()  # a decided proposal is not changed
    assert again.status_code == 200
    refused = client.post(f"/console/collections/proposals/{proposal.pk}/decide/", {"decision": "refuse"}, follow=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and refused.status_code == 200


def test_building_a_collection_by_scanning_copies(client, coordinator, depot, collection, vehicle):
    fits = rotatable_copies(depot, 1)[0]
    scarce = CopyFactory(library=depot)
    away = CopyFactory(vehicle=vehicle, library=None)
    client.force_login(coordinator)
    url = f"/console/collections/{collection.pk}/add/"
    ok = client.post(url, {"code": fits.barcode}, HTTP_HX_REQUEST="true").content.decode()
    assert "scan-line done" in ok
    fits.refresh_from_db()
    assert fits.collection_id == collection.pk
    for copy in (scarce, away):
        line = client.post(url, {"code": copy.barcode}, HTTP_HX_REQUEST="true").content.decode()
        assert "scan-line refused" in line
        copy.refresh_from_db()
        assert copy.collection_id is None
    unknown = client.post(url, {"code": "NOPE"}, HTTP_HX_REQUEST="true").content.decode()
    assert "NOPE" in unknown and "refused" in unknown
