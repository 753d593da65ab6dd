"""Tests that the phone's catalogue, copy and reader look-ups use the ranked search, scoped to the crew (issue 21)."""

import pytest

from backend.stock.catalogue.services import record_create
from backend.stock.services import loan_lend
from tests.backend.factories import CopyFactory, ReaderFactory

URLS = ["/api/mobile/v1/catalogue/", "/api/mobile/v1/copies/lookup/", "/api/mobile/v1/readers/search/"]


@pytest.mark.parametrize("url", URLS)
def test_look_ups_need_a_crew_phone_or_a_coordinator(url, api_client, phone, client_for, coordinator, school_contact):
    assert api_client.get(url, {"q": "de"}).status_code == 401
    assert client_for(school_contact).get(url, {"q": "de"}).status_code == 403
    assert phone.get(url, {"q": "de"}).status_code == 200
    assert client_for(coordinator).get(url, {"q": "de"}).status_code == 200


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 201}])
def test_a_missing_or_overlong_query_is_a_field_error(url, phone, params):
    response = phone.get(url, params)
    assert response.status_code == 400
    assert "q" in response.json()["extra"]["fields"]


def test_the_catalogue_is_ranked_with_an_exact_total(phone, depot):
    kept = record_create(title="Dế Mèn", authors="Tô Hoài")
    record_create(title="Dế Mèn phiêu lưu ký", authors="Tô Hoài", isbn="978-0-306-40615-7")
    record_create(title="Tuổi thơ", authors="Lê Dế Mèn")
    CopyFactory(record=kept, library=depot)

    body = phone.get("/api/mobile/v1/catalogue/", {"q": "dế mèn"}).json()

    assert [r["title"] for r in body["results"]] == ["Dế Mèn", "Dế Mèn phiêu lưu ký", "Tuổi thơ"]
    assert (body["count"], body["count_is_estimate"], body["has_next"]) == (3, False, False)
    assert body["results"][0] == {
        "id": kept.id,
        "title": "Dế Mèn",
        "authors": "Tô Hoài",
        "series": "",
        "isbn": "",
        "reading_level": "all",
        "copies_total": 1,
        "copies_available": 1,
    }
    by_isbn = phone.get("/api/mobile/v1/catalogue/", {"q": "0-306-40615-2"}).json()
    assert [r["title"] for r in by_isbn["results"]] == ["Dế Mèn phiêu lưu ký"]


def test_a_copy_is_found_by_barcode_or_title_only_on_the_crews_bus(phone, stock):
    on_bus, at_depot = stock["on_bus"][0], stock["at_depot"][0]

    scanned = phone.get("/api/mobile/v1/copies/lookup/", {"q": on_bus.barcode}).json()
    elsewhere = phone.get("/api/mobile/v1/copies/lookup/", {"q": at_depot.barcode}).json()
    by_title = phone.get("/api/mobile/v1/copies/lookup/", {"q": on_bus.record.title.upper()}).json()

    assert [c["barcode"] for c in scanned] == [on_bus.barcode]
    assert scanned[0]["holder"]["kind"] == "vehicle" and scanned[0]["title"] == on_bus.record.title
    assert elsewhere == []
    assert on_bus.barcode in {c["barcode"] for c in by_title}
    assert not {c["barcode"] for c in by_title} & {c.barcode for c in stock["at_depot"]}


def test_readers_are_found_by_word_starts_of_their_name_within_scope(phone, stock, client_for, coordinator):
    reader = stock["reader"]
    reader.full_name = "Trần Thị Đào"
    reader.save()
    ReaderFactory(full_name="Trần Văn Bình")  # registered nowhere the crew goes

    found = phone.get("/api/mobile/v1/readers/search/", {"q": "tran d"}).json()
    everyone = client_for(coordinator).get("/api/mobile/v1/readers/search/", {"q": "TRẦN"}).json()

    assert [r["full_name"] for r in found] == ["Trần Thị Đào"]
    assert [r["full_name"] for r in everyone] == ["Trần Thị Đào", "Trần Văn Bình"]


def test_a_crew_sees_the_readers_of_its_stops_not_everyones_personal_data(phone, stock, client_for, driver, other_day):
    ours = stock["reader"]
    lent_on_the_bus = ReaderFactory(full_name="Trần Văn Cường", phone="0909 111 222")
    loan_lend(copy=stock["on_bus"][0], reader=lent_on_the_bus, by=driver)
    elsewhere = ReaderFactory(full_name="Trần Văn Bình", phone="0909 333 444", site=other_day.site, birth_year=1950)

    api = client_for(driver).get("/api/v1/readers/", {"page_size": 100}).json()
    listed = {r["card_number"]: r for r in (api["results"] if isinstance(api, dict) else api)}
    searched = phone.get("/api/mobile/v1/readers/search/", {"q": "tran"}).json()
    by_card = phone.get("/api/mobile/v1/readers/lookup/", {"card": elsewhere.card_number})
    their_loans = phone.get(f"/api/mobile/v1/readers/{elsewhere.pk}/loans/")

    assert set(listed) == {ours.card_number, lent_on_the_bus.card_number}
    assert listed[lent_on_the_bus.card_number]["phone"] == "0909 111 222"
    assert [r["full_name"] for r in searched] == ["Trần Văn Cường"]
    assert by_card.status_code == 200 and "phone" not in by_card.json()
    assert their_loans.status_code == 404
    assert elsewhere.phone not in str(api) + str(searched)
