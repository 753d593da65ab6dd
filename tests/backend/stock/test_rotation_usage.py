"""Usage-led rotation on the database: uses of a deposited collection guide the next proposal, which says why."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from backend.places.models import CommuneKind
from backend.stock.handover import collection_use_record
from backend.stock.models import Record
from backend.stock.rotation import rotation_propose
from backend.stock.services import Holder, collection_create, collection_deposit, collection_move
from tests.backend.factories import LibraryFactory, rotatable_copies


def make_collection(depot, code, titles, subjects, ddc):
    copies = rotatable_copies(depot, titles)
    Record.objects.filter(pk__in=[c.record_id for c in copies]).update(subjects=subjects, ddc=ddc)
    return collection_create(code=code, name=code, library=depot, reading_level="children", copies=copies)


@pytest.fixture
def usage_network(network):
    for site in network["sites"]:
        site.school.library = LibraryFactory(kind="school", commune=site.commune)
        site.school.save()
    return network


def test_a_point_that_used_its_last_batch_heavily_is_proposed_a_similar_one_and_told_why(usage_network, monday):
    depot, site = usage_network["depot"], usage_network["sites"][0]
    last = make_collection(depot, "LC-TRUYEN-1", 8, "Truyện thiếu nhi; Cổ tích", "895.9")
    collection_deposit(collection=last, site=site, at=_at(monday, -70))
    stay = last.stays.get()
    collection_use_record(stay=stay, reading_uses=30, loans=10, period_until=stay.deposited_on)
    collection_move(collection=last, kind="collect", to=Holder.library(depot), at=_at(monday, -5))
    stories = make_collection(depot, "LC-TRUYEN-2", 8, "Truyện thiếu nhi; Cổ tích", "398.2")
    make_collection(depot, "LC-KHOAHOC-1", 9, "Khoa học; Thiên nhiên", "500")

    with translation.override("en"):
        proposal = rotation_propose(starts_on=monday, time_limit_s=5)

    pairing = proposal.assignments.get(site=site)
    assert pairing.collection == stories
    assert "LC-TRUYEN-1" in pairing.explanation and "heavily" in pairing.explanation
    assert "(5.0 uses per book)" in pairing.explanation


def test_an_island_point_may_keep_a_batch_beyond_six_months(usage_network):
    depot, site = usage_network["depot"], usage_network["sites"][1]
    batch = make_collection(depot, "LC-DAO-1", 4, "Biển đảo", "900")
    long_stay = datetime.date.today() + datetime.timedelta(days=270)
    with pytest.raises(ValidationError):
        collection_deposit(collection=batch, site=site, expected_collection_on=long_stay)

    site.commune.kind = CommuneKind.SPECIAL_ZONE
    site.commune.save()
    site.refresh_from_db()
    stay = collection_deposit(collection=batch, site=site, expected_collection_on=long_stay).stay

    assert stay.expected_collection_on == long_stay


def _at(monday, days):
    return datetime.datetime.combine(monday + datetime.timedelta(days=days), datetime.time(9), datetime.UTC)
