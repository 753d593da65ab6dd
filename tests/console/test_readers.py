"""Readers in the console: search, register, edit, the card with its barcode, loans against the limit of the
reader's category, renewing a loan and the card, reservations."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from backend.stock.exceptions import CardExpiredError, LoanLimitReachedError
from backend.stock.models import Reader, Reservation
from backend.stock.services import loan_lend
from tests.backend.factories import CopyFactory, ReaderFactory, RecordFactory

pytestmark = pytest.mark.django_db


def test_registering_searching_and_editing_a_reader(client, coordinator, school):
    client.force_login(coordinator)
    response = client.post(
        "/console/readers/new/",
        {
            "card_number": "BD-2026-001",
            "full_name": "Nguyễn Thị Bích",
            "category": "pupil",
            "school": school.pk,
            "card_expires_on": "2029-12-31",
        },
    )
    reader = Reader.objects.get(card_number="BD-2026-001")
    assert response["Location"].endswith(f"/readers/{reader.pk}/")
    assert reader.category == "pupil" and reader.card_expires_on == datetime.date(2029, 12, 31)
    duplicate = client.post("/console/readers/new/", {"card_number": "BD-2026-001", "full_name": "Ai đó"})
    assert duplicate.status_code == 400 and Reader.objects.count() == 1
    found = client.get("/console/readers/", {"q": "nguyen thi bich"}, HTTP_HX_REQUEST="true").content.decode()
    assert "BD-2026-001" in found and "<html" not in found
    client.post(
        f"/console/readers/{reader.pk}/edit/",
        {"full_name": "Nguyễn Thị Bích Ngọc", "category": "adult", "card_number": "HACKED"},
    )
    reader.refresh_from_db()
    assert reader.full_name == "Nguyễn Thị Bích Ngọc" and reader.category == "adult"
    assert reader.card_number == "BD-2026-001"  # printed on the card: not editable


def test_the_card_page_and_its_barcode(client, coordinator):
    reader = ReaderFactory(card_number="BD-00042")
    client.force_login(coordinator)
    page = client.get(f"/console/readers/{reader.pk}/card/").content.decode()
    assert "BD-00042" in page and f"/console/readers/{reader.pk}/card.svg" in page
    svg = client.get(f"/console/readers/{reader.pk}/card.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content and b"<rect" in svg.content


@override_settings(STOCK_LOAN_LIMITS={"child": 1, "pupil": 3, "adult": 5, "elderly": 3})
def test_loan_limits_follow_the_category_and_an_expired_card_cannot_borrow(depot):
    child = ReaderFactory(category="child")
    loan_lend(copy=CopyFactory(library=depot), reader=child)
    with pytest.raises(LoanLimitReachedError):
        loan_lend(copy=CopyFactory(library=depot), reader=child)
    expired = ReaderFactory(card_expires_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(CardExpiredError):
        loan_lend(copy=CopyFactory(library=depot), reader=expired)


def test_renewing_a_loan_and_the_card_and_cancelling_a_reservation(client, coordinator, depot, site):
    reader = ReaderFactory(card_expires_on=timezone.localdate() - datetime.timedelta(days=1))
    reader.card_expires_on = None
    reader.save()
    loan = loan_lend(copy=CopyFactory(library=depot), reader=reader, due_on=timezone.localdate())
    reservation = Reservation.objects.create(
        reader=reader, record=RecordFactory(title="Kính vạn hoa"), site=site, requested_at=timezone.now()
    )
    client.force_login(coordinator)
    page = client.get(f"/console/readers/{reader.pk}/").content.decode()
    assert loan.copy.record.title in page and "Kính vạn hoa" in page
    client.post(f"/console/loans/{loan.pk}/renew/")
    loan.refresh_from_db()
    assert loan.due_on > timezone.localdate()
    Reader.objects.filter(pk=reader.pk).update(card_expires_on=timezone.localdate() - datetime.timedelta(days=1))
    refused = client.post(f"/console/loans/{loan.pk}/renew/", follow=True).content.decode()
    assert "BD-" in refused
    client.post(f"/console/readers/{reader.pk}/renew-card/")
    reader.refresh_from_db()
    assert reader.card_expires_on > timezone.localdate()
    client.post(f"/console/reservations/{reservation.pk}/cancel/")
    reservation.refresh_from_db()
    assert reservation.status == "cancelled"


def test_reader_pages_in_bounded_queries(client, coordinator, depot, django_assert_max_num_queries):
    reader = ReaderFactory()
    for _ in range(3):
        loan_lend(copy=CopyFactory(library=depot), reader=reader)
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        assert client.get(f"/console/readers/{reader.pk}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/console/readers/", {"q": "nguyen"}).status_code == 200
