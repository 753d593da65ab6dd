"""Tests of GPS pings, the proof-of-visit photo, and dues following a re-published plan."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from backend.crew.models import PositionPing, VisitReport
from backend.notifications.models import Notification
from backend.planning.services import plan_publish
from backend.planning.services.problem import network_revision
from backend.stock.models import CollectionStay
from backend.stock.services import loan_lend
from tests.backend.factories import (
    CopyFactory,
    PlannedVisitFactory,
    PlanRouteFactory,
    PublishedPlanFactory,
    ReaderFactory,
    RecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def image_bytes(fmt: str, size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, fmt)
    return out.getvalue()


JPEG = image_bytes("JPEG")


def ping(vehicle, minutes_ago, lat=10.03, lon=105.78):
    at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return {"vehicle": vehicle.id, "at": at.isoformat(), "latitude": lat, "longitude": lon, "accuracy_m": 12}


def test_pings_are_stored_once_and_the_latest_shows_on_the_live_map(phone, vehicle, client_for, coordinator):
    pings = [ping(vehicle, 10), ping(vehicle, 5, lat=10.04), ping(vehicle, 1, lat=10.05)]

    first = phone.post("/api/mobile/v1/positions/", {"pings": pings}, format="json")
    again = phone.post("/api/mobile/v1/positions/", {"pings": pings}, format="json")

    assert first.json() == {"received": 3, "stored": 3} and again.json() == {"received": 3, "stored": 0}
    assert PositionPing.objects.count() == 3
    latest = client_for(coordinator).get("/api/mobile/v1/positions/latest/").json()
    assert [(p["vehicle"], p["latitude"]) for p in latest] == [(vehicle.id, 10.05)]
    assert phone.get("/api/mobile/v1/positions/latest/").json()[0]["latitude"] == 10.05


def test_pings_for_another_vehicle_or_out_of_range_are_400_and_nothing_is_stored(phone, vehicle, other_vehicle):
    other = phone.post(
        "/api/mobile/v1/positions/", {"pings": [ping(vehicle, 2), ping(other_vehicle, 1)]}, format="json"
    )
    wild = phone.post("/api/mobile/v1/positions/", {"pings": [ping(vehicle, 1, lat=123.0)]}, format="json")
    future = phone.post("/api/mobile/v1/positions/", {"pings": [ping(vehicle, -600)]}, format="json")
    empty = phone.post("/api/mobile/v1/positions/", {"pings": []}, format="json")

    assert [r.status_code for r in (other, wild, future, empty)] == [400, 400, 400, 400]
    assert "pings" in other.json()["extra"]["fields"]
    assert not PositionPing.objects.exists()


def test_proof_photo_is_attached_to_the_visit_report(phone, day):
    visit = day["visits"][0]

    response = phone.post(
        f"/api/mobile/v1/visits/{visit.id}/photo/",
        {"photo": SimpleUploadedFile("host.jpg", JPEG, content_type="image/jpeg")},
        format="multipart",
    )

    assert response.status_code == 200, response.content
    report = VisitReport.objects.get(visit=visit)
    assert report.photo.name.endswith(".jpg") and report.photo.read() == JPEG
    assert phone.get(f"/api/mobile/v1/visits/{visit.id}/report/").json()["photo"].endswith(".jpg")


def test_a_photo_that_is_not_an_image_or_for_another_vehicle_is_refused(phone, day, other_day):
    text = SimpleUploadedFile("notes.jpg", b"just some text", content_type="image/jpeg")
    not_image = phone.post(f"/api/mobile/v1/visits/{day['visits'][0].id}/photo/", {"photo": text}, format="multipart")
    photo = SimpleUploadedFile("host.jpg", JPEG, content_type="image/jpeg")
    theirs = phone.post(f"/api/mobile/v1/visits/{other_day.id}/photo/", {"photo": photo}, format="multipart")

    assert not_image.status_code == 400 and not_image.json()["code"] == "invalid_photo"
    assert theirs.status_code == 404
    assert not VisitReport.objects.exclude(photo="").exists()


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_photos_are_kept_with_their_own_extension(phone, day, fmt, extension):
    upload = SimpleUploadedFile("host.bin", image_bytes(fmt), content_type="application/octet-stream")

    response = phone.post(f"/api/mobile/v1/visits/{day['visits'][0].id}/photo/", {"photo": upload}, format="multipart")

    assert response.status_code == 200, response.content
    assert VisitReport.objects.get(visit=day["visits"][0]).photo.name.endswith("." + extension)


@pytest.mark.parametrize(
    "content",
    [
        b"RIFF\x24\x00\x00\x00AVI LIST" + b"\x00" * 64,  # a RIFF file, but a video
        b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64,  # WebP's header and no image
        b"\xff\xd8\xff\xe0" + b"\x00" * 64,  # a JPEG's first bytes and nothing else
        JPEG[: len(JPEG) // 2],  # a JPEG cut in half
    ],
    ids=["riff-video", "webp-header-only", "jpeg-signature-only", "truncated-jpeg"],
)
def test_a_file_that_only_starts_like_an_image_is_refused(phone, day, content):
    upload = SimpleUploadedFile("host.webp", content, content_type="image/webp")

    response = phone.post(f"/api/mobile/v1/visits/{day['visits'][0].id}/photo/", {"photo": upload}, format="multipart")

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_photo"
    assert "photo" in response.json()["extra"]["fields"]
    assert not VisitReport.objects.exclude(photo="").exists()


def test_a_photo_declared_larger_than_the_limit_is_refused_before_its_body_is_read(phone, day):
    body = b"--x\r\nContent-Disposition: form-data; name=photo; filename=a.jpg\r\n\r\n" + JPEG + b"\r\n--x--\r\n"

    # The test server's input refuses any read past the bytes really sent: reading the declared 20 MB would fail.
    response = phone.generic(
        "POST",
        f"/api/mobile/v1/visits/{day['visits'][0].id}/photo/",
        body,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(20 * 1024 * 1024),
    )

    assert response.status_code == 413, response.content
    assert response.json()["code"] == "upload_too_large"
    assert "photo" in response.json()["extra"]["fields"]


def test_a_photo_streamed_past_the_limit_is_refused_at_the_limit(phone, day):
    from backend.crew.services import MAX_PHOTO_BYTES

    upload = SimpleUploadedFile(
        "big.jpg", JPEG + b"\x00" * (MAX_PHOTO_BYTES + 1 - len(JPEG)), content_type="image/jpeg"
    )

    response = phone.post(f"/api/mobile/v1/visits/{day['visits'][0].id}/photo/", {"photo": upload}, format="multipart")

    assert response.status_code == 413, response.content
    assert response.json()["code"] == "upload_too_large"
    assert not VisitReport.objects.exclude(photo="").exists()


def test_loans_and_collections_due_at_a_moved_visit_follow_it_and_the_school_is_told(day, vehicle, coordinator, stock):
    from backend.stock.services import collection_create, collection_deposit

    visit = day["visits"][0]
    old_day = visit.route.date
    contact = UserFactory(role="school_contact", school=visit.site.school, email="hieutruong@example.edu.vn")
    loan = loan_lend(copy=stock["on_bus"][0], reader=ReaderFactory(), site=visit.site, due_on=old_day)
    collection = collection_create(code="LC-9", name="Tủ sách lớp 4", library=vehicle.home_depot)
    title = RecordFactory()  # only titles held in 3 copies or more may rotate
    collection_add = [CopyFactory(record=title, library=vehicle.home_depot) for _ in range(3)][0]
    from backend.stock.services import collection_add_copies

    collection_add_copies(collection=collection, copies=[collection_add])
    stay = collection_deposit(collection=collection, site=visit.site, expected_collection_on=old_day).stay
    CollectionStay.objects.filter(pk=stay.pk).update(deposited_on=old_day - datetime.timedelta(days=30))

    draft = PublishedPlanFactory(status="draft", starts_on=day["plan"].starts_on, network_revision=network_revision())
    moved_to = old_day + datetime.timedelta(days=2)
    route = PlanRouteFactory(plan=draft, vehicle=vehicle, date=moved_to)
    new_visit = PlannedVisitFactory(route=route, position=1, site=visit.site, key=visit.key)

    plan_publish(plan=draft, user=coordinator)

    loan.refresh_from_db()
    stay.refresh_from_db()
    assert loan.due_on == moved_to and stay.expected_collection_on == moved_to
    kinds = set(Notification.objects.filter(recipient=contact).values_list("kind", flat=True))
    assert {"visit_time", "collection_due"} <= kinds
    draft.refresh_from_db()
    assert draft.status == "published" and new_visit.route.plan_id == draft.id


def test_loans_due_at_a_dropped_visit_move_to_the_next_visit_to_the_stop(day, vehicle, coordinator, stock):
    visit = day["visits"][0]
    old_day = visit.route.date
    loan = loan_lend(copy=stock["on_bus"][1], reader=ReaderFactory(), site=visit.site, due_on=old_day)
    draft = PublishedPlanFactory(status="draft", starts_on=day["plan"].starts_on, network_revision=network_revision())
    later = PlanRouteFactory(plan=draft, vehicle=vehicle, date=old_day + datetime.timedelta(days=9))
    PlannedVisitFactory(route=later, position=1, site=visit.site, key=f"{visit.key}-next")

    plan_publish(plan=draft, user=coordinator)

    loan.refresh_from_db()
    assert loan.due_on == later.date
