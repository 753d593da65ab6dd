"""A server worker killed in the middle of a sync: the phone's retry with the same Idempotency-Key succeeds once the
key's lease is over, and every event is applied exactly once. Real parts: gunicorn on PostgreSQL, SIGKILL."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from django.db import connection
from django.utils import timezone

from backend.crew.models import VisitReport
from backend.sync.models import IdempotencyKey, KeyState, RawEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a server process needs a shared database"),
]
ROOT = Path(__file__).resolve().parents[2]
LEASE_S = 15  # longer than gunicorn takes to start a new worker, so the first retry meets a live lease


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server():
    """gunicorn with one worker on the test database; yields its URL and the master's pid."""
    db = connection.settings_dict
    address = f"{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{address}",
        "BOOKBUS_SYNC_IDEMPOTENCY_LEASE_S": str(LEASE_S),
    }
    command = [sys.executable, "-m", "gunicorn", "backend.config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"]
    master = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/api/mobile/v1/me/", timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.3)
    try:
        yield url, master.pid
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)


def _workers(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def test_a_retry_after_a_killed_worker_succeeds_within_the_lease(server, device, day):
    url, master = server
    visit = day["visits"][0]
    events = [
        {
            "id": str(uuid.uuid4()),
            "kind": "activity_note",
            "visit": visit.id,
            "device_time": timezone.now().isoformat(),
            "data": {"note": f"Đọc sách cùng các em, lần {n}"},
        }
        for n in range(500)
    ]
    headers = {"Authorization": f"Bearer {device.plain_token}", "Idempotency-Key": "batch-" + events[0]["id"]}
    (worker,) = _workers(master)

    with httpx.Client(base_url=url, headers=headers, timeout=60) as phone:
        # Another process sends the batch while this one watches the database: the moment the server has claimed the
        # key, its worker is killed.
        body = json.dumps({"events": events})
        sender = subprocess.Popen(
            [sys.executable, "-c", _SEND, url, body, headers["Authorization"], headers["Idempotency-Key"]],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while not IdempotencyKey.objects.filter(state=KeyState.RUNNING).exists():
            assert time.monotonic() < deadline, "the server never claimed the key"
            time.sleep(0.005)
        os.kill(worker, signal.SIGKILL)
        sender.wait(timeout=30)
        killed_at = time.monotonic()

        assert IdempotencyKey.objects.get().state == KeyState.RUNNING  # the request died without an answer
        answers = []
        while True:  # the phone retries with the same key, backing off on 409
            response = phone.post("/api/mobile/v1/sync/", json={"events": events})
            answers.append(response.status_code)
            if response.status_code != 409:
                break
            assert time.monotonic() - killed_at < LEASE_S + 15, answers
            time.sleep(0.5)

    assert answers[0] == 409 and answers[-1] == 200, answers
    results = response.json()["results"]
    assert {r["status"] for r in results} <= {"applied", "duplicate"} and len(results) == 500
    assert RawEvent.objects.count() == 500
    assert VisitReport.objects.get(visit=visit).activity_note == "Đọc sách cùng các em, lần 499"
    assert IdempotencyKey.objects.get().state == KeyState.DONE


_SEND = """
import sys, httpx
url, body, auth, key = sys.argv[1:]
try:
    httpx.post(url + "/api/mobile/v1/sync/", content=body.encode(), timeout=60,
               headers={"Authorization": auth, "Idempotency-Key": key, "Content-Type": "application/json"})
except httpx.HTTPError:
    pass
"""
