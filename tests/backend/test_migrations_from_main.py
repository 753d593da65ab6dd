"""A database made before the apps were rearranged (tours, visits, catalogue, fieldwork) migrates forward keeping
every table and row, and ends with the same schema as a database made from scratch.

``data/demo_at_main_69983ed.sql.gz`` is that database: at commit 69983ed, ``manage.py migrate`` and
``manage.py load_demo`` on PostgreSQL, then ``pg_dump --no-owner --no-privileges``.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DUMP = Path(__file__).with_name("data") / "demo_at_main_69983ed.sql.gz"
MOVED = {
    "tours": {"networkrevision", "planningrun", "plan", "planroute", "plannedvisit", "leftoutvisit"},
    "visits": {"visitrequest"},
    "catalogue": {"record", "copy"},
    "fieldwork": {"visitreport", "positionping", "syncconflict", "reservation"},
}
# Models added after that commit: their tables start empty, and each adds a content type and four permissions.
ADDED_TABLES = {
    "places_ferrylink",
    "places_lodging",
    # Circular 05/2022: crews per trip, absences, handover records, uses, the withdrawal list, closed trips.
    "places_crewabsence",
    "places_tripcrew",
    "places_tripcrewmember",
    "stock_handoverrecord",
    "stock_collectionuse",
    "stock_withdrawalentry",
    "crew_tripclosure",
    # A missed stop: what each reader concerned was told.
    "crew_readernotice",
    # The yearly mobile-library plan and its points.
    "reports_yearplan",
    "reports_yearplanpoint",
    # Events and donation drives.
    "outreach_event",
    "outreach_donationdrive",
    "outreach_donor",
    "outreach_donation",
    "outreach_donatedcopy",
    # The reports' daily and monthly figures, and the days to compute (every day with records, marked on migrating).
    "reports_dayfigures",
    "reports_monthfigures",
    "reports_staleday",
}
# Many-to-many tables of added models: empty too, but no content type or permission of their own.
ADDED_LINK_TABLES = {"outreach_event_sites", "outreach_event_visits", "outreach_event_requests"}
GROWN_WITH_ADDED = {"django_content_type": len(ADDED_TABLES), "auth_permission": 4 * len(ADDED_TABLES)}

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the dump is PostgreSQL's (CI runs it)")


@pytest.fixture
def database_from_main(db):
    """A scratch database holding the dump; dropped afterwards."""
    params = connection.get_connection_params()
    name = f"{params['dbname']}_from_main"
    server = {k: v for k, v in params.items() if k in ("host", "port", "user", "password") and v}
    url = "postgres://{user}{password}@{host}:{port}/{name}".format(
        user=server.get("user", ""),
        password=f":{server['password']}" if server.get("password") else "",
        host=server.get("host", "127.0.0.1"),
        port=server.get("port", 5432),
        name=name,
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    gunzip = subprocess.Popen(["gunzip", "-c", str(DUMP)], stdout=subprocess.PIPE)
    loaded = subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", url], stdin=gunzip.stdout, capture_output=True, text=True
    )
    gunzip.wait()
    assert loaded.returncode == 0, loaded.stderr
    yield url, server | {"dbname": name}, params
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_demo_from_main_migrates_forward_keeping_every_row(db, database_from_main):
    url, params, test_database = database_from_main
    before = _row_counts(params)

    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "backend.config.settings.test"},
        capture_output=True,
        text=True,
    )

    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    after = _row_counts(params)
    assert before["catalogue_copy"] > 0 and before["tours_plannedvisit"] > 0 and before["stock_movement"] > 0
    assert {t: n for t, n in after.items() if t not in ("django_migrations", "reports_staleday")} == {
        **{t: n + GROWN_WITH_ADDED.get(t, 0) for t, n in before.items() if t != "django_migrations"},
        **dict.fromkeys((ADDED_TABLES | ADDED_LINK_TABLES) - {"reports_staleday"}, 0),
    }
    assert after["reports_staleday"] > 0
    with psycopg.connect(**params) as moved:
        labels = set(moved.execute("SELECT app_label, model FROM django_content_type").fetchall())
    assert not {(app, model) for app, models in MOVED.items() for model in models} & labels
    assert {
        ("planning", "plannedvisit"),
        ("stock", "copy"),
        ("stock", "reservation"),
        ("crew", "visitreport"),
    } <= labels
    assert _schema(params) == _schema(test_database)  # the test database is made from scratch


def _row_counts(params: dict) -> dict[str, int]:
    with psycopg.connect(**params) as db:
        tables = [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _schema(params: dict) -> dict[str, set]:
    """Tables with their columns and types, indexes, constraints and triggers: what a migration could lose."""
    queries = {
        "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default IS NULL"
        " FROM information_schema.columns WHERE table_schema = 'public'",
        "indexes": "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public'",
        "constraints": "SELECT conrelid::regclass::text, conname, contype FROM pg_constraint"
        " WHERE connamespace = 'public'::regnamespace",
        "triggers": "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal",
    }
    keep = {k: v for k, v in params.items() if k in ("host", "port", "user", "password", "dbname") and v}
    with psycopg.connect(**keep) as db:
        return {name: set(db.execute(sql).fetchall()) for name, sql in queries.items()}
