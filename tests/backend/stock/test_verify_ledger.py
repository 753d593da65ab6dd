"""Tests that ``verify_ledger`` finds every copy whose stored holder disagrees with its movements."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from backend.stock.models import Copy
from backend.stock.services import Holder, copy_move, loan_lend
from backend.stock.verify import ledger_verify
from tests.backend.factories import LibraryFactory, RecordFactory


def test_a_whole_ledger_verifies(copies, vehicle, reader):
    copy_move(copy=copies[0], kind="load", to=Holder.vehicle(vehicle))
    loan_lend(copy=copies[1], reader=reader)
    report = ledger_verify()
    assert report.ok and report.copies == 5 and report.movements == 7
    call_command("verify_ledger")


def test_a_holder_changed_behind_the_ledger_is_reported(copies):
    elsewhere = LibraryFactory()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalogue_copy SET holder_library_id = %s WHERE id = %s", [elsewhere.id, copies[2].id])
    report = ledger_verify()
    assert [(m.check, m.barcode) for m in report.mismatches] == [("stored_holder", copies[2].barcode)]
    with pytest.raises(CommandError):
        call_command("verify_ledger")


def test_a_copy_without_movements_is_reported(depot):
    stray = Copy.objects.create(record=RecordFactory(), barcode="STRAY-1", holder_library=depot)
    assert [(m.check, m.copy_id) for m in ledger_verify().mismatches] == [("no_movement", stray.id)]
