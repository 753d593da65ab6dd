"""Tests that the ledger moves copies, refuses impossible moves without writing, and applies phone events once."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from backend.stock.exceptions import (
    CopyNotAtHolderError,
    CopyNotAvailableError,
    EventReusedError,
    LoanAlreadyReturnedError,
    LoanLimitReachedError,
    MovementNotAllowedError,
)
from backend.stock.models import Copy, Loan, Movement, Reader
from backend.stock.services import (
    Holder,
    copy_acquire,
    copy_move,
    loan_lend,
    loan_mark_lost,
    loan_return,
    reader_register,
)
from tests.backend.factories import CopyFactory, ReaderFactory, RecordFactory


def test_acquire_creates_the_copy_and_its_first_movement(depot, coordinator):
    record = RecordFactory()
    copy = copy_acquire(
        record=record, barcode=" BB0000001 ", library=depot, by=coordinator, source="donation", donor="Quỹ Sách Việt"
    )

    assert copy.barcode == "BB0000001"
    assert Holder.of(copy) == Holder.library(depot)
    (movement,) = Movement.objects.filter(copy=copy)
    assert (movement.kind, movement.from_status, movement.to_library_id, movement.by) == (
        "acquire",
        None,
        depot.id,
        coordinator,
    )


def test_duplicate_barcode_is_refused_and_writes_nothing(depot):
    first = CopyFactory(library=depot)
    with pytest.raises(ValidationError) as error:
        copy_acquire(record=first.record, barcode=first.barcode, library=depot)
    assert "barcode" in error.value.message_dict
    assert Copy.objects.count() == 1 and Movement.objects.count() == 1


def test_load_then_unload_moves_the_copy_and_keeps_history(copies, depot, vehicle, driver):
    copy = copies[0]
    copy_move(copy=copy, kind="load", to=Holder.vehicle(vehicle), expected_from=Holder.library(depot), by=driver)
    assert Holder.of(copy) == Holder.vehicle(vehicle)
    copy_move(copy=copy, kind="unload", to=Holder.library(depot), by=driver)

    kinds = list(Movement.objects.filter(copy=copy).values_list("kind", "to_vehicle_id", "to_library_id"))
    assert kinds == [("acquire", None, depot.id), ("load", vehicle.id, None), ("unload", None, depot.id)]


def test_moving_a_copy_from_where_it_is_not_is_a_conflict_and_writes_nothing(copies, vehicle, other_vehicle):
    copy = copies[0]
    with pytest.raises(CopyNotAtHolderError) as error:
        copy_move(copy=copy, kind="transfer", to=Holder.vehicle(vehicle), expected_from=Holder.vehicle(other_vehicle))
    assert error.value.code == "copy_not_at_holder" and error.value.status == 409
    copy.refresh_from_db()
    assert copy.holder_vehicle_id is None
    assert Movement.objects.filter(copy=copy).count() == 1


@pytest.mark.parametrize(
    ("kind", "to"),
    [("unload", "depot"), ("load", "depot"), ("found", "depot"), ("lend", "vehicle"), ("acquire", "depot")],
)
def test_a_movement_its_kind_does_not_allow_is_refused(copies, depot, vehicle, kind, to):
    target = Holder.library(depot) if to == "depot" else Holder.vehicle(vehicle)
    with pytest.raises(MovementNotAllowedError):
        copy_move(copy=copies[0], kind=kind, to=target)
    assert Movement.objects.filter(copy=copies[0]).count() == 1


def test_replaying_an_event_returns_the_same_movement_and_writes_once(copies, vehicle):
    event = uuid.uuid4()
    first = copy_move(copy=copies[0], kind="load", to=Holder.vehicle(vehicle), source_event_id=event)
    again = copy_move(copy=copies[0], kind="load", to=Holder.vehicle(vehicle), source_event_id=event)

    assert again.pk == first.pk
    assert Movement.objects.filter(source_event_id=event).count() == 1


def test_an_event_id_reused_for_another_copy_is_refused(copies, vehicle):
    event = uuid.uuid4()
    copy_move(copy=copies[0], kind="load", to=Holder.vehicle(vehicle), source_event_id=event)
    with pytest.raises(EventReusedError):
        copy_move(copy=copies[1], kind="load", to=Holder.vehicle(vehicle), source_event_id=event)


def test_lost_found_damaged_withdraw(copies, depot):
    copy = copies[0]
    copy_move(copy=copy, kind="damaged", reason="Rách bìa")
    assert copy.condition == "damaged" and Holder.of(copy) == Holder.library(depot)
    copy_move(copy=copy, kind="lost")
    assert copy.status == "lost" and copy.holder_library_id is None
    copy_move(copy=copy, kind="found", to=Holder.library(depot))
    copy_move(copy=copy, kind="withdraw", reason="Hỏng không sửa được")
    assert copy.status == "withdrawn"
    assert Movement.objects.filter(copy=copy).count() == 5


def test_lending_a_lost_copy_is_refused_and_writes_nothing(copies, reader):
    copy_move(copy=copies[0], kind="lost")
    with pytest.raises(CopyNotAvailableError) as error:
        loan_lend(copy=copies[0], reader=reader)
    assert error.value.code == "copy_not_available"
    assert not Loan.objects.exists()


def test_lend_and_return_through_the_bus(copies, depot, vehicle, reader, site, driver):
    copy = copies[0]
    copy_move(copy=copy, kind="load", to=Holder.vehicle(vehicle))
    event = uuid.uuid4()
    loan = loan_lend(copy=copy, reader=reader, site=site, by=driver, source_event_id=event)
    assert loan_lend(copy=copy, reader=reader, site=site, by=driver, source_event_id=event).pk == loan.pk
    copy.refresh_from_db()
    assert Holder.of(copy) == Holder.loan(loan) and copy.status == "on_loan"
    assert loan.due_on > loan.lent_at.date()

    back = uuid.uuid4()
    loan_return(loan=loan, to=Holder.vehicle(vehicle), by=driver, source_event_id=back)
    loan_return(loan=loan, to=Holder.vehicle(vehicle), by=driver, source_event_id=back)
    loan.refresh_from_db()
    copy.refresh_from_db()
    assert loan.returned_at is not None and Holder.of(copy) == Holder.vehicle(vehicle)
    assert Movement.objects.filter(copy=copy, kind="return").count() == 1
    with pytest.raises(LoanAlreadyReturnedError):
        loan_return(loan=loan, to=Holder.vehicle(vehicle))


def test_loan_limit_is_enforced(depot, reader, settings):
    settings.STOCK_LOAN_LIMIT = 2
    copies = [CopyFactory(library=depot) for _ in range(3)]
    loan_lend(copy=copies[0], reader=reader)
    loan_lend(copy=copies[1], reader=reader)
    with pytest.raises(LoanLimitReachedError):
        loan_lend(copy=copies[2], reader=reader)
    assert Loan.objects.count() == 2


def test_a_lost_loan_closes_the_loan_and_takes_the_copy_out(copies, reader):
    loan = loan_lend(copy=copies[0], reader=reader)
    loan_mark_lost(loan=loan, reason="Bạn đọc làm mất")
    copies[0].refresh_from_db()
    assert copies[0].status == "lost" and loan.returned_at is not None


def test_reader_register_is_idempotent_and_refuses_a_used_card(site):
    event = uuid.uuid4()
    reader = reader_register(card_number="CT-0001", full_name="Trần Thị Bích", site=site, source_event_id=event)
    assert reader_register(card_number="CT-0001", full_name="x", source_event_id=event).pk == reader.pk
    assert reader.school_id == site.school_id
    with pytest.raises(ValidationError) as error:
        reader_register(card_number="CT-0001", full_name="Lê Văn Cường")
    assert "card_number" in error.value.message_dict
    assert Reader.objects.count() == 1


def test_the_ledger_refuses_updates_and_deletes(copies):
    movement = Movement.objects.filter(copy=copies[0]).get()
    with pytest.raises(DatabaseError), transaction.atomic():
        Movement.objects.filter(pk=movement.pk).update(reason="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        Movement.objects.filter(pk=movement.pk).delete()


def test_the_database_refuses_a_copy_with_two_holders(copies, vehicle):
    with pytest.raises(DatabaseError), transaction.atomic():
        Copy.objects.filter(pk=copies[0].pk).update(holder_vehicle=vehicle)


def test_reader_factory_makes_readers(db):
    assert ReaderFactory().card_number.startswith("BD-")
