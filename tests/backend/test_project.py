"""Tests of the project as a whole: schema, deployment checks, pages, demo data (import direction:
``tests/test_architecture.py``)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from backend.places.models import Closure, Library, Lodging, OpeningWindow, School, ServiceSite, Vehicle

ROOT = Path(__file__).resolve().parents[2]


def test_openapi_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    assert "/api/v1/sites/" in (tmp_path / "schema.yml").read_text()


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.config.settings.production",
        "SECRET_KEY": "x" * 64 + "a-long-random-production-secret-key",
        "ALLOWED_HOSTS": "bookbus.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_home_page_links_docs_and_admin(client):
    html = client.get("/").content.decode()

    assert "/api/docs/" in html and "/admin/" in html


@pytest.mark.django_db
def test_home_page_shows_each_user_the_pages_they_may_open(client, coordinator, school_contact):
    client.force_login(coordinator)
    coordinator_home = client.get("/").content.decode()
    client.force_login(school_contact)
    school_home = client.get("/").content.decode()

    # The schools' page is /requests/; the coordinators' inbox of them is /console/requests/.
    assert "/maps/coverage/" in coordinator_home and 'href="/requests/"' not in coordinator_home
    assert 'href="/requests/"' in school_home and "/maps/coverage/" not in school_home


def test_swagger_ui_is_served_from_local_files(client):
    html = client.get("/api/docs/").content.decode()

    assert "drf_spectacular_sidecar" in html
    assert "cdn" not in html.lower()


def test_english_is_available(client):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()

    assert "Mobile library" in html


@pytest.mark.django_db
def test_admin_pages_open_for_a_coordinator_admin(client, admin_user, site, vehicle):
    client.force_login(admin_user)
    for url in [
        "/admin/",
        "/admin/places/servicesite/",
        f"/admin/places/servicesite/{site.id}/change/",
        "/admin/places/vehicle/",
        "/admin/places/school/?q=doan thi diem",
        "/admin/accounts/user/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    # The history (reports) and the stock have idempotency tests of their own; planning is tested apart.
    call_command("load_demo", "--no-plan", "--no-history", stdout=open(os.devnull, "w"))
    models = [Library, School, ServiceSite, OpeningWindow, Vehicle, Closure, Lodging]
    before = {m: list(m.objects.order_by("pk").values()) for m in models}

    call_command("load_demo", "--no-plan", "--no-history", stdout=open(os.devnull, "w"))

    assert {m: list(m.objects.order_by("pk").values()) for m in models} == before
    assert School.objects.count() >= 60
    assert ServiceSite.objects.filter(school__isnull=True).count() >= 20
    assert Vehicle.objects.count() == 2
    assert Lodging.objects.get().commune.name == "Xã Thạnh An"  # a far commune, where a crew may stay the night


def test_static_files_collect_with_the_manifest_storage_of_make_run(tmp_path, settings):
    # Every file our CSS and JS refer to must exist, or collectstatic (and so `make run`) fails.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    call_command("collectstatic", "--noinput", verbosity=0)

    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("maps/vendor/leaflet-1.9.3/leaflet.*.js"))


def test_production_is_the_default_settings_module():
    """manage.py (like wsgi.py and the Celery app) runs production settings unless told otherwise: without a
    secret key it refuses to start; with one it passes the deploy check."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS")}
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]

    bare = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    configured = subprocess.run(
        command,
        cwd=ROOT,
        env={**env, "SECRET_KEY": "y" * 64 + "-another-long-secret", "ALLOWED_HOSTS": "bookbus.example.org"},
        capture_output=True,
        text=True,
    )

    assert bare.returncode != 0 and "SECRET_KEY" in bare.stderr
    assert configured.returncode == 0, configured.stdout + configured.stderr
    for module in ("backend/config/wsgi.py", "backend/config/asgi.py", "backend/config/celery.py"):
        assert '"backend.config.settings.production"' in (ROOT / module).read_text(), module
