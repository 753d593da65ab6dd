"""Imports point one way: mobile_api uses backend; backend/sync and backend/crew never import DRF or
mobile_api; the reference client imports no Django (it stands for a phone)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _offenders(paths, forbidden):
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if any(f"import {name}" in text or f"from {name}" in text for name in forbidden):
            found.append(str(path.relative_to(ROOT)))
    return found


def test_sync_and_fieldwork_do_not_import_the_api_layer():
    paths = [*(ROOT / "backend/sync").rglob("*.py"), *(ROOT / "backend/crew").rglob("*.py")]
    assert paths
    assert _offenders(paths, ["rest_framework", "mobile_api"]) == []


def test_reference_client_needs_no_django():
    assert _offenders([ROOT / "mobile_api/reference_client.py"], ["django", "backend", "rest_framework"]) == []
