"""Donation drives: gifts recorded, their copies entered into the catalogue through the ledger with the donation as
their source, all or nothing; a donor's thank-you letter names them in Vietnamese order with the right count."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from backend.outreach.donations import DonatedItem, donation_catalogue, donation_receive, donor_create, drive_create
from backend.outreach.models import DonatedCopy, Donation
from backend.outreach.selectors import drive_donors, thank_you_letter
from backend.reports import selectors as report_selectors
from backend.reports.periods import Period
from backend.stock.models import Copy, CopySource, Movement, MovementKind, Record
from backend.stock.verify import ledger_verify
from tests.backend.factories import RecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drive(depot):
    return drive_create(
        name="Quyên góp sách cho em 2026", starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 4, 30),
        organiser="Thư viện thành phố và Đoàn phường", library=depot,
    )  # fmt: skip


def test_donated_copies_enter_the_catalogue_with_their_source_and_ledger(drive, depot, coordinator):
    existing = RecordFactory(title="Đất rừng phương Nam", isbn="9786042000000")
    donor = donor_create(full_name="Trần Văn Hùng", phone="0901234567")
    assert (donor.family_name, donor.middle_name, donor.given_name) == ("Trần", "Văn", "Hùng")
    gift = donation_receive(
        drive=drive, donor=donor, received_on=datetime.date(2026, 3, 12), copies=5, by=coordinator,
        items=[DonatedItem(barcode="QG0001", isbn="978-604-2-00000-0"),
               DonatedItem(barcode="QG0002", title="Tuổi thơ dữ dội", authors="Phùng Quán")],
    )  # fmt: skip
    copies = {c.barcode: c for c in Copy.objects.filter(barcode__in=["QG0001", "QG0002"]).select_related("record")}
    assert copies["QG0001"].record == existing  # matched by ISBN
    assert copies["QG0002"].record.title == "Tuổi thơ dữ dội" and copies["QG0002"].record.authors == "Phùng Quán"
    for copy in copies.values():
        assert (copy.source, copy.donor, copy.acquired_on) == (CopySource.DONATION, "Trần Văn Hùng", gift.received_on)
        assert copy.holder_library == depot
        movement = Movement.objects.get(copy=copy)
        assert movement.kind == MovementKind.ACQUIRE and movement.by == coordinator
        assert "Quyên góp sách cho em 2026" in movement.reason
    assert set(DonatedCopy.objects.filter(donation=gift).values_list("copy__barcode", flat=True)) == set(copies)
    assert ledger_verify().ok
    today = timezone.localdate()
    acquired = report_selectors.indicator_totals(period=Period(today, today), scope=report_selectors.ReportScope())
    assert (acquired["copies_donated"], acquired["copies_purchased"]) == (2, 0)  # counted on the ledger's day


def test_a_bad_line_writes_no_copy_and_a_gift_is_never_over_catalogued(drive, coordinator):
    donor = donor_create(kind="organisation", organisation="Công ty TNHH Sách Phương Nam")
    gift = donation_receive(drive=drive, donor=donor, received_on=datetime.date(2026, 4, 2), copies=2)
    records = Record.objects.count()
    with pytest.raises(ValidationError) as bad:
        donation_catalogue(donation=gift, items=[DonatedItem(barcode="QG0100", title="Hạt giống tâm hồn"),
                                                 DonatedItem(barcode="QG0101", isbn="978-0-00-000000-1")])  # fmt: skip
    assert "Line 2" in " ".join(bad.value.messages) or "Dòng 2" in " ".join(bad.value.messages)
    assert not Copy.objects.filter(barcode="QG0100").exists() and Record.objects.count() == records
    with pytest.raises(ValidationError):
        donation_catalogue(donation=gift, items=[DonatedItem(barcode=f"QG02{n}", title="Sách") for n in range(3)])
    assert Copy.objects.filter(source=CopySource.DONATION).count() == 0
    with pytest.raises(ValidationError):  # an organisation needs its name
        donor_create(kind="organisation")


def test_the_thank_you_letter_names_the_donor_in_vietnamese_order_with_the_count(drive, coordinator):
    hung = donor_create(family_name="Trần", middle_name="Văn", given_name="Hùng")
    an = donor_create(full_name="Lê Thị An")
    three = [DonatedItem(barcode=f"QG1{n:03d}", title="Dế Mèn phiêu lưu ký") for n in range(3)]
    donation_receive(drive=drive, donor=hung, received_on=datetime.date(2026, 3, 2), copies=30, items=three)
    donation_receive(drive=drive, donor=hung, received_on=datetime.date(2026, 4, 9), copies=12)
    donation_receive(drive=drive, donor=an, received_on=datetime.date(2026, 3, 5), copies=4)
    letter = thank_you_letter(drive=drive, donor=hung, day=datetime.date(2026, 5, 4))
    assert letter.donor.name == "Trần Văn Hùng" and letter.copies == 42
    assert letter.titles == [("Dế Mèn phiêu lưu ký", 3)]
    assert (letter.day_text, letter.month_text, letter.place) == ("04", "5", "Cần Thơ")
    assert thank_you_letter(drive=drive, donor=an, day=datetime.date(2027, 2, 14)).month_text == "02"
    assert [row["donor"].name for row in drive_donors(drive=drive)] == ["Lê Thị An", "Trần Văn Hùng"]  # given names
    assert thank_you_letter(drive=drive, donor=donor_create(full_name="Ngô Bảo Châu"), day=letter.day) is None
    assert Donation.objects.filter(donor=hung).count() == 2
