"""Handover and return records of a collection's stay (Form 02), their PDF, uses, and the withdrawal list."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfReader

from backend.stock.handover import collection_use_record, handover_record_confirm, stay_use_count
from backend.stock.models import (
    Copy,
    CopyStatus,
    HandoverRecord,
    Movement,
    MovementKind,
    WithdrawalEntry,
    WithdrawalStatus,
)
from backend.stock.pdf import handover_record_pdf, withdrawal_list_pdf
from backend.stock.services import Holder, collection_collect, collection_deposit, collection_move, copy_move
from backend.stock.withdrawals import withdrawal_decide, withdrawal_list, withdrawal_list_add


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def site(site):
    from tests.backend.factories import LibraryFactory

    site.library = LibraryFactory(kind="school", commune=site.commune)
    site.save()
    return site


@pytest.fixture
def deposited(collection, vehicle, site, driver):
    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    return collection_deposit(collection=collection, site=site, by=driver, received_by_name="Ngô Thị Thảo")


def test_depositing_and_collecting_make_both_records_with_the_right_items(deposited, collection, vehicle, driver):
    handover = HandoverRecord.objects.get(stay=deposited.stay, kind="handover")
    barcodes = sorted(Copy.objects.filter(collection=collection).values_list("barcode", flat=True))
    assert [item["barcode"] for item in handover.items] == barcodes and handover.item_count == 12
    assert handover.received_by == "Ngô Thị Thảo" and handover.guidance
    lost = Copy.objects.filter(collection=collection).order_by("barcode").first()
    copy_move(copy=lost, kind=MovementKind.LOST, by=driver, reason="Bạn đọc làm mất")
    collection_use_record(stay=deposited.stay, reading_uses=40, loans=5, by=driver)

    collected = collection_collect(collection=collection, to=Holder.vehicle(vehicle), by=driver)

    returned = HandoverRecord.objects.get(stay=collected.stay, kind="return")
    assert returned.item_count == 11 and returned.missing == [lost.barcode]
    assert returned.uses == 45 == stay_use_count(stay=collected.stay)
    text = pdf_text(handover_record_pdf(returned))
    assert returned.number in text and lost.barcode in text
    assert all(item["barcode"] in text for item in returned.items)
    kinds = HandoverRecord.objects.filter(collection=collection).values_list("kind", flat=True)
    assert sorted(kinds) == ["handover", "return"]
    assert HandoverRecord.objects.filter(site=collected.stay.site).count() == 2


def test_the_pdf_opens_and_lists_the_items_in_vietnamese(deposited, collection):
    record = HandoverRecord.objects.get(stay=deposited.stay, kind="handover")

    with translation.override("vi"):
        text = pdf_text(handover_record_pdf(record))

    assert record.number in text and "Ngô Thị Thảo" in text
    for item in record.items:
        assert item["barcode"] in text
    assert record.items[0]["title"][:12] in text
    assert "BIÊN BẢN BÀN GIAO" in text and "Tổng số bản: 12" in text


def test_a_handover_cannot_be_confirmed_without_the_receiving_person(deposited):
    record = HandoverRecord.objects.get(stay=deposited.stay, kind="handover")

    with pytest.raises(ValidationError) as error:
        handover_record_confirm(record=record, name="  ")

    assert "name" in error.value.message_dict
    record.refresh_from_db()
    assert record.confirmed_at is None


def test_a_signed_scan_confirms_the_record(deposited):
    record = HandoverRecord.objects.get(stay=deposited.stay, kind="handover")
    scan = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 signed", content_type="application/pdf")

    confirmed = handover_record_confirm(record=record, name="Ngô Thị Thảo", via="scan", scan=scan)

    assert confirmed.confirmed_via == "scan" and confirmed.signed_scan.name.endswith(".pdf")


def test_depositing_a_collection_twice_is_refused_and_makes_no_second_record(deposited, collection, site, driver):
    with pytest.raises(Exception) as error:
        collection_deposit(collection=collection, site=site, by=driver, received_by_name="X")

    assert getattr(error.value, "code", "") in ("movement_not_allowed", "collection_not_at_holder")
    assert HandoverRecord.objects.filter(collection=collection).count() == 1


def test_a_lost_copy_goes_through_the_withdrawal_list_into_a_ledger_movement(copies, coordinator):
    lost = copies[0]
    copy_move(copy=lost, kind=MovementKind.LOST, by=coordinator, reason="Mất trên chuyến xe")
    (entry,) = withdrawal_list_add(copies=[lost], reason="lost", by=coordinator)
    text = pdf_text(withdrawal_list_pdf(withdrawal_list()))
    assert lost.barcode in text

    withdrawal_decide(entries=[entry], withdraw=True, decision_ref="QĐ 12/QĐ-TV ngày 01/12/2026", by=coordinator)

    entry.refresh_from_db()
    lost.refresh_from_db()
    assert entry.status == WithdrawalStatus.WITHDRAWN and lost.status == CopyStatus.WITHDRAWN
    movement = Movement.objects.filter(copy=lost).last()
    assert movement.kind == MovementKind.WITHDRAW and entry.movement == movement
    assert "QĐ 12" in movement.reason


def test_only_settled_losses_go_on_the_list_and_nothing_half_saved(copies, coordinator):
    copy_move(copy=copies[0], kind=MovementKind.LOST, by=coordinator)

    with pytest.raises(ValidationError) as error:
        withdrawal_list_add(copies=[copies[0], copies[1]], reason="lost", by=coordinator)

    assert copies[1].barcode in str(error.value.message_dict["copies"])
    assert not WithdrawalEntry.objects.exists()


def test_a_decision_needs_its_reference(copies, coordinator):
    copy_move(copy=copies[0], kind=MovementKind.LOST, by=coordinator)
    entries = withdrawal_list_add(copies=[copies[0]], reason="lost", by=coordinator)

    with pytest.raises(ValidationError):
        withdrawal_decide(entries=entries, withdraw=True, decision_ref="", by=coordinator)

    assert Copy.objects.get(pk=copies[0].pk).status == CopyStatus.LOST


def test_uses_outside_the_stay_are_refused(deposited, driver):
    with pytest.raises(ValidationError):
        collection_use_record(
            stay=deposited.stay,
            reading_uses=3,
            period_from=deposited.stay.deposited_on - datetime.timedelta(days=3),
            by=driver,
        )
