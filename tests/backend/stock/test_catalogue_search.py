"""Tests that the ranked catalogue search orders a small catalogue as a librarian expects (issue 21)."""

import pytest
from django.db import connection

from backend.stock.catalogue.selectors import catalogue_search
from backend.stock.catalogue.services import record_create
from tests.backend.factories import CopyFactory


@pytest.fixture
def shelf(db):
    """Records named for the tier "de men" puts them in, created out of order."""
    make = record_create
    return {
        "author": make(title="Tuổi thơ dữ dội", authors="Lê Dế Mèn"),
        "words_in_title": make(title="Những chú dế ở đồng Mèn", authors="Võ Quảng"),
        "start_2": make(title="Dế Mèn phiêu lưu ký - Tập 2", authors="Tô Hoài"),
        "start": make(title="Dế Mèn phiêu lưu ký", authors="Tô Hoài", isbn="978-0-306-40615-7"),
        "exact": make(title="Dế Mèn", authors="Tô Hoài", series="Tủ sách vàng"),
        "subject": make(title="Chuyện đồng quê", authors="Nguyễn Văn An", subjects="Dế mèn; côn trùng"),
        "dat_rung": make(
            title="Đất rừng phương Nam", authors="Đoàn Giỏi", series="Văn học tuổi mới", subjects="Tiểu thuyết"
        ),
        "other": make(title="Kính vạn hoa", authors="Nguyễn Nhật Ánh"),
    }


def titles(page):
    return [record.title for record in page.results]


def test_exact_title_first_then_title_starts_then_words_in_the_title_then_the_rest(shelf):
    found = catalogue_search(query="Dế Mèn")
    assert titles(found) == [
        "Dế Mèn",
        "Dế Mèn phiêu lưu ký",
        "Dế Mèn phiêu lưu ký - Tập 2",
        "Những chú dế ở đồng Mèn",
        "Chuyện đồng quê",  # author, series and subjects share the last tier, by title
        "Tuổi thơ dữ dội",
    ]
    assert (found.total, found.total_is_estimate, found.has_next) == (6, False, False)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("de men", "Dế Mèn"),
        ("DE MEN PHIEU LUU KY", "Dế Mèn phiêu lưu ký"),
        ("đất rừng", "Đất rừng phương Nam"),
        ("Dat r", "Đất rừng phương Nam"),
        ("đoàn g", "Đất rừng phương Nam"),
        ("van hoc tuoi", "Đất rừng phương Nam"),  # a series
        ("tieu thuy", "Đất rừng phương Nam"),  # a subject
        ("ng nh a", "Kính vạn hoa"),  # a start of each word: Nguyễn Nhật Ánh
        ("kính vạn hoa!", "Kính vạn hoa"),  # punctuation ignored
    ],
)
def test_word_starts_of_title_author_series_and_subject_ignore_diacritics_case_and_d_bar(shelf, query, expected):
    assert titles(catalogue_search(query=query))[0] == expected


def test_d_bar_is_d_in_either_case(shelf):
    assert titles(catalogue_search(query="ĐỒNG")) == ["Chuyện đồng quê", "Những chú dế ở đồng Mèn"]
    assert titles(catalogue_search(query="đ")) == titles(catalogue_search(query="D"))


@pytest.mark.parametrize("query", ["978-0-306-40615-7", "9780306406157", "0-306-40615-2", "0306406152"])
def test_an_isbn_with_or_without_hyphens_finds_its_record(shelf, query):
    assert titles(catalogue_search(query=query)) == ["Dế Mèn phiêu lưu ký"]


def test_an_exact_barcode_finds_its_record_and_a_part_of_one_does_not(shelf, depot):
    CopyFactory(record=shelf["other"], library=depot, barcode="CT-000123")
    assert titles(catalogue_search(query="CT-000123")) == ["Kính vạn hoa"]
    assert titles(catalogue_search(query="CT-0001")) == []


def test_nothing_found_is_an_exact_zero(shelf):
    found = catalogue_search(query="không có sách này")
    assert (found.results, found.total, found.total_is_estimate) == ([], 0, False)


def test_pages_follow_the_ranking_without_repeating(shelf, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        first = catalogue_search(query="de men", page=1, limit=4)
    second = catalogue_search(query="de men", page=2, limit=4)
    assert titles(first) + titles(second) == titles(catalogue_search(query="de men"))
    assert (first.has_next, second.has_next) == (True, False)
    assert second.total == 6 and not second.total_is_estimate


def test_many_hits_are_walked_in_tiers_and_the_total_estimated(shelf, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr("backend.stock.catalogue.search.PROBE_ROWS", 3)  # as if "d" had thousands of hits
    with django_assert_max_num_queries(7):
        found = catalogue_search(query="d", limit=2)
    assert found.has_next and found.total_is_estimate
    assert found.total >= 3  # the estimate is never below what the page has seen
    assert [r.title for r in found.results] == ["Đất rừng phương Nam", "Dế Mèn"]  # title starts, by title


def test_results_carry_their_copy_counts(shelf, depot):
    CopyFactory(record=shelf["exact"], library=depot)
    (record,) = catalogue_search(query="de men", limit=1).results
    assert (record.title, record.copies_total, record.copies_available) == ("Dế Mèn", 1, 1)


def test_filters_narrow_the_ranked_search(shelf, depot):
    CopyFactory(record=shelf["start_2"], library=depot)
    found = catalogue_search(query="de men", library_id=depot.id, status="available")
    assert titles(found) == ["Dế Mèn phiêu lưu ký - Tập 2"]


def test_an_empty_query_lists_by_title(shelf):
    found = catalogue_search(query="", limit=3)
    assert titles(found) == ["Chuyện đồng quê", "Đất rừng phương Nam", "Dế Mèn"]  # by the folded title


@pytest.mark.parametrize("analysed", [False, True])
@pytest.mark.parametrize("query", ["de men", "d", "đồng", "ng nh a", "tuoi", "t", "men"])
def test_walking_the_tiers_ranks_as_reading_every_hit_does(shelf, monkeypatch, query, analysed):
    """With thresholds this small every query is "dense": the tiers are walked in title order in windows of two
    records, and sparse ones read through the index; the page is the one a whole read ranks. ``analysed``: with
    the index statistics that choose between walking and reading through the index (PostgreSQL)."""
    monkeypatch.setattr("backend.stock.catalogue.search_index._cached", {})
    if analysed and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalogue_record")
    whole = catalogue_search(query=query)
    monkeypatch.setattr("backend.stock.catalogue.search.PROBE_ROWS", 1)
    monkeypatch.setattr("backend.stock.catalogue.search.WALK_ROWS", 2)
    monkeypatch.setattr("backend.stock.catalogue.search.LONG_WALK_ROWS", 4)
    walked = catalogue_search(query=query)
    assert titles(walked) == titles(whole)
    assert walked.total >= len(walked.results)


def test_a_new_record_is_found_at_once(shelf):
    record_create(title="Hoàng tử bé", authors="Antoine de Saint-Exupéry")
    assert titles(catalogue_search(query="hoang tu"))[0] == "Hoàng tử bé"
    assert titles(catalogue_search(query="saint ex")) == ["Hoàng tử bé"]
