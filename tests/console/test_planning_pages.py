"""The planning board and a plan's review: runs started and followed, the grid, left-out reasons in words, the
comparison, publishing and its refusals, moves by hand; bounded queries on every page."""

import datetime
import time

import pytest

from backend.planning.models import Plan, PlannedVisit, PlanningRun, PlanStatus, RunStatus
from backend.planning.services import planning_run_execute, planning_run_start
from backend.planning.signals import network_revision_bump
from tests.backend.planning.conftest import celery_redis_worker  # noqa: F401 - a real worker on Redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(coordinator, network, monday):
    run = planning_run_start(
        user=coordinator,
        starts_on=monday,
        ends_on=monday + datetime.timedelta(days=4),
        vehicles=[network["vehicle"]],
        time_limit_s=2,
    )
    run = planning_run_execute(run_id=run.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error
    return Plan.objects.get(run=run)


def _run_form(network, monday, **extra):
    return {
        "starts_on": monday.isoformat(),
        "ends_on": (monday + datetime.timedelta(days=4)).isoformat(),
        "vehicles": [network["vehicle"].pk],
        "time_limit_s": 2,
        **extra,
    }


def test_the_board_lists_plans_and_runs_in_bounded_queries(client, coordinator, draft, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):
        response = client.get("/console/planning/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="/console/planning/plans/{draft.pk}/"' in page and "bản nháp" in page
    assert f'id="run-{draft.run_id}"' in page and "hx-trigger" not in page  # finished runs are not polled
    assert 'aria-current="page"' in page


def test_a_run_started_from_the_board_shows_its_progress_fragment(
    client, coordinator, network, monday, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):  # the eager job, as after a real commit
        response = client.post("/console/planning/runs/", _run_form(network, monday))

    run = PlanningRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#run-{run.pk}")
    fragment = client.get(f"/console/planning/runs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith(f'<tr id="run-{run.pk}"') and "100 %" in fragment
    assert f'href="/console/planning/plans/{run.plan.pk}/"' in fragment


def test_a_run_still_going_is_polled_and_can_be_cancelled(client, coordinator, network, monday):
    run = planning_run_start(
        user=coordinator, starts_on=monday, ends_on=monday, vehicles=[network["vehicle"]], enqueue=False
    )
    client.force_login(coordinator)
    assert 'hx-trigger="every 1s"' in client.get(f"/console/planning/runs/{run.pk}/").content.decode()

    response = client.post(f"/console/planning/runs/{run.pk}/cancel/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200 and PlanningRun.objects.get(pk=run.pk).cancel_requested
    assert planning_run_execute(run_id=run.pk).status == RunStatus.CANCELLED


def test_a_bad_run_form_is_shown_again_with_its_messages_and_nothing_saved(client, coordinator, network, monday):
    client.force_login(coordinator)
    bad = _run_form(network, monday, ends_on=(monday - datetime.timedelta(days=1)).isoformat(), vehicles=[])

    response = client.post("/console/planning/runs/", bad)

    assert response.status_code == 400
    assert len(response.context["start"].errors) == 2
    assert not PlanningRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_a_run_goes_on_in_a_thread_after_the_answer(client, coordinator, network, monday, settings):
    settings.BOOKBUS = {**settings.BOOKBUS, "PLANNING_RUNS_IN_THREAD": True}
    client.force_login(coordinator)

    client.post("/console/planning/runs/", _run_form(network, monday, time_limit_s=4))

    run = PlanningRun.objects.get()
    assert run.status in (RunStatus.QUEUED, RunStatus.RUNNING)  # answered before the solve ended
    deadline = time.monotonic() + 60
    while not run.is_finished and time.monotonic() < deadline:
        time.sleep(0.3)
        run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.percent == 100 and run.best_distance_m


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_with_a_broker_a_real_worker_carries_out_the_console_run(
    celery_redis_worker,  # noqa: F811
    client,
    coordinator,
    network,
    monday,
):
    client.force_login(coordinator)
    client.post("/console/planning/runs/", _run_form(network, monday))
    run = PlanningRun.objects.get()
    deadline = time.monotonic() + 90
    while not run.is_finished and time.monotonic() < deadline:
        time.sleep(0.3)
        run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert "100 %" in client.get(f"/console/planning/runs/{run.pk}/").content.decode()


def test_the_review_shows_the_grid_map_left_out_reasons_and_comparison(
    client, coordinator, draft, django_assert_max_num_queries
):
    draft.left_out.create(key="site:x#1", site=draft.routes.first().visits.first().site, reason="no_room", message="m")
    client.force_login(coordinator)

    with django_assert_max_num_queries(25):
        response = client.get(f"/console/planning/plans/{draft.pk}/")

    page = response.content.decode()
    visits = PlannedVisit.objects.filter(route__plan=draft).select_related("site")
    assert all(f'id="visit-{v.pk}"' in page and v.site.name in page for v in visits)
    assert "không còn chỗ trong ngày của các xe" in page and "site:" not in page
    assert f'src="/maps/plan/{draft.pk}/embed/?date={draft.routes.order_by("date").first().date.isoformat()}"' in page
    assert response.context["comparison"].stale is False
    assert "Xuất bản kế hoạch này" in page


def test_publishing_from_the_review(client, coordinator, draft):
    client.force_login(coordinator)

    response = client.post(f"/console/planning/plans/{draft.pk}/publish/", follow=True)

    draft.refresh_from_db()
    assert draft.status == PlanStatus.PUBLISHED
    assert "đã được xuất bản" in response.content.decode()


def test_a_stale_draft_is_refused_with_a_clear_message(client, coordinator, draft):
    network_revision_bump()
    client.force_login(coordinator)

    page = client.post(f"/console/planning/plans/{draft.pk}/publish/", follow=True).content.decode()

    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT
    assert "Chưa xuất bản" in page and "Mạng lưới đã thay đổi" in page


def test_a_draft_covering_part_of_a_published_plan_is_refused(client, coordinator, draft, network, monday):
    wider = Plan.objects.create(
        starts_on=monday, ends_on=monday + datetime.timedelta(days=10), network_revision=0, status="published"
    )
    wider.routes.create(
        vehicle=network["vehicle"], date=monday + datetime.timedelta(days=9), starts_at="07:00", ends_at="17:00"
    )
    client.force_login(coordinator)

    page = client.post(f"/console/planning/plans/{draft.pk}/publish/", follow=True).content.decode()

    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT
    assert "Chưa xuất bản" in page and f"#{wider.pk}" in page


def test_a_visit_moved_by_hand_and_a_refused_move(client, coordinator, draft, network):
    client.force_login(coordinator)
    visits = list(PlannedVisit.objects.filter(route__plan=draft).select_related("route", "site"))
    visit = visits[0]
    busiest = max({v.route.date for v in visits}, key=lambda d: sum(v.route.date == d for v in visits))
    assert client.get(f"/console/planning/visits/{visit.pk}/move/").status_code == 200

    refused = client.post(
        f"/console/planning/visits/{visit.pk}/move/",
        {"date": busiest.isoformat(), "vehicle": network["vehicle"].pk, "position": 1},
    )
    if visit.route.date != busiest:
        assert refused.status_code == 400 and "Việc chuyển này bị từ chối" in refused.content.decode()
        assert PlannedVisit.objects.get(pk=visit.pk).route_id == visit.route_id

    moved = client.post(
        f"/console/planning/visits/{visit.pk}/move/",
        {"date": visit.route.date.isoformat(), "vehicle": network["vehicle"].pk, "position": ""},
    )
    assert moved.status_code == 302 and PlannedVisit.objects.get(pk=visit.pk).pinned
