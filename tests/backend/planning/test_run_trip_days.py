"""A planning run may set, for this run only, the longest trip of each of its buses (issue 18: "per bus and per
trip"): shorter than the bus's own (day trips this month) or longer (a far commune's trip)."""

import datetime

import pytest
from django.test import Client

import routing
from backend.planning.models import Plan, PlanningRun, PlanRoute
from backend.planning.services import problem_build
from backend.planning.services.plans import plan_to_routing, plan_trip_days
from tests.backend.factories import VehicleFactory
from tests.backend.planning import test_trips_and_ferries
from tests.backend.planning.test_planning_flow import run_now

far_trip = test_trips_and_ferries.far_trip  # the fixture: two sites a day's drive away, beside a lodging

URL = "/api/v1/planning-runs/"


def start(client, vehicles, monday, trip_days=None):
    body = {
        "starts_on": monday.isoformat(),
        "ends_on": (monday + datetime.timedelta(days=4)).isoformat(),
        "vehicles": [v.id for v in vehicles],
        "time_limit_s": 3,
    }
    if trip_days is not None:
        body["trip_days"] = trip_days
    return client.post(URL, body, format="json")


def test_a_run_of_day_trips_plans_no_night_for_a_bus_that_may_stay_three(client_for, coordinator, far_trip, monday):
    bus = far_trip["vehicle"]
    bus.max_trip_days = 3
    bus.save()
    response = start(client_for(coordinator), [bus], monday, {str(bus.id): 1})
    assert response.json()["trip_days"] == {str(bus.id): 1}

    run = run_now(response)
    assert run.status == "succeeded", run.error
    assert run.trip_days == {str(bus.id): 1}
    routes = PlanRoute.objects.filter(plan=run.plan)
    assert all(r.trip_day == 1 and r.start_lodging is None and r.end_lodging is None for r in routes)
    assert run.plan.stats.get("nights", 0) == 0
    assert set(run.plan.left_out.values_list("reason", flat=True)) == {"unreachable"}
    bus.refresh_from_db()
    assert bus.max_trip_days == 3  # the bus keeps its own


def test_a_run_may_let_a_day_trip_bus_stay_out(client_for, coordinator, far_trip, monday):
    bus = far_trip["vehicle"]
    bus.max_trip_days = 1
    bus.save()
    run = run_now(start(client_for(coordinator), [bus], monday, {str(bus.id): 2}))

    assert run.status == "succeeded", run.error
    assert not run.plan.left_out.exists()
    assert run.plan.stats["nights"] == 1
    assert plan_trip_days(run.plan) == {bus.id: 2}
    # A move or a slot offer rebuilds the problem with the run's lengths: there the stored two-day trip is valid.
    built = problem_build(
        starts_on=run.plan.starts_on, ends_on=run.plan.ends_on, vehicles=[bus], trip_days=plan_trip_days(run.plan)
    )
    stored, _done = plan_to_routing(run.plan, built)
    assert [v for v in routing.check(built.problem, stored) if v.code != "distance"] == []


@pytest.mark.parametrize(
    ("trip_days", "words"),
    [
        ({"BUS": 0}, "greater than or equal to 1"),
        ({"BUS": 5}, "less than or equal to 4"),
        ({"BUS": "two"}, "valid integer"),
        ({"OTHER": 2}, "not the id of one of this run's buses"),
        ({"abc": 2}, "not the id of one of this run's buses"),
        ([2], "dictionary"),
    ],
)
def test_a_trip_length_out_of_range_is_refused_and_nothing_saved(
    client_for, coordinator, far_trip, monday, trip_days, words, settings
):
    settings.LANGUAGE_CODE = "en"
    bus, other = far_trip["vehicle"], VehicleFactory(home_depot=far_trip["vehicle"].home_depot)
    if isinstance(trip_days, dict):
        trip_days = {str({"BUS": bus.id, "OTHER": other.id}.get(k, k)): v for k, v in trip_days.items()}
    response = start(client_for(coordinator), [bus], monday, trip_days)

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert words in str(body["extra"]["fields"]["trip_days"])
    assert not PlanningRun.objects.exists()


def test_the_console_form_sets_trip_lengths_and_refuses_a_wrong_one(coordinator, far_trip, monday):
    bus = far_trip["vehicle"]
    browser = Client()
    browser.force_login(coordinator)
    form = {
        "starts_on": monday.isoformat(),
        "ends_on": (monday + datetime.timedelta(days=4)).isoformat(),
        "vehicles": [bus.id],
        "time_limit_s": 3,
    }
    page = browser.get("/console/planning/")
    assert f'name="trip_days_{bus.id}"' in page.content.decode()

    refused = browser.post("/console/planning/runs/", form | {f"trip_days_{bus.id}": 9})
    assert refused.status_code == 400
    assert f'id="id_trip_days_{bus.id}"' in refused.content.decode()
    assert "aria-invalid" in refused.content.decode() or "errorlist" in refused.content.decode()
    assert not PlanningRun.objects.exists()

    started = browser.post("/console/planning/runs/", form | {f"trip_days_{bus.id}": 1})
    assert started.status_code == 302
    assert PlanningRun.objects.get().trip_days == {str(bus.id): 1}
    board = browser.get("/console/planning/").content.decode()
    assert f"{bus.plate_number} <small>(chuyến đi tối đa 1 ngày)</small>" in board  # the run's list says it


def test_a_replan_keeps_the_runs_trip_lengths(client_for, coordinator, far_trip, monday):
    bus = far_trip["vehicle"]
    run = run_now(start(client_for(coordinator), [bus], monday, {str(bus.id): 1}))
    browser = Client()
    browser.force_login(coordinator)

    response = browser.post(f"/console/planning/plans/{run.plan.id}/replan/")
    assert response.status_code == 302
    replan = PlanningRun.objects.exclude(pk=run.pk).get()
    assert replan.base_plan == Plan.objects.get(run=run)
    assert replan.trip_days == {str(bus.id): 1}
