"""ETA: from the bus's last GPS fix and the remaining stops, on the run sheet, the coordinators' and schools' API,
the school's page and the live map; a new ping moves it."""

import datetime

from django.urls import reverse
from django.utils import timezone

from backend.crew.eta import visit_etas
from tests.backend.factories import UserFactory


def ping(phone, vehicle, at, latitude, longitude):
    body = {"pings": [{"vehicle": vehicle.id, "at": at.isoformat(), "latitude": latitude, "longitude": longitude}]}
    response = phone.post("/api/mobile/v1/positions/", body, format="json")
    assert response.status_code in (200, 201), response.content


def test_the_eta_of_the_remaining_stops_moves_on_with_each_ping(phone, day, vehicle, client_for, coordinator, client):
    visits = day["visits"]
    first = visits[0].site
    now = timezone.now().replace(microsecond=0)
    assert visit_etas(visits=visits) == {}  # no fix today: no ETA

    ping(phone, vehicle, now - datetime.timedelta(minutes=2), first.latitude + 0.2, first.longitude)  # ~29 km off
    far = visit_etas(visits=visits)
    ping(phone, vehicle, now - datetime.timedelta(minutes=1), first.latitude + 0.01, first.longitude)  # ~1.4 km
    near = visit_etas(visits=visits)

    assert set(far) == set(near) == {v.id for v in visits}
    assert near[visits[0].id].expected_at < far[visits[0].id].expected_at
    drive_s = (far[visits[0].id].expected_at - now).total_seconds()
    assert 40 * 60 < drive_s < 80 * 60  # 22 km × 1.3 at 35 km/h: about 50 minutes
    for before, after in zip(visits, visits[1:], strict=False):  # each stop after the one before it, and its stay
        stay = datetime.datetime.combine(day["route"].date, before.departs_at) - datetime.datetime.combine(
            day["route"].date, before.arrives_at
        )
        assert near[after.id].expected_at > near[before.id].expected_at + stay

    sheet = phone.get("/api/mobile/v1/run-sheet/").json()
    stop = sheet["routes"][0]["stops"][0]
    assert stop["eta"]["expected_at"] == near[visits[0].id].expected_at.isoformat()
    listed = {v["id"]: v["eta"] for v in client_for(coordinator).get("/api/v1/visits/").json()["results"]}
    assert listed[visits[0].id]["late_minutes"] == near[visits[0].id].late_minutes

    contact = UserFactory(role="school_contact", school=first.school)
    client.force_login(contact)
    response = client.get(reverse("visits:request-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert timezone.localtime(near[visits[0].id].expected_at).strftime("%H:%M") in page


def test_a_stop_reached_has_no_eta_and_the_next_is_counted_from_it(phone, day, vehicle):
    from tests.mobile_api.conftest import event

    visits = day["visits"]
    now = timezone.now().replace(microsecond=0)
    arrived = phone.post(
        "/api/mobile/v1/sync/",
        {"events": [event("arrive", visits[0], at=now - datetime.timedelta(minutes=5))]},
        format="json",
    )
    assert arrived.status_code == 200
    ping(phone, vehicle, now - datetime.timedelta(minutes=4), visits[0].site.latitude, visits[0].site.longitude)

    etas = visit_etas(visits=visits)

    assert visits[0].id not in etas and visits[1].id in etas
    stay = datetime.datetime.combine(now.date(), visits[0].departs_at) - datetime.datetime.combine(
        now.date(), visits[0].arrives_at
    )
    assert etas[visits[1].id].expected_at >= now - datetime.timedelta(minutes=5) + stay
