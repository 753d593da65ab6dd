"""Messages name where a copy is as people know it: the library by its name, the bus by its plate, the reader of a
loan by their card, in Vietnamese and English; the error codes and their ``extra`` stay the same."""

import pytest
from django.utils import translation

from backend.stock.exceptions import CopyNotAtHolderError, MovementNotAllowedError
from backend.stock.services import Holder, copy_move, loan_lend
from tests.backend.factories import CopyFactory, ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "bus", "on_loan", "lost", "withdrawn"),
    [
        ("vi", "xe {plate}", "bạn đọc {card} (đang mượn)", "danh mục sách mất", "danh mục sách đã thanh lý"),
        ("en", "the bus {plate}", "reader {card} (on loan)", "the lost books", "the withdrawn books"),
    ],
)
def test_each_holder_is_named_as_people_know_it(depot, vehicle, driver, language, bus, on_loan, lost, withdrawn):
    copy, reader = CopyFactory(library=None, vehicle=vehicle), ReaderFactory(card_number="BD-0042")
    loan = loan_lend(copy=copy, reader=reader, by=driver)

    with translation.override(language):
        assert Holder.library(depot).label() == depot.name
        assert Holder.vehicle(vehicle).label() == bus.format(plate=vehicle.plate_number)
        assert Holder.loan(loan).label() == on_loan.format(card="BD-0042")
        assert (Holder.lost().label(), Holder.withdrawn().label()) == (lost, withdrawn)
    assert str(Holder.vehicle(vehicle)) == f"vehicle:{vehicle.pk}"  # the compact form for logs is unchanged


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "Bản sách {b} không ở xe {plate}: theo sổ kho, bản sách đang ở {library}."),
        ("en", "Copy {b} is not at the bus {plate}: the ledger puts it at {library}."),
    ],
)
def test_a_copy_not_where_expected_names_the_bus_and_the_library(depot, vehicle, driver, language, expected):
    copy = CopyFactory(library=depot)

    with translation.override(language), pytest.raises(CopyNotAtHolderError) as error:
        copy_move(copy=copy, kind="unload", to=Holder.library(depot), expected_from=Holder.vehicle(vehicle), by=driver)

    assert error.value.message == expected.format(b=copy.barcode, plate=vehicle.plate_number, library=depot.name)
    assert "vehicle:" not in error.value.message and "library:" not in error.value.message
    assert error.value.code == "copy_not_at_holder"
    assert error.value.extra["current"] == {"kind": "library", "library": depot.pk, "vehicle": None, "loan": None}


def test_a_move_already_made_names_the_bus(vehicle, driver):
    copy = CopyFactory(library=None, vehicle=vehicle)

    with translation.override("en"), pytest.raises(MovementNotAllowedError) as error:
        copy_move(copy=copy, kind="transfer", to=Holder.vehicle(vehicle), by=driver)

    assert error.value.message == f"Copy {copy.barcode} is already at the bus {vehicle.plate_number}."
