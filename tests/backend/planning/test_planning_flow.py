"""Tests of planning through the API: runs, review, publish, requests and slots, disruptions."""

import datetime

import pytest

import routing
from backend.crew.models import ReaderNotice
from backend.notifications.models import Notification
from backend.places.models import Closure
from backend.planning.models import Plan, PlannedVisit, PlanningRun, PlanStatus, RunStatus, VisitRequest
from backend.planning.services import planning_run_execute, problem_build
from backend.planning.services.plans import plan_to_routing
from backend.stock.services import loan_lend
from tests.backend.factories import CopyFactory, ReaderFactory, UserFactory, VehicleFactory


@pytest.fixture
def coordinator_api(client_for, coordinator):
    return client_for(coordinator)


def start_run(client, network, monday, days=5, time_limit_s=2, **extra):
    body = {
        "starts_on": monday.isoformat(),
        "ends_on": (monday + datetime.timedelta(days=days - 1)).isoformat(),
        "vehicles": [network["vehicle"].id],
        "time_limit_s": time_limit_s,
        **extra,
    }
    return client.post("/api/v1/planning-runs/", body, format="json")


def run_now(response):
    """Carry out the queued run here (the background job itself is tested with a real worker)."""
    assert response.status_code == 201, response.content
    return planning_run_execute(run_id=response.json()["id"])


def planned(client, network, monday, days=5):
    run = run_now(start_run(client, network, monday, days))
    assert run.status == RunStatus.SUCCEEDED, run.error
    return Plan.objects.get(run=run)


def assert_plan_valid(plan: Plan):
    """Re-check the stored plan with the planner's independent checker."""
    built = problem_build(
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        vehicles=list({r.vehicle_id: r.vehicle for r in plan.routes.all()}.values()),
        history_before=plan.starts_on,
    )
    stored, _done = plan_to_routing(plan, built)
    violations = [v for v in routing.check(built.problem, stored) if v.code != "distance"]
    assert violations == []


def test_coordinator_plans_a_week_and_every_site_is_visited(coordinator_api, network, monday):
    plan = planned(coordinator_api, network, monday)

    body = coordinator_api.get(f"/api/v1/plans/{plan.id}/").json()
    visited = {v["site"] for r in body["routes"] for v in r["visits"]}
    assert body["status"] == "draft"
    assert visited == {s.id for s in network["sites"]}
    assert body["left_out"] == []
    assert_plan_valid(plan)


def test_run_reports_progress_and_result(coordinator_api, network, monday):
    run = run_now(start_run(coordinator_api, network, monday))

    body = coordinator_api.get(f"/api/v1/planning-runs/{run.id}/").json()
    assert body["status"] == "succeeded" and body["percent"] == 100 and body["phase"] == "done"
    assert body["plan"] == Plan.objects.get(run=run).id


def test_run_is_idempotent_by_id(coordinator_api, network, monday):
    run = run_now(start_run(coordinator_api, network, monday))

    again = planning_run_execute(run_id=run.id)

    assert again.status == RunStatus.SUCCEEDED
    assert Plan.objects.filter(run=run).count() == 1


def test_cancelled_run_makes_no_plan(coordinator_api, network, monday):
    response = start_run(coordinator_api, network, monday)
    coordinator_api.post(f"/api/v1/planning-runs/{response.json()['id']}/cancel/")

    run = run_now(response)

    assert run.status == RunStatus.CANCELLED
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"vehicles": []}, "validation_error"),
        ({"ends_on": "2020-01-01"}, "empty_horizon"),
    ],
)
def test_bad_runs_are_refused(coordinator_api, network, monday, change, code):
    response = start_run(coordinator_api, network, monday, **change)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not PlanningRun.objects.exists()


def test_run_with_only_retired_vehicles_is_refused(coordinator_api, network, monday):
    network["vehicle"].status = "retired"
    network["vehicle"].save()

    response = start_run(coordinator_api, network, monday)

    assert response.status_code == 400 and response.json()["code"] == "no_active_vehicle"


