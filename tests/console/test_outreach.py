"""Events and donation drives in the console: record, edit, plan, report an event; record a drive, a donor, a gift
with copies to catalogue, and print the thank-you letter; each page in a bounded number of queries."""

import datetime

import pytest
from django.utils import timezone

from backend.outreach.donations import DonatedItem, donation_receive, donor_create, drive_create
from backend.outreach.events import event_create
from backend.outreach.models import Donation, Donor, Event
from backend.stock.models import Copy, CopySource
from tests.backend.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drive(depot):
    return drive_create(name="Tủ sách cho em", starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 4, 30),
                        organiser="Thư viện thành phố", library=depot)  # fmt: skip


def test_recording_editing_and_reporting_an_event(client, coordinator, site):
    client.force_login(coordinator)
    bad = client.post("/console/events/new/", {"kind": "book_day", "name": "", "starts_on": "2026-04-21",
                                               "ends_on": "2026-04-20", "sites": [site.pk]})  # fmt: skip
    assert bad.status_code == 400 and Event.objects.count() == 0
    response = client.post("/console/events/new/", {
        "kind": "book_day", "name": "Ngày Sách và Văn hóa đọc Việt Nam 2026", "starts_on": "2026-04-21",
        "ends_on": "2026-04-21", "sites": [site.pk], "activities": ["storytelling", "contest"],
        "expected_participants": "1500",
    })  # fmt: skip
    event = Event.objects.get()
    assert response["Location"].endswith(f"/console/events/{event.pk}/")
    assert event.activities == ["storytelling", "contest"] and list(event.sites.all()) == [site]
    page = client.get(f"/console/events/{event.pk}/").content.decode()
    assert "21/04/2026" in page and "1.500" in page and "kể chuyện" in page
    report = {"participants_total": "2340", "participants_children": "1800", "activities": ["storytelling"]}
    assert client.post(f"/console/events/{event.pk}/report/", report).status_code == 302
    event.refresh_from_db()
    assert (event.participants_total, event.participants_children) == (2340, 1800) and event.is_reported
    listing = client.get("/console/events/").content.decode()
    assert "2.340" in listing and "Ngày Sách và Văn hóa đọc Việt Nam 2026" in listing
    too_many = client.post(f"/console/events/{event.pk}/report/", {"participants_total": "10",
                                                                    "participants_children": "11"})  # fmt: skip
    assert too_many.status_code == 400
    edited = {"kind": "reading_day", "name": "Ngày hội đọc sách", "starts_on": "2026-04-21", "ends_on": "2026-04-22",
              "sites": [site.pk], "expected_participants": "0"}  # fmt: skip
    assert client.post(f"/console/events/{event.pk}/edit/", edited).status_code == 302
    event.refresh_from_db()
    assert event.name == "Ngày hội đọc sách" and event.ends_on == datetime.date(2026, 4, 22)


def test_planning_an_event_from_the_console_requests_a_visit(client, coordinator, site):
    first = timezone.localdate() + datetime.timedelta(days=7)
    event = event_create(sites=[site], name="Tuần lễ hưởng ứng học tập suốt đời", kind="lifelong_week",
                         starts_on=first, ends_on=first + datetime.timedelta(days=6))  # fmt: skip
    client.force_login(coordinator)
    response = client.post(f"/console/events/{event.pk}/plan/", follow=True)
    assert event.requests.count() == 1 and "Đã gắn 0 buổi phục vụ, gửi 1 yêu cầu phục vụ." in response.content.decode()


def test_a_gift_catalogued_from_the_console_and_the_letter(client, coordinator, drive, depot):
    client.force_login(coordinator)
    client.post(f"/console/events/drives/{drive.pk}/donors/", {"kind": "person", "full_name": "Trần Văn Hùng"})
    donor = Donor.objects.get()
    assert (donor.family_name, donor.given_name, donor.name) == ("Trần", "Hùng", "Trần Văn Hùng")
    bad = client.post(f"/console/events/drives/{drive.pk}/gifts/", {"donor": donor.pk, "received_on": "2026-03-10",
                      "copies": "3", "items": "QG1; Dế Mèn phiêu lưu ký\nQG2"})  # fmt: skip
    assert bad.status_code == 400 and Donation.objects.count() == 0
    items = "QG1; Dế Mèn phiêu lưu ký; Tô Hoài\nQG2; Dế Mèn phiêu lưu ký"
    ok = client.post(f"/console/events/drives/{drive.pk}/gifts/",
                     {"donor": donor.pk, "received_on": "2026-03-10", "copies": "1200", "items": items})  # fmt: skip
    assert ok.status_code == 302
    copies = Copy.objects.filter(barcode__in=["QG1", "QG2"])
    expected = {(CopySource.DONATION, "Trần Văn Hùng", depot.pk)}
    assert {(c.source, c.donor, c.holder_library_id) for c in copies} == expected
    page = client.get(f"/console/events/drives/{drive.pk}/").content.decode()
    assert "1.200" in page and "Trần Văn Hùng" in page
    letter = client.get(f"/console/events/drives/{drive.pk}/letters/{donor.pk}/").content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".lower() in letter.lower() and "Độc lập - Tự do - Hạnh phúc" in letter
    assert "Trần Văn Hùng" in letter and "1.200" in letter and "Dế Mèn phiêu lưu ký" in letter
    assert "Cần Thơ, ngày" in letter
    stranger = donor_create(full_name="Ngô Bảo Châu")
    assert client.get(f"/console/events/drives/{drive.pk}/letters/{stranger.pk}/").status_code == 404


def test_the_pages_in_a_bounded_number_of_queries(client, coordinator, drive, django_assert_max_num_queries):
    sites = [SiteFactory() for _ in range(6)]
    for n in range(12):
        day = datetime.date(2026, 1 + n % 12, 1)
        event = event_create(sites=sites[: n % 6 + 1], name=f"Sự kiện {n}", kind="other", starts_on=day,
                             ends_on=day + datetime.timedelta(days=1))  # fmt: skip
    for n in range(8):
        donor = donor_create(full_name=f"Nguyễn Văn Tài {n}")
        donation_receive(drive=drive, donor=donor, received_on=datetime.date(2026, 3, 2), copies=3,
                         items=[DonatedItem(barcode=f"QG{n}-{k}", title=f"Sách {k}") for k in range(2)])  # fmt: skip
    client.force_login(coordinator)
    drives = f"/console/events/drives/{drive.pk}/"
    for path in ["/console/events/", f"/console/events/{event.pk}/", "/console/events/new/",
                 f"/console/events/{event.pk}/edit/", "/console/events/drives/", drives, f"{drives}edit/",
                 f"{drives}letters/{donor.pk}/"]:  # fmt: skip
        with django_assert_max_num_queries(10):  # the same whatever the number of events, donors and gifts
            assert client.get(path).status_code == 200, path
