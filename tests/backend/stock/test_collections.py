"""Tests that a rotating collection moves as one unit, with its stays, and that copies on loan are tracked."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from backend.stock.exceptions import CollectionNotDepositedError, SiteInactiveError
from backend.stock.models import CollectionStay, Copy, Movement
from backend.stock.services import (
    Holder,
    collection_collect,
    collection_deposit,
    collection_move,
    collection_stragglers,
    loan_lend,
    loan_return,
)


def test_loading_a_collection_moves_every_copy_in_a_bounded_number_of_queries(
    collection, depot, vehicle, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        result = collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    assert result.moved == 12 and not result.left_behind
    assert Copy.objects.filter(collection=collection, holder_vehicle=vehicle).count() == 12
    assert collection.holder_vehicle_id == vehicle.id


def test_deposit_and_collect_keep_the_stay_history(collection, vehicle, site, driver):
    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    deposited = collection_deposit(
        collection=collection,
        site=site,
        by=driver,
        expected_collection_on=datetime.date.today() + datetime.timedelta(days=60),
        received_by_name="Cô Hạnh",
    )
    stay = deposited.stay
    assert stay.site == site and stay.collected_on is None and stay.copies_deposited == 12
    assert Copy.objects.filter(collection=collection, holder_library=site.library).count() == 12
    collected = collection_collect(collection=collection, to=Holder.vehicle(vehicle), by=driver)
    assert collected.stay.pk == stay.pk and collected.stay.collected_on is not None
    assert Movement.objects.filter(collection=collection, kind="deposit", site=site).count() == 12


@pytest.fixture
def site(site):
    from tests.backend.factories import LibraryFactory

    library = LibraryFactory(kind="school", commune=site.commune)
    site.school.library = library
    site.school.save()
    site.library = library
    site.save()
    return site


def test_depositing_at_an_inactive_site_is_refused_and_writes_nothing(collection, site):
    site.is_active = False
    site.save()
    before = Movement.objects.count()
    with pytest.raises(SiteInactiveError):
        collection_deposit(collection=collection, site=site)
    assert Movement.objects.count() == before and not CollectionStay.objects.exists()


def test_a_stay_longer_than_six_months_is_refused(collection, site):
    with pytest.raises(ValidationError) as error:
        collection_deposit(
            collection=collection,
            site=site,
            expected_collection_on=datetime.date.today() + datetime.timedelta(days=300),
        )
    assert "expected_collection_on" in error.value.message_dict
    assert not CollectionStay.objects.exists()


def test_collecting_a_collection_not_deposited_is_a_conflict(collection, vehicle):
    with pytest.raises(CollectionNotDepositedError):
        collection_collect(collection=collection, to=Holder.vehicle(vehicle))


def test_copies_on_loan_stay_behind_and_are_tracked_after_the_collection(collection, vehicle, site, reader):
    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    collection_deposit(collection=collection, site=site)
    lent = Copy.objects.filter(collection=collection).first()
    loan = loan_lend(copy=lent, reader=reader, site=site)
    assert loan.collection_id == collection.pk

    result = collection_collect(collection=collection, to=Holder.vehicle(vehicle))
    assert result.moved == 11 and result.left_behind == [lent.pk]
    assert list(collection_stragglers(collection=collection)) == [lent]

    loan_return(loan=loan, to=Holder.library(site.library))
    assert list(collection_stragglers(collection=collection)) == [lent]


def test_replaying_a_collection_move_changes_nothing(collection, vehicle):
    event = uuid.uuid4()
    first = collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle), source_event_id=event)
    again = collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle), source_event_id=event)
    assert again.replayed and again.moved == first.moved
    assert Movement.objects.filter(source_event_id=event).count() == 12


def test_only_titles_held_in_three_copies_may_rotate(depot):
    from backend.stock.services import collection_create
    from tests.backend.factories import CopyFactory

    single = CopyFactory(library=depot)
    with pytest.raises(ValidationError) as error:
        collection_create(code="LC-X", name="Thử", library=depot, copies=[single])
    assert "copies" in error.value.message_dict
    assert not Copy.objects.filter(collection__isnull=False).exists()
