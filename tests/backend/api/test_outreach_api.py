"""Coordinators' API for events and donation drives: create, edit, plan, report an event; drives, donors and gifts
whose copies enter the catalogue; bad input gets 400 with field messages, reporting too early 409, others 403."""

import datetime

import pytest
from django.utils import timezone

from backend.outreach.models import Event
from backend.stock.models import Copy, CopySource

pytestmark = pytest.mark.django_db


def test_an_event_through_the_api(client_for, coordinator, site):
    api = client_for(coordinator)
    bad = api.post("/api/v1/events/", {"name": "x", "kind": "book_day", "starts_on": "2026-04-21",
                                       "ends_on": "2026-04-20", "sites": [site.pk]}, format="json")  # fmt: skip
    assert bad.status_code == 400 and "ends_on" in bad.json()["extra"]["fields"]
    unknown = api.post("/api/v1/events/", {"name": "x", "starts_on": "2026-04-21", "ends_on": "2026-04-21",
                                           "sites": [site.pk], "activities": ["karaoke"]}, format="json")  # fmt: skip
    assert unknown.status_code == 400
    book_day = {"name": "Ngày Sách 2026", "kind": "book_day", "starts_on": "2026-04-21", "ends_on": "2026-04-21",
                "sites": [site.pk], "activities": ["storytelling"]}  # fmt: skip
    created = api.post("/api/v1/events/", book_day, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api.patch(f"/api/v1/events/{pk}/", {"name": "Ngày Sách và Văn hóa đọc"}, format="json").status_code == 200
    reported = api.post(f"/api/v1/events/{pk}/report/", {"participants_total": 320, "participants_children": 250},
                        format="json")  # fmt: skip
    assert reported.status_code == 200 and reported.json()["participants_total"] == 320
    assert Event.objects.get(pk=pk).name == "Ngày Sách và Văn hóa đọc"
    listed = api.get("/api/v1/events/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["participants_total"] for r in rows] == [320]
    future = timezone.localdate() + datetime.timedelta(days=5)
    later = api.post("/api/v1/events/", {"name": "Tuần lễ học tập suốt đời", "kind": "lifelong_week",
                     "starts_on": future.isoformat(), "ends_on": future.isoformat(), "sites": [site.pk]},
                     format="json").json()["id"]  # fmt: skip
    assert api.post(f"/api/v1/events/{later}/report/", {"participants_total": 5}, format="json").status_code == 409
    planned = api.post(f"/api/v1/events/{later}/plan/", format="json")
    assert planned.status_code == 200 and len(planned.json()["requested"]) == 1


def test_a_drive_and_a_gift_through_the_api(client_for, coordinator, driver, depot):
    api = client_for(coordinator)
    assert client_for(driver).get("/api/v1/donation-drives/").status_code == 403
    new_drive = {"name": "Sách cho em", "starts_on": "2026-03-01", "ends_on": "2026-04-30", "organiser": "Đoàn phường",
                 "library": depot.pk}  # fmt: skip
    drive = api.post("/api/v1/donation-drives/", new_drive, format="json")
    assert drive.status_code == 201, drive.content
    donor = api.post("/api/v1/donors/", {"kind": "person", "full_name": "Phạm Thị Mai"}, format="json").json()
    assert donor["name"] == "Phạm Thị Mai" and donor["given_name"] == "Mai"
    gift_url = f"/api/v1/donation-drives/{drive.json()['id']}/gifts/"
    bad = api.post(gift_url, {"donor": donor["id"], "received_on": "2026-03-03", "copies": 1,
                              "items": [{"barcode": "QG9"}]}, format="json")  # fmt: skip
    assert bad.status_code == 400 and not Copy.objects.filter(barcode="QG9").exists()
    items = [{"barcode": "QG9", "title": "Cho tôi xin một vé đi tuổi thơ"}]
    gift = api.post(gift_url, {"donor": donor["id"], "received_on": "2026-03-03", "copies": 4, "items": items},
                    format="json")  # fmt: skip
    assert gift.status_code == 201 and gift.json()["catalogued"] == ["QG9"]
    assert Copy.objects.get(barcode="QG9").source == CopySource.DONATION
    donors = api.get(f"/api/v1/donation-drives/{drive.json()['id']}/donors/").json()
    assert donors == [{"donor": donor["id"], "name": "Phạm Thị Mai", "copies": 4, "catalogued": 1,
                       "gifts": [{"id": gift.json()["id"], "received_on": "2026-03-03", "copies": 4}]}]  # fmt: skip
