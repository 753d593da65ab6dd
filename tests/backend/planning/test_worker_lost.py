"""A Celery worker process killed in the middle of a planning run: the run ends (failed, or cancelled when asked)
within a minute instead of staying ``running``, and can be started again. Real parts: a worker process on Redis
and PostgreSQL, killed with SIGKILL."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from backend.planning.models import Plan, PlanningRun, RunStatus
from tests.backend.planning.conftest import forget_broker_connections

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a shared database"),
]
ROOT = Path(__file__).resolve().parents[3]
BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def broker(settings):
    """This process queues runs on Redis (as a deployment does); the queue starts empty."""
    redis = pytest.importorskip("redis")
    from backend.config.celery import app

    try:
        redis.Redis.from_url(BROKER).delete("celery", "unacked", "unacked_index")
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {BROKER}")
    settings.PLANNING_RUN_STALE_S = 6  # the reaper in this process (the API's)
    app.conf.update(broker_url=BROKER, task_always_eager=False, result_backend=None)
    forget_broker_connections(app)  # an earlier test of this process may have opened pools on memory://
    yield app
    app.conf.update(task_always_eager=True, broker_url="memory://")
    forget_broker_connections(app)
    redis.Redis.from_url(BROKER).delete("celery", "unacked", "unacked_index")


def start_worker() -> subprocess.Popen:
    """A Celery worker process of its own on the test database (a solo pool: the process that runs the job)."""
    db = connection.settings_dict
    address = f"{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{address}",
        "CELERY_BROKER_URL": BROKER,
        "BOOKBUS_PLANNING_RUN_HEARTBEAT_S": "1",
        "BOOKBUS_PLANNING_RUN_STALE_S": "6",
    }
    command = [sys.executable, "-m", "celery", "-A", "backend.config", "worker", "--pool=solo", "-l", "WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill(worker: subprocess.Popen) -> None:
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def wait_until(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"not within {seconds} s: {what}")


def start_run(client, network, monday, time_limit_s: int) -> int:
    body = {
        "starts_on": monday.isoformat(),
        "ends_on": (monday + datetime.timedelta(days=4)).isoformat(),
        "vehicles": [network["vehicle"].id],
        "time_limit_s": time_limit_s,
    }
    response = client.post("/api/v1/planning-runs/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def solving(run_id: int) -> bool:
    return PlanningRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, phase="solving").exists()


def test_a_run_whose_worker_is_killed_ends_failed_and_runs_again(broker, client_for, coordinator, network, monday):
    api = client_for(coordinator)
    worker = start_worker()
    try:
        run_id = start_run(api, network, monday, time_limit_s=8)
        wait_until(lambda: solving(run_id), 90, "the worker took the run")
    finally:
        kill(worker)
    killed_at = time.monotonic()

    ended = wait_until(
        lambda: (body := api.get(f"/api/v1/planning-runs/{run_id}/").json())["status"] != "running" and body,
        60,
        "the dead worker's run ended",
    )

    assert ended["status"] == "failed" and ended["error"], ended  # the message is in the default language (vi)
    assert time.monotonic() - killed_at < 60
    restarted = api.post(f"/api/v1/planning-runs/{run_id}/restart/")
    assert restarted.status_code == 200 and restarted.json()["status"] == "queued", restarted.content
    assert api.post(f"/api/v1/planning-runs/{run_id}/restart/").status_code == 409
    worker = start_worker()
    try:
        done = wait_until(
            lambda: (run := PlanningRun.objects.get(pk=run_id)).is_finished and run, 120, "the restarted run ended"
        )
    finally:
        kill(worker)
    assert done.status == RunStatus.SUCCEEDED, (done.status, done.error)
    assert Plan.objects.get(run=done).routes.exists()


def test_a_run_whose_worker_is_killed_can_be_cancelled(broker, client_for, coordinator, network, monday):
    api = client_for(coordinator)
    worker = start_worker()
    try:
        run_id = start_run(api, network, monday, time_limit_s=60)
        wait_until(lambda: solving(run_id), 90, "the worker took the run")
    finally:
        kill(worker)

    cancelled = api.post(f"/api/v1/planning-runs/{run_id}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["cancel_requested"] is True
    ended = wait_until(
        lambda: (body := api.get(f"/api/v1/planning-runs/{run_id}/").json())["status"] != "running" and body,
        60,
        "the cancelled run ended",
    )
    assert ended["status"] == "cancelled" and ended["error"] == "", ended
    assert not Plan.objects.filter(run_id=run_id).exists()


def test_a_running_run_is_not_restarted(client_for, coordinator, network, monday):
    run = PlanningRun.objects.create(
        starts_on=monday, ends_on=monday, created_by=coordinator, status=RunStatus.RUNNING, phase="solving"
    )

    response = client_for(coordinator).post(f"/api/v1/planning-runs/{run.pk}/restart/")

    assert response.status_code == 409 and response.json()["code"] == "run_not_restartable"
