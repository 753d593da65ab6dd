"""Test set-up for the whole suite.

Backend fixtures load only when Django is configured, so that ``routing/`` tests also run without Django
(``pytest tests/routing -p no:django``). In CI, ``REQUIRE_POSTGRES=1`` stops the run at once unless the database is
PostgreSQL: tests of locking and races must run there and never skip silently.
"""

import os

import pytest
from django.conf import settings

if settings.configured:
    from tests.backend.browser import chromium_page  # noqa: F401
    from tests.backend.fixtures import *  # noqa: F403


def pytest_configure(config):
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"REQUIRE_POSTGRES=1 but DATABASE_URL points to {engine}")
