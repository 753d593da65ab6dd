"""Names in Vietnamese order: stored family, middle, given; shown "Trần Văn Hùng"; lists sorted by given name."""

import pytest

from backend.core.names import name_parts, name_sort_key, person_name, user_name
from backend.core.numbers import vn_number, vn_percent
from backend.stock.services import reader_register


def test_a_name_reads_family_middle_given():
    assert person_name("Trần", "Văn", "Hùng") == "Trần Văn Hùng"
    assert person_name("Lê", "", "Mai") == "Lê Mai"
    assert name_parts("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
    assert name_parts("Hùng") == ("", "", "Hùng")


def test_people_sort_by_given_name_then_family_name_ignoring_diacritics():
    people = [("Trần", "Văn", "Hùng"), ("Nguyễn", "Thị", "Anh"), ("Lê", "Văn", "Hùng"), ("Đỗ", "", "Ánh")]
    ordered = sorted(people, key=lambda p: name_sort_key(*p))
    assert [person_name(*p) for p in ordered] == ["Đỗ Ánh", "Nguyễn Thị Anh", "Lê Văn Hùng", "Trần Văn Hùng"]


@pytest.mark.django_db
def test_users_and_readers_show_their_names_in_vietnamese_order(django_user_model, client):
    user = django_user_model.objects.create_user(
        "hung", password="x-Secret-42", first_name="Hùng", middle_name="Văn", last_name="Trần", role="coordinator"
    )
    assert user.get_full_name() == user_name(user) == "Trần Văn Hùng"
    reader = reader_register(card_number="CT-1", full_name="Phạm Thảo Vy")
    assert (reader.family_name, reader.middle_name, reader.given_name) == ("Phạm", "Thảo", "Vy")

    client.force_login(user)
    assert "Trần Văn Hùng" in client.get("/reports/").content.decode()


def test_numbers_have_the_thousands_dot_and_the_decimal_comma():
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(12345.67, 1) == "12.345,7"
    assert vn_percent(8.2) == "8,2 %"
    assert vn_number(None) == ""
