"""Tests of batch sync and single events: exactly once, per-event answers, bad input, Idempotency-Key."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from backend.crew.models import PositionPing, SyncConflict, VisitReport
from backend.planning.models import PlannedVisit
from backend.sync.models import IdempotencyKey, RawEvent
from tests.mobile_api.conftest import event

pytestmark = pytest.mark.django_db


def sync(phone, events, **headers):
    return phone.post("/api/mobile/v1/sync/", {"events": events}, format="json", **headers)


def test_a_day_of_visit_events_is_applied_and_charged_to_the_visit(phone, day, driver):
    visit = day["visits"][0]
    events = [
        event("arrive", visit, seq=1, latitude=10.03, longitude=105.78, accuracy_m=8),
        event("visitors", visit, seq=2, students=120, adults=6),
        event("activity_note", visit, seq=3, note="Đọc truyện cho lớp 3A"),
        event("proof", visit, seq=4, host_name="Cô Hạnh", host_confirmed=True),
        event("leave", visit, seq=5),
    ]

    response = sync(phone, events)

    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["status"] for r in body["results"]] == ["applied"] * 5
    assert body["summary"] == {"applied": 5, "duplicate": 0, "rejected": 0, "conflict": 0, "waiting": 0}
    assert body["device"]["received_through_seq"] == 5 and body["device"]["missing_seqs"] == []
    report = VisitReport.objects.get(visit=visit)
    assert (report.students, report.adults, report.host_name, report.host_confirmed) == (120, 6, "Cô Hạnh", True)
    assert report.activity_note == "Đọc truyện cho lớp 3A"
    visit.refresh_from_db()
    assert visit.status == "done" and visit.actual_arrival is not None and visit.actual_departure is not None
    assert PositionPing.objects.filter(vehicle=day["route"].vehicle).count() == 1


def test_replaying_a_batch_changes_nothing_and_answers_duplicate(phone, day):
    visit = day["visits"][0]
    events = [event("arrive", visit, seq=1), event("visitors", visit, seq=2, students=30, adults=2)]
    first = sync(phone, events).json()
    report_before = VisitReport.objects.values().get(visit=visit)

    again = sync(phone, events).json()

    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    assert [r["original_status"] for r in again["results"]] == ["applied", "applied"]
    assert [r["result"] for r in again["results"]] == [r["result"] for r in first["results"]]
    assert RawEvent.objects.count() == 2
    assert VisitReport.objects.values().get(visit=visit) == report_before


def test_bad_events_are_rejected_one_by_one_while_the_rest_applies(phone, day, other_day):
    visit = day["visits"][0]
    future = timezone.now() + datetime.timedelta(days=2)
    events = [
        {"id": "not-a-uuid", "kind": "arrive", "visit": visit.id, "device_time": timezone.now().isoformat()},
        event("arrive", other_day),
        event("arrive", visit, at=future),
        event("visitors", visit, students=-3, adults=1),
        event("teleport", visit),
        event("arrive", 999_999),
        event("visitors", visit, students=10, adults=1),
    ]

    body = sync(phone, events).json()

    assert [(r["status"], r.get("code")) for r in body["results"]] == [
        ("rejected", "invalid_event_id"),
        ("rejected", "not_your_visit"),
        ("rejected", "device_time_in_future"),
        ("rejected", "invalid_data"),
        ("rejected", "unknown_kind"),
        ("rejected", "unknown_visit"),
        ("applied", None),
    ]
    assert list(body["results"][3]["fields"]) == ["students"]
    assert VisitReport.objects.get(visit=visit).students == 10
    assert not VisitReport.objects.filter(visit=other_day).exists()
    assert PlannedVisit.objects.get(pk=other_day.pk).status == "planned"


@pytest.mark.parametrize(
    "body", [[], {"events": "x"}, {"nothing": []}, "text"], ids=["list", "events-not-list", "no-events", "text"]
)
def test_a_malformed_batch_is_400_and_stores_nothing(phone, day, body):
    response = phone.post("/api/mobile/v1/sync/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "malformed_batch"
    assert RawEvent.objects.count() == 0


def test_a_batch_over_500_is_400_and_stores_nothing(phone, day):
    events = [event("visitors", day["visits"][0], students=1, adults=0) for _ in range(501)]

    response = sync(phone, events)

    assert response.status_code == 400
    assert response.json()["code"] == "batch_too_large"
    assert response.json()["extra"] == {"max": 500, "received": 501}
    assert RawEvent.objects.count() == 0


def test_the_same_event_id_with_another_body_is_rejected(phone, day):
    first = event("visitors", day["visits"][0], students=5, adults=0)
    sync(phone, [first])
    changed = {**first, "data": {"students": 50, "adults": 0}}

    body = sync(phone, [changed]).json()

    assert body["results"][0]["code"] == "event_id_reused"
    assert VisitReport.objects.get(visit=day["visits"][0]).students == 5


def test_sequence_numbers_report_gaps_and_close_them(phone, day):
    visit = day["visits"][0]
    sync(phone, [event("visitors", visit, seq=n, students=n, adults=0) for n in (1, 2, 5)])

    state = phone.get("/api/mobile/v1/sync/state/").json()
    assert (state["received_through_seq"], state["highest_seq"], state["missing_seqs"]) == (2, 5, [3, 4])

    body = sync(phone, [event("visitors", visit, seq=n, students=n, adults=0) for n in (3, 4)]).json()
    assert body["device"]["received_through_seq"] == 5 and body["device"]["missing_seqs"] == []


def test_a_reused_sequence_number_is_rejected(phone, day):
    visit = day["visits"][0]
    sync(phone, [event("visitors", visit, seq=1, students=1, adults=0)])

    body = sync(phone, [event("visitors", visit, seq=1, students=9, adults=0)]).json()

    assert body["results"][0]["code"] == "seq_reused"
    assert VisitReport.objects.get(visit=visit).students == 1


def test_latest_visitor_count_wins_whatever_the_order(phone, day):
    visit = day["visits"][0]
    now = timezone.now()
    early = event("visitors", visit, at=now - datetime.timedelta(minutes=30), students=10, adults=1)
    late = event("visitors", visit, at=now, students=40, adults=3)

    sync(phone, [late])
    sync(phone, [early])

    report = VisitReport.objects.get(visit=visit)
    assert (report.students, report.adults) == (40, 3)


def test_a_skip_carries_its_cause_for_the_reports(phone, day):
    visit, other = day["visits"][1], day["visits"][2]

    body = sync(
        phone, [event("skip", visit, reason="Cầu bị ngập", cause="road"), event("skip", other, reason="?", cause="x")]
    ).json()

    assert [r["status"] for r in body["results"]] == ["applied", "rejected"]
    assert body["results"][1]["fields"].keys() == {"cause"}
    skipped = PlannedVisit.objects.get(pk=visit.pk)
    assert (skipped.status, skipped.skip_cause, skipped.skip_reason) == ("skipped", "road", "Cầu bị ngập")
    assert PlannedVisit.objects.get(pk=other.pk).status == "planned"


def test_skip_then_arrive_is_a_conflict_for_the_coordinator(phone, day, client_for, coordinator):
    visit = day["visits"][1]
    sync(phone, [event("skip", visit, reason="Cầu bị ngập")])

    body = sync(phone, [event("arrive", visit)]).json()

    result = body["results"][0]
    assert result["status"] == "conflict" and result["code"] == "visit_was_skipped"
    conflict = SyncConflict.objects.get()
    assert result["conflict"] == conflict.id and conflict.visit == visit
    assert PlannedVisit.objects.get(pk=visit.pk).status == "skipped"

    inbox = client_for(coordinator).get("/api/mobile/v1/conflicts/").json()
    assert [c["id"] for c in inbox["results"]] == [conflict.id]
    assert inbox["results"][0]["code"] == "visit_was_skipped"

    resolved = client_for(coordinator).post(
        f"/api/mobile/v1/conflicts/{conflict.id}/resolve/", {"resolution": "accept", "note": "Xe đã đến"}
    )
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["status"] == "accepted"
    assert PlannedVisit.objects.get(pk=visit.pk).status == "done"
    assert client_for(coordinator).get("/api/mobile/v1/conflicts/").json()["results"] == []
    again = client_for(coordinator).post(f"/api/mobile/v1/conflicts/{conflict.id}/resolve/", {"resolution": "dismiss"})
    assert again.status_code == 409 and again.json()["code"] == "conflict_closed"


def test_the_coordinators_api_serves_the_same_inbox_as_the_phone_api(phone, day, client_for, coordinator):
    visit = day["visits"][1]
    sync(phone, [event("skip", visit, reason="Cầu bị ngập"), event("arrive", visit)])
    coordinator_client = client_for(coordinator)

    inbox = coordinator_client.get("/api/v1/conflicts/").json()

    assert inbox == coordinator_client.get("/api/mobile/v1/conflicts/").json()
    (conflict,) = inbox["results"]
    resolved = coordinator_client.post(f"/api/v1/conflicts/{conflict['id']}/resolve/", {"resolution": "dismiss"})
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["status"] == "dismissed"
    assert PlannedVisit.objects.get(pk=visit.pk).status == "skipped"


def test_the_phone_api_inbox_still_takes_a_coordinators_api_token_or_session(coordinator, api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator).key}")
    assert api_client.get("/api/mobile/v1/conflicts/").status_code == 200
    api_client.credentials()
    api_client.force_login(coordinator)
    assert api_client.get("/api/mobile/v1/conflicts/").status_code == 200


def test_conflict_inbox_is_for_coordinators_only(phone, client_for, school_contact, api_client):
    assert phone.get("/api/mobile/v1/conflicts/").status_code == 403
    assert client_for(school_contact).get("/api/mobile/v1/conflicts/").status_code == 403
    assert client_for(None).get("/api/mobile/v1/conflicts/").status_code == 401


def test_an_event_for_a_visit_moved_by_a_new_plan_is_charged_to_its_successor_on_the_same_day(phone, day):
    from tests.backend.factories import PlannedVisitFactory, PlanRouteFactory, PublishedPlanFactory

    old = day["visits"][0]
    day["plan"].status = "superseded"
    day["plan"].save()
    new_plan = PublishedPlanFactory(starts_on=day["plan"].starts_on)
    new_route = PlanRouteFactory(plan=new_plan, vehicle=day["route"].vehicle, date=day["route"].date)
    successor = PlannedVisitFactory(route=new_route, position=1, site=old.site, key=old.key)

    body = sync(phone, [event("arrive", old)]).json()

    assert body["results"][0]["status"] == "applied" and body["results"][0]["result"]["visit"] == successor.id
    assert VisitReport.objects.filter(visit=successor, arrived_at__isnull=False).exists()


def test_single_event_post_answers_with_http_status(phone, day, other_day):
    visit = day["visits"][0]
    one = event("arrive", visit)

    created = phone.post("/api/mobile/v1/events/", one, format="json")
    replay = phone.post("/api/mobile/v1/events/", one, format="json")
    forbidden = phone.post("/api/mobile/v1/events/", event("arrive", other_day), format="json")
    unknown = phone.post("/api/mobile/v1/events/", event("arrive", 987654), format="json")
    invalid = phone.post("/api/mobile/v1/events/", event("visitors", visit, students="many"), format="json")

    assert created.status_code == 201 and created.json()["status"] == "applied"
    assert replay.status_code == 200 and replay.json()["status"] == "duplicate"
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "not_your_visit"
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_visit"
    assert invalid.status_code == 400 and invalid.json()["code"] == "invalid_data"
    assert "students" in invalid.json()["extra"]["fields"]


def test_idempotency_key_replays_the_stored_response(phone, day):
    one = event("visitors", day["visits"][0], students=12, adults=1)

    first = phone.post("/api/mobile/v1/events/", one, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = phone.post("/api/mobile/v1/events/", one, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert RawEvent.objects.count() == 1


def test_idempotency_key_with_another_body_is_422_and_writes_nothing(phone, day):
    phone.post("/api/mobile/v1/events/", event("arrive", day["visits"][0]), format="json", HTTP_IDEMPOTENCY_KEY="k")

    response = phone.post(
        "/api/mobile/v1/events/", event("arrive", day["visits"][1]), format="json", HTTP_IDEMPOTENCY_KEY="k"
    )

    assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"
    assert RawEvent.objects.count() == 1
    assert not VisitReport.objects.filter(visit=day["visits"][1]).exists()


def test_idempotency_key_still_running_is_409(phone, day, driver):
    from backend.sync.services import request_fingerprint

    one = event("arrive", day["visits"][0])
    IdempotencyKey.objects.create(
        user=driver,
        key="busy",
        method="POST",
        path="/api/mobile/v1/events/",
        request_hash=request_fingerprint(method="POST", path="/api/mobile/v1/events/", body=one),
    )

    response = phone.post("/api/mobile/v1/events/", one, format="json", HTTP_IDEMPOTENCY_KEY="busy")

    assert response.status_code == 409 and response.json()["code"] == "idempotency_key_in_progress"
    assert RawEvent.objects.count() == 0


def test_a_rejected_single_event_keeps_its_answer_under_the_same_key(phone, day, other_day):
    bad = event("arrive", other_day)

    first = phone.post("/api/mobile/v1/events/", bad, format="json", HTTP_IDEMPOTENCY_KEY="r")
    again = phone.post("/api/mobile/v1/events/", bad, format="json", HTTP_IDEMPOTENCY_KEY="r")

    assert first.status_code == again.status_code == 403
    assert first.json() == again.json()


def test_sync_needs_a_device_token(client_for, driver, coordinator, day):
    body = {"events": [event("arrive", day["visits"][0])]}
    assert client_for(None).post("/api/mobile/v1/sync/", body, format="json").status_code == 401
    assert client_for(driver).post("/api/mobile/v1/sync/", body, format="json").status_code == 403
    assert client_for(coordinator).post("/api/mobile/v1/sync/", body, format="json").status_code == 403


def _phone_of(user):
    from rest_framework.test import APIClient

    from backend.sync.services import device_register

    _device, token = device_register(user=user, name="Điện thoại khác")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_another_persons_phone_resending_an_event_gets_a_refusal_not_its_answer(phone, day, other_vehicle):
    from backend.places.models import CrewAssignment
    from tests.backend.factories import UserFactory

    stranger = UserFactory(role="driver_librarian")
    CrewAssignment.objects.create(vehicle=other_vehicle, user=stranger, crew_role="librarian")
    first = event("visitors", day["visits"][0], students=5, adults=0)
    own = sync(phone, [first]).json()["results"][0]

    answer = sync(_phone_of(stranger), [first]).json()["results"][0]

    assert own["status"] == "applied"
    assert (answer["status"], answer["code"]) == ("rejected", "event_id_reused")
    assert own["result"] != answer.get("result")
    assert RawEvent.objects.get(event_id=first["id"]).user_id != stranger.pk


def test_the_same_persons_new_phone_gets_the_stored_answer(phone, day, driver):
    first = event("visitors", day["visits"][0], students=5, adults=0)
    sync(phone, [first])

    answer = sync(_phone_of(driver), [first]).json()["results"][0]

    assert answer["status"] == "duplicate"
    assert VisitReport.objects.get(visit=day["visits"][0]).students == 5