def test_publish_then_compare_and_drivers_see_only_published(coordinator_api, client_for, network, monday):
    plan = planned(coordinator_api, network, monday)
    driver_api = client_for(network["crew"][0])
    assert driver_api.get(f"/api/v1/plans/{plan.id}/").status_code == 404

    comparison = coordinator_api.get(f"/api/v1/plans/{plan.id}/compare/").json()
    published = coordinator_api.post(f"/api/v1/plans/{plan.id}/publish/")

    assert comparison["stale"] is False and comparison["published_distance_km"] is None
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert driver_api.get(f"/api/v1/plans/{plan.id}/").status_code == 200


def test_new_publication_supersedes_and_every_plan_is_kept(coordinator_api, network, monday):
    first = planned(coordinator_api, network, monday)
    coordinator_api.post(f"/api/v1/plans/{first.id}/publish/")
    second = planned(coordinator_api, network, monday)

    coordinator_api.post(f"/api/v1/plans/{second.id}/publish/")

    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED
    assert Plan.objects.filter(status=PlanStatus.PUBLISHED).get() == second


def test_draft_covering_part_of_a_published_plan_is_not_published(coordinator_api, network, monday):
    second_bus = VehicleFactory(home_depot=network["depot"], crew=[UserFactory(role="driver_librarian")])
    first = planned(coordinator_api, network, monday)
    coordinator_api.post(f"/api/v1/plans/{first.id}/publish/")
    later = planned(coordinator_api, network, monday + datetime.timedelta(days=2))  # Wednesday to Sunday
    response = start_run(coordinator_api, network, monday, vehicles=[second_bus.id])
    other_bus = Plan.objects.get(run=run_now(response))

    for draft in (later, other_bus):
        assert coordinator_api.get(f"/api/v1/plans/{draft.id}/compare/").json()["partly_covered_plans"] == [first.id]
        refused = coordinator_api.post(f"/api/v1/plans/{draft.id}/publish/")

        assert refused.status_code == 409 and refused.json()["code"] == "plan_overlap"
        assert f"#{first.id}" in refused.json()["message"] and refused.json()["extra"]["plans"] == [first.id]
        draft.refresh_from_db()
        assert draft.status == PlanStatus.DRAFT
    assert Plan.objects.filter(status=PlanStatus.PUBLISHED).get() == first


def test_stale_draft_is_not_published(coordinator_api, network, monday):
    plan = planned(coordinator_api, network, monday)
    coordinator_api.patch(f"/api/v1/sites/{network['sites'][0].id}/", {"priority": 5}, format="json")

    response = coordinator_api.post(f"/api/v1/plans/{plan.id}/publish/")

    assert response.status_code == 409 and response.json()["code"] == "stale_draft"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def request_body(site, monday, **overrides):
    return {
        "site": site.id,
        "preferred_from": (monday + datetime.timedelta(days=1)).isoformat(),
        "preferred_until": (monday + datetime.timedelta(days=3)).isoformat(),
        "window_start": "07:30",
        "window_end": "11:00",
        "students": 120,
        "grades": "4, 5",
        "theme": "Ngày Sách",
        **overrides,
    }


@pytest.fixture
def contact(network):
    return UserFactory(role="school_contact", school=network["sites"][0].school, email="thao@school.example")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"preferred_from": "2020-01-01", "preferred_until": "2020-01-02"}, "preferred_from"),
        ({"window_start": "11:00", "window_end": "08:00"}, "window_end"),
        ({"window_start": "18:00", "window_end": "20:00"}, "window_start"),
        ({"students": 0}, "students"),
    ],
)
def test_bad_requests_are_field_errors(client_for, contact, network, monday, overrides, field):
    body = request_body(network["sites"][0], monday, **overrides)

    response = client_for(contact).post("/api/v1/visit-requests/", body, format="json")

    assert response.status_code == 400 and field in response.json()["extra"]["fields"], response.json()
    assert not VisitRequest.objects.exists()


def test_school_cannot_request_for_another_school(client_for, contact, network, monday):
    response = client_for(contact).post(
        "/api/v1/visit-requests/", request_body(network["sites"][1], monday), format="json"
    )

    assert response.status_code == 400
    assert not VisitRequest.objects.exists()


