"""Tests with real parts: a Celery worker on Redis runs a whole planning run; two schools race on PostgreSQL."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections

from backend.core.exceptions import ApplicationError
from backend.planning.models import Plan, PlannedVisit, PlanningRun, PlanRoute, RunStatus, VisitRequest
from backend.planning.services import planning_run_start, slot_book, slot_offers_for
from tests.backend.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(run_id: int, seconds: float = 90) -> PlanningRun:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = PlanningRun.objects.get(pk=run_id)
        if run.is_finished:
            return run
        time.sleep(0.3)
    raise AssertionError(f"planning run {run_id} did not finish in {seconds} s: {run.phase} {run.percent} %")


@pytest.mark.celery_worker
def test_a_real_worker_carries_out_a_planning_run(celery_redis_worker, client_for, coordinator, network, monday):
    response = client_for(coordinator).post(
        "/api/v1/planning-runs/",
        {
            "starts_on": monday.isoformat(),
            "ends_on": (monday + datetime.timedelta(days=4)).isoformat(),
            "vehicles": [network["vehicle"].id],
            "time_limit_s": 3,
        },
        format="json",
    )
    assert response.status_code == 201, response.content

    seen = set()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        body = client_for(coordinator).get(f"/api/v1/planning-runs/{response.json()['id']}/").json()
        seen.add(body["phase"])
        if body["status"] in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.2)

    assert body["status"] == "succeeded", body
    assert "solving" in seen or "saving" in seen
    assert Plan.objects.get(pk=body["plan"]).routes.exists()


@pytest.mark.celery_worker
def test_a_worker_stops_a_cancelled_run(celery_redis_worker, coordinator, network, monday):
    run = planning_run_start(
        user=coordinator,
        starts_on=monday,
        ends_on=monday + datetime.timedelta(days=27),
        vehicles=[network["vehicle"]],
        time_limit_s=60,
    )
    deadline = time.monotonic() + 30
    while PlanningRun.objects.get(pk=run.pk).status == RunStatus.QUEUED and time.monotonic() < deadline:
        time.sleep(0.1)
    PlanningRun.objects.filter(pk=run.pk).update(cancel_requested=True)

    finished = wait_for(run.pk, seconds=30)

    assert finished.status == RunStatus.CANCELLED
    assert not Plan.objects.filter(run=run).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)")
def test_two_schools_racing_for_the_last_slot_one_wins(coordinator, network, monday):
    from backend.planning.services import plan_publish, planning_run_execute

    # Monday only, 07:00-09:30: room for exactly one visit; every site was visited last week, so none is due.
    vehicle = network["vehicle"]
    vehicle.working_weekdays, vehicle.day_ends_at = [monday.weekday()], datetime.time(9, 30)
    vehicle.save()
    _visited_last_week(network, monday)
    run = planning_run_start(user=coordinator, starts_on=monday, ends_on=monday, vehicles=[vehicle], time_limit_s=1)
    planning_run_execute(run_id=run.pk)
    plan_publish(plan=Plan.objects.get(run=run), user=coordinator)
    assert not PlannedVisit.objects.filter(route__plan__run=run).exists()

    requests = []
    for site in network["sites"][6:8]:
        contact = UserFactory(role="school_contact", school=site.school)
        requests.append(
            VisitRequest.objects.create(
                school=site.school,
                site=site,
                preferred_from=monday,
                preferred_until=monday,
                window_start=datetime.time(7),
                window_end=datetime.time(16, 45),
                students=80,
                created_by=contact,
            )
        )
    offers = [slot_offers_for(request=r) for r in requests]
    assert all(offers), "both schools must be offered a slot before the race"
    outcomes = []
    barrier = threading.Barrier(2)

    def book(request, slot):
        try:
            barrier.wait()
            slot_book(request=request, date=slot.date, vehicle_id=slot.vehicle_id, starts_at=slot.starts_at)
            outcomes.append("booked")
        except ApplicationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(r, o[0])) for r, o in zip(requests, offers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["booked", "slot_taken"]
    assert sorted(VisitRequest.objects.values_list("status", flat=True)) == ["scheduled", "submitted"]
    assert PlannedVisit.objects.filter(route__plan__run=run).count() == 1


def _visited_last_week(network, monday):
    old = Plan.objects.create(
        starts_on=monday - datetime.timedelta(days=7),
        ends_on=monday - datetime.timedelta(days=7),
        network_revision=0,
        status="superseded",
    )
    route = PlanRoute.objects.create(
        plan=old,
        vehicle=network["vehicle"],
        date=monday - datetime.timedelta(days=7),
        starts_at=datetime.time(7),
        ends_at=datetime.time(17),
    )
    for position, site in enumerate(network["sites"], start=1):
        PlannedVisit.objects.create(
            route=route,
            position=position,
            key=f"old{position}",
            site=site,
            arrives_at=datetime.time(8),
            starts_at=datetime.time(8),
            departs_at=datetime.time(9),
            status="done",
        )
