"""Tests of records: ISBNs validated and normalised, and search that ignores Vietnamese diacritics."""

import pytest
from django.core.exceptions import ValidationError

from backend.stock.catalogue.selectors import record_search
from backend.stock.catalogue.services import isbn_normalise, record_create, record_update
from backend.stock.models import Record
from backend.stock.services import Holder, copy_move
from tests.backend.factories import CopyFactory


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("0-306-40615-2", "9780306406157"),
        ("978-0-306-40615-7", "9780306406157"),
        (" 9780306406157 ", "9780306406157"),
        ("", ""),
    ],
)
def test_isbns_are_normalised_to_isbn13(given, stored):
    assert isbn_normalise(given) == stored


@pytest.mark.parametrize("bad", ["978-0-306-40615-8", "0-306-40615-3", "12345", "ABCDEFGHIJ"])
def test_a_bad_isbn_is_a_field_error_and_saves_nothing(db, bad):
    with pytest.raises(ValidationError) as error:
        record_create(title="Sách lỗi", isbn=bad)
    assert "isbn" in error.value.message_dict
    assert not Record.objects.exists()


@pytest.fixture
def shelf(db):
    return {
        "de_men": record_create(
            title="Dế Mèn phiêu lưu ký",
            authors="Tô Hoài",
            isbn="978-0-306-40615-7",
            subjects="Truyện thiếu nhi; Văn học Việt Nam",
            reading_level="children",
        ),
        "dat_rung": record_create(
            title="Đất rừng phương Nam", authors="Đoàn Giỏi", subjects="Tiểu thuyết", reading_level="teen"
        ),
        "kinh_van": record_create(
            title="Kính vạn hoa", authors="Nguyễn Nhật Ánh", subjects="Truyện thiếu nhi", reading_level="children"
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("de men phieu luu ky", ["de_men"]),
        ("dat rung phuong nam", ["dat_rung"]),
        ("DOAN GIOI", ["dat_rung"]),
        ("to hoai", ["de_men"]),
        ("truyen thieu nhi", ["de_men", "kinh_van"]),
        ("0-306-40615-2", ["de_men"]),
        ("nguyễn nhật ánh", ["kinh_van"]),
        ("không có", []),
    ],
)
def test_search_ignores_diacritics_and_finds_authors_subjects_isbn(shelf, query, expected):
    found = list(record_search(query=query))
    assert found == sorted((shelf[k] for k in expected), key=lambda r: r.title)


def test_search_by_barcode_and_filters(shelf, depot, vehicle):
    copy = CopyFactory(record=shelf["kinh_van"], library=depot, barcode="CT-000123")
    CopyFactory(record=shelf["de_men"], library=depot)
    assert list(record_search(query="CT-000123")) == [shelf["kinh_van"]]
    copy_move(copy=copy, kind="load", to=Holder.vehicle(vehicle))
    assert list(record_search(vehicle_id=vehicle.id)) == [shelf["kinh_van"]]
    assert list(record_search(reading_level="teen")) == [shelf["dat_rung"]]
    assert list(record_search(library_id=depot.id, status="available")) == [shelf["de_men"]]


def test_updating_a_record_refolds_its_search_text(shelf):
    record_update(record=shelf["kinh_van"], data={"title": "Cho tôi xin một vé đi tuổi thơ"})
    assert list(record_search(query="ve di tuoi tho")) == [shelf["kinh_van"]]
