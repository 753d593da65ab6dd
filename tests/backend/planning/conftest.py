"""A real Celery worker for the planning tests (the network fixtures are in tests/backend/fixtures.py)."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections


@pytest.fixture
def celery_redis_worker(settings):
    """A real Celery worker (in a thread of this process) consuming from Redis."""
    from backend.config.celery import app

    broker = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
    app.conf.update(broker_url=broker, task_always_eager=False, result_backend=None, broker_connection_retry=False)
    forget_broker_connections(app)

    def close_worker_connections(**kwargs):
        connections.close_all()  # the worker thread's own connection, so the test database can be dropped

    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING"):
            yield app
    finally:
        task_postrun.disconnect(close_worker_connections)
        app.conf.update(task_always_eager=True, broker_url="memory://")
        forget_broker_connections(app)


def forget_broker_connections(app):
    """Drop the pools an earlier test of this process opened on the previous broker, so messages go to this one."""
    app._pool = None
    app.amqp._producer_pool = None