def test_school_books_a_slot_and_sees_it_scheduled(coordinator_api, client_for, contact, network, monday, mailoutbox):
    plan = planned(coordinator_api, network, monday)
    coordinator_api.post(f"/api/v1/plans/{plan.id}/publish/")
    school_api = client_for(contact)
    request_id = school_api.post(
        "/api/v1/visit-requests/", request_body(network["sites"][0], monday), format="json"
    ).json()["id"]

    offers = school_api.get(f"/api/v1/visit-requests/{request_id}/slots/").json()
    booked = school_api.post(f"/api/v1/visit-requests/{request_id}/book/", offers[0], format="json")

    assert booked.status_code == 201, booked.content
    status = school_api.get(f"/api/v1/visit-requests/{request_id}/").json()
    assert status["status"] == "scheduled"
    assert (status["scheduled_date"], status["scheduled_time"][:5]) == (offers[0]["date"], offers[0]["starts_at"][:5])
    upcoming = school_api.get("/api/v1/visits/").json()["results"]
    assert any(v["key"] == f"request:{request_id}" for v in upcoming)
    assert Notification.objects.filter(recipient=contact, kind="request_status").count() == 1
    assert len(mailoutbox) == 0  # e-mail goes out on commit; the test transaction never commits
    assert_plan_valid(plan)


def test_booking_a_slot_that_is_gone_gives_fresh_offers(coordinator_api, client_for, contact, network, monday):
    plan = planned(coordinator_api, network, monday)
    coordinator_api.post(f"/api/v1/plans/{plan.id}/publish/")
    school_api = client_for(contact)
    request_id = school_api.post(
        "/api/v1/visit-requests/", request_body(network["sites"][0], monday), format="json"
    ).json()["id"]

    gone = {"date": monday.isoformat(), "vehicle": network["vehicle"].id, "starts_at": "05:00:00"}
    response = school_api.post(f"/api/v1/visit-requests/{request_id}/book/", gone, format="json")

    assert response.status_code == 409 and response.json()["code"] == "slot_taken"
    assert response.json()["extra"]["offers"]
    assert VisitRequest.objects.get(pk=request_id).status == "submitted"


def test_coordinator_declines_with_a_reason(coordinator_api, client_for, contact, network, monday):
    request_id = (
        client_for(contact)
        .post("/api/v1/visit-requests/", request_body(network["sites"][0], monday), format="json")
        .json()["id"]
    )

    empty = coordinator_api.post(f"/api/v1/visit-requests/{request_id}/decline/", {"reason": " "}, format="json")
    declined = coordinator_api.post(
        f"/api/v1/visit-requests/{request_id}/decline/", {"reason": "Xe bận"}, format="json"
    )

    assert empty.status_code == 400
    assert declined.json()["status"] == "declined"
    assert Notification.objects.get(recipient=contact).body == "Xe bận"


def test_planning_schedules_submitted_requests_on_publish(coordinator_api, client_for, contact, network, monday):
    request_id = (
        client_for(contact)
        .post("/api/v1/visit-requests/", request_body(network["sites"][0], monday), format="json")
        .json()["id"]
    )
    plan = planned(coordinator_api, network, monday)

    assert coordinator_api.get(f"/api/v1/plans/{plan.id}/compare/").json()["requests_satisfied"] == 1
    coordinator_api.post(f"/api/v1/plans/{plan.id}/publish/")

    request = VisitRequest.objects.get(pk=request_id)
    assert request.status == "scheduled"
    assert request.scheduled_visit.route.plan == plan


def test_breakdown_is_replanned_and_the_school_sees_its_new_time(coordinator_api, client_for, contact, network, monday):
    plan = planned(coordinator_api, network, monday)
    coordinator_api.post(f"/api/v1/plans/{plan.id}/publish/")
    school_site = network["sites"][0]
    before = PlannedVisit.objects.get(route__plan=plan, site=school_site)

    response = coordinator_api.post(
        "/api/v1/disruptions/vehicle-out-of-service/",
        {
            "vehicle": network["vehicle"].id,
            "starts_on": before.route.date.isoformat(),
            "ends_on": before.route.date.isoformat(),
            "reason": "Hỏng xe",
            "time_limit_s": 3,
        },
        format="json",
    )
    run = run_now(response)
    draft = Plan.objects.get(run=run)
    published = coordinator_api.post(f"/api/v1/plans/{draft.id}/publish/")

    assert published.status_code == 200, published.content
    assert Closure.objects.filter(kind="vehicle", vehicle=network["vehicle"]).exists()
    after = PlannedVisit.objects.filter(route__plan=draft, site=school_site).first()
    assert after is None or after.route.date != before.route.date
    notes = client_for(contact).get("/api/v1/notifications/").json()["results"]
    assert notes and notes[0]["kind"] in ("visit_time", "visit_cancelled")
    assert draft.stats["changes"]


