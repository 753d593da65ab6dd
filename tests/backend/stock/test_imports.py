"""Tests of importing the catalogue from CSV and MARC 21, with reports, idempotent re-import and bad input."""

from pathlib import Path

import pytest

from backend.stock.catalogue.imports import ImportFileError, catalogue_import_csv, catalogue_import_marc
from backend.stock.catalogue.selectors import record_search
from backend.stock.catalogue.titles import TITLES
from backend.stock.models import Copy, Movement, Record
from backend.stock.verify import ledger_verify

SAMPLES = Path(__file__).resolve().parents[3] / "backend" / "stock" / "catalogue" / "samples"


def test_the_example_csv_imports_and_reimporting_changes_nothing(depot, coordinator):
    data = (SAMPLES / "catalogue_example.csv").read_bytes()
    report = catalogue_import_csv(data=data, library=depot, by=coordinator)

    assert (report.records_created, report.copies_created, report.rejected) == (4, 4, [])
    assert Copy.objects.filter(holder_library=depot).count() == 4
    de_men = Record.objects.get(title="Dế Mèn phiêu lưu ký")
    assert de_men.isbn == "9786049000010" and de_men.copies.count() == 2
    assert Copy.objects.get(barcode="CT000102").donor == "Quỹ Sách Việt"

    again = catalogue_import_csv(data=data, library=depot, by=coordinator)
    assert (again.records_created, again.records_updated, again.copies_created, again.copies_updated) == (0, 0, 0, 0)
    assert again.records_unchanged == 5 and again.copies_unchanged == 4
    assert Movement.objects.count() == 4 and ledger_verify().ok


@pytest.mark.parametrize(("fmt", "name"), [("iso2709", "catalogue_vn.mrc"), ("marcxml", "catalogue_vn.xml")])
def test_the_vietnamese_marc_file_imports_end_to_end(depot, fmt, name):
    data = (SAMPLES / name).read_bytes()
    report = catalogue_import_marc(data=data, fmt=fmt, library=depot)

    assert report.records_created == len(TITLES) and report.copies_created == 2 * len(TITLES)
    assert not report.rejected
    (record,) = record_search(query="dat rung phuong nam")
    assert (record.title, record.authors, record.publisher, record.year) == (
        "Đất rừng phương Nam",
        "Đoàn Giỏi",
        "NXB Kim Đồng",
        2019,
    )
    assert record.reading_level == "teen" and record.language == "vie" and record.ddc == "895.9223"
    assert Copy.objects.get(barcode="CT000201").shelf_mark == "895.9223"
    again = catalogue_import_marc(data=data, fmt=fmt, library=depot)
    assert again.records_unchanged == len(TITLES) and again.copies_created == 0 and again.records_updated == 0


BAD_CSV = """title,isbn,barcode,year,price
Sách tốt,,GOOD-1,2020,50000
Sai mã ISBN,978-0-306-40615-8,BAD-1,2020,
,,NO-TITLE,2020,
Năm sai,,BAD-2,khoảng 2000,
Giá sai,,BAD-3,2020,-5
Mã trùng,,GOOD-1,2021,
"""


def test_bad_rows_are_rejected_with_row_and_reason_and_good_rows_go_in(depot):
    report = catalogue_import_csv(data=BAD_CSV, library=depot)

    assert [r["row"] for r in report.rejected] == [3, 4, 5, 6, 7]
    assert "isbn" in report.rejected[0]["reason"] and "title" in report.rejected[1]["reason"]
    assert "GOOD-1" in report.rejected[4]["reason"]
    assert list(Copy.objects.values_list("barcode", flat=True)) == ["GOOD-1"]


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(depot):
    report = catalogue_import_csv(data=BAD_CSV, library=depot, all_or_nothing=True)
    assert report.rolled_back and len(report.rejected) == 5 and report.records_created == 0
    assert not Record.objects.exists() and not Movement.objects.exists()


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda lib: catalogue_import_csv(data=b"ten,tac_gia\nx,y\n", library=lib), "import_file_unreadable"),
        (lambda lib: catalogue_import_csv(data="title\n".encode("utf-16"), library=lib), "import_file_unreadable"),
        (lambda lib: catalogue_import_marc(data=b"not marc at all", library=lib), "import_file_unreadable"),
        (lambda lib: catalogue_import_marc(data=b"<xml", fmt="marcxml", library=lib), "import_file_unreadable"),
    ],
)
def test_an_unreadable_file_is_rejected_whole(depot, call, code):
    with pytest.raises(ImportFileError) as error:
        call(depot)
    assert error.value.code == code
    assert not Record.objects.exists()


def test_a_row_without_isbn_matches_the_record_already_there_and_rejected_rows_count_nothing(depot):
    from tests.backend.factories import RecordFactory

    existing = RecordFactory(title="Đất rừng phương Nam", authors="Đoàn Giỏi", year=2019, isbn="9786049000027")
    data = "title,authors,year,barcode\nĐất rừng phương Nam,Đoàn Giỏi,2019,CT-1\nQuê nội,Võ Quảng,2017,CT-1\n"
    report = catalogue_import_csv(data=data, library=depot)
    assert existing.copies.get().barcode == "CT-1"
    assert (report.records_created, report.records_unchanged, report.copies_created) == (0, 1, 1)
    assert [r["row"] for r in report.rejected] == [3]
    assert not Record.objects.filter(title="Quê nội").exists()


def test_a_marc_record_without_fields_008_and_001_imports(depot, coordinator):
    import pymarc

    record = pymarc.Record(force_utf8=True)
    record.add_field(pymarc.Field(tag="245", indicators=["0", "0"], subfields=[pymarc.Subfield("a", "Tắt đèn")]))
    record.add_field(pymarc.Field(tag="952", indicators=[" ", " "], subfields=[pymarc.Subfield("p", "NO008-1")]))

    report = catalogue_import_marc(data=record.as_marc(), library=depot, by=coordinator)

    assert Record.objects.get(title="Tắt đèn").copies.get().barcode == "NO008-1", report
