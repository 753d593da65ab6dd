"""The catalogue pages: search as you type (diacritics and case ignored), a record with where each copy is, a
copy's ledger history in words, withdrawing with a reason, and importing with a preview and nothing half-saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.stock.models import Copy, Movement, Record
from backend.stock.services import Holder, collection_create, collection_deposit, copy_move
from tests.backend.factories import CopyFactory, LibraryFactory, RecordFactory, rotatable_copies

pytestmark = pytest.mark.django_db
GOOD_CSV = "title,authors,isbn,barcode\nĐất rừng phương Nam,Đoàn Giỏi,,IMP-0001\nTuổi thơ dữ dội,Phùng Quán,,IMP-0002\n"
BAD_CSV = GOOD_CSV + "Kính vạn hoa,Nguyễn Nhật Ánh,12345,IMP-0003\n"


def test_search_ignores_diacritics_and_case_and_answers_htmx_with_the_results_alone(
    client, coordinator, depot, django_assert_max_num_queries
):
    CopyFactory(library=depot, record=RecordFactory(title="Đất rừng phương Nam"))
    RecordFactory(title="Tuổi thơ dữ dội")
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get("/console/catalogue/", {"q": "DAT rung"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Đất rừng phương Nam" in page and "Tuổi thơ" not in page and "<html" not in page
    assert "1 / 1" in page
    full = client.get("/console/catalogue/", {"q": "dat"}).content.decode()
    assert "<html" in full and 'hx-trigger="input changed delay:300ms, search"' in full


def test_a_copys_history_reads_in_words_and_it_can_be_withdrawn(client, coordinator, depot, vehicle, site):
    site.school.library = LibraryFactory(kind="school", commune=site.commune)
    site.school.save()
    members = rotatable_copies(depot, 1)
    collection = collection_create(code="LC-TN-02", name="Tủ sách 02", library=depot, copies=members)
    from backend.stock.services import collection_move

    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    collection_deposit(collection=collection, site=site)
    copy = members[0]
    client.force_login(coordinator)
    page = client.get(f"/console/catalogue/copies/{copy.pk}/").content.decode()
    assert vehicle.plate_number in page and site.name in page and "LC-TN-02" in page
    assert "vehicle:" not in page and "library:" not in page
    record_page = client.get(f"/console/catalogue/records/{copy.record_id}/").content.decode()
    assert site.school.library.name in record_page
    loose = CopyFactory(library=depot)
    empty = client.post(f"/console/catalogue/copies/{loose.pk}/", {"reason": ""})
    assert empty.status_code == 400 and Movement.objects.filter(copy=loose).count() == 1
    client.post(f"/console/catalogue/copies/{loose.pk}/", {"reason": "Rách nát, không sửa được"})
    loose.refresh_from_db()
    assert loose.status == "withdrawn"
    assert Movement.objects.filter(copy=loose).latest("pk").reason == "Rách nát, không sửa được"


def test_a_copy_on_loan_cannot_be_withdrawn_and_the_page_says_why(client, coordinator, depot, vehicle):
    copy = CopyFactory(library=depot)
    copy_move(copy=copy, kind="lost")
    copy_move(copy=copy, kind="withdraw", reason="x")
    client.force_login(coordinator)
    page = client.get(f"/console/catalogue/copies/{copy.pk}/").content.decode()
    assert 'name="reason"' not in page  # already withdrawn: no form


def test_an_import_with_a_bad_line_saves_nothing_and_names_the_line(client, coordinator, depot):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("sach.csv", BAD_CSV.encode(), content_type="text/csv")
    response = client.post("/console/catalogue/import/", {"file": upload, "library": depot.pk})
    assert response.status_code == 400
    rejected = response.context["report"].rejected
    assert [r["row"] for r in rejected] == [4]
    assert Record.objects.count() == 0 and Copy.objects.count() == 0
    assert 'name="confirm"' not in response.content.decode()


def test_an_import_is_previewed_then_confirmed(client, coordinator, depot):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("sach.csv", GOOD_CSV.encode(), content_type="text/csv")
    preview = client.post("/console/catalogue/import/", {"file": upload, "library": depot.pk})
    assert preview.status_code == 200 and preview.context["report"].copies_created == 2
    assert Copy.objects.count() == 0
    client.post("/console/catalogue/import/", {"confirm": "1"})
    assert set(Copy.objects.values_list("barcode", flat=True)) == {"IMP-0001", "IMP-0002"}
    assert all(c.holder_library_id == depot.pk for c in Copy.objects.all())


def test_a_file_that_is_not_csv_or_marc_is_refused(client, coordinator, depot):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("anh.png", b"\x89PNG...", content_type="image/png")
    response = client.post("/console/catalogue/import/", {"file": upload, "library": depot.pk})
    assert response.status_code == 400 and "anh.png" in response.content.decode()
    broken = SimpleUploadedFile("sach.csv", b"\xff\xfe\x00bad", content_type="text/csv")
    response = client.post("/console/catalogue/import/", {"file": broken, "library": depot.pk})
    assert response.status_code == 400 and response.context["form"].errors["file"]


def test_an_import_over_the_size_limit_is_refused_with_the_limit_named(client, coordinator, depot, settings):
    settings.BOOKBUS = {**settings.BOOKBUS, "IMPORT_MAX_BYTES": 1024}
    client.force_login(coordinator)
    upload = SimpleUploadedFile("sach.csv", GOOD_CSV.encode() + b"\n" * 1024, content_type="text/csv")

    response = client.post("/console/catalogue/import/", {"file": upload, "library": depot.pk})

    assert response.status_code == 413
    assert response.context["upload_error"] in response.content.decode()
    assert "KB" in response.context["upload_error"]
    assert Record.objects.count() == 0 and Copy.objects.count() == 0


def test_the_import_page_still_checks_the_csrf_token(coordinator, depot):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("sach.csv", GOOD_CSV.encode(), content_type="text/csv")

    response = client.post("/console/catalogue/import/", {"file": upload, "library": depot.pk})

    assert response.status_code == 403
    assert Copy.objects.count() == 0