def test_skipped_visit_is_replanned(coordinator_api, network, monday):
    plan = planned(coordinator_api, network, monday)
    coordinator_api.post(f"/api/v1/plans/{plan.id}/publish/")
    visit = PlannedVisit.objects.filter(route__plan=plan).first()

    bad_cause = coordinator_api.post(
        f"/api/v1/visits/{visit.id}/skip/", {"reason": "?", "cause": "aliens", "replan": False}, format="json"
    )
    response = coordinator_api.post(
        f"/api/v1/visits/{visit.id}/skip/",
        {"reason": "Trường nghỉ đột xuất", "cause": "site_busy", "replan": False},
        format="json",
    )

    assert bad_cause.status_code == 400 and "cause" in bad_cause.json()["extra"]["fields"]
    assert response.status_code == 200 and response.json()["status"] == "skipped"
    assert response.json()["skip_cause"] == "site_busy"
    PlannedVisit.objects.filter(pk=visit.pk).update(status="done")
    made = coordinator_api.post(f"/api/v1/visits/{visit.id}/skip/", {"reason": "x"}, format="json")
    assert made.status_code == 409 and made.json()["code"] == "visit_state"
    other = PlannedVisit.objects.filter(route__plan=plan, status="planned").first()
    no_reason = coordinator_api.post(f"/api/v1/visits/{other.id}/skip/", {"replan": False}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["extra"]["fields"]
    assert PlannedVisit.objects.get(pk=other.pk).status == "planned"


def test_a_crew_s_skip_is_replanned_and_its_loans_and_school_and_readers_follow(
    coordinator_api, client_for, contact, network, monday, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.BOOKBUS = {
        **settings.BOOKBUS,
        "NOTIFICATION_SENDERS": [
            "backend.notifications.senders.EmailSender",
            "backend.notifications.senders.LogSmsSender",
        ],
    }
    plan = planned(coordinator_api, network, monday, days=10)
    coordinator_api.post(f"/api/v1/plans/{plan.id}/publish/")
    site = network["sites"][0]
    skipped = PlannedVisit.objects.filter(route__plan=plan, site=site).order_by("route__date").first()
    reader = ReaderFactory(site=site, phone="0909123456")
    loan = loan_lend(copy=CopyFactory(library=network["depot"]), reader=reader, site=site, due_on=skipped.route.date)
    # What the phone's skip event writes (backend.crew.events.visits.apply_skip).
    PlannedVisit.objects.filter(pk=skipped.pk).update(status="skipped", skip_cause="weather", skip_reason="Ngập")

    response = coordinator_api.post(f"/api/v1/visits/{skipped.id}/skip/", {}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["skip_cause"], response.json()["skip_reason"]) == ("weather", "Ngập")
    run = planning_run_execute(run_id=response.json()["planning_run"])
    draft = Plan.objects.get(run=run)
    with django_capture_on_commit_callbacks(execute=True):  # the messages go out once the publication commits
        published = coordinator_api.post(f"/api/v1/plans/{draft.id}/publish/")

    assert published.status_code == 200, published.content
    make_up = PlannedVisit.objects.filter(route__plan=draft, key=skipped.key).first()
    loan.refresh_from_db()
    assert loan.due_on != skipped.route.date
    if make_up is not None:
        assert loan.due_on == make_up.route.date > skipped.route.date
    notice = ReaderNotice.objects.get(reader=reader)
    assert notice.channels == ["sms"] and loan.due_on.strftime("%d/%m/%Y") in notice.body
    kinds = {n["kind"] for n in client_for(contact).get("/api/v1/notifications/").json()["results"]}
    assert {"visit_time"} <= kinds or {"visit_cancelled"} <= kinds
    assert any(loan.due_on.strftime("%d/%m/%Y") in mail.body for mail in mailoutbox)
