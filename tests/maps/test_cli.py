"""Tests of ``python -m maps plan``."""

from __future__ import annotations

import json
from pathlib import Path

from maps.cli import main

TINY = Path(__file__).parent / "data" / "tiny.json"
PLAN = Path(__file__).parent / "data" / "tiny_plan.json"


def test_plan_command_writes_a_self_contained_page(tmp_path, capsys):
    instance = tmp_path / "tiny.json"
    data = json.loads(TINY.read_text(encoding="utf-8"))
    data["visits"][0]["name"] = "Trường Tiểu học A"
    instance.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "map.html"
    assert main(["plan", str(instance), str(PLAN), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<script src" not in html
    assert json.dumps("2. Trường Tiểu học A") in html  # the tooltip, as a JSON string in the script
    assert "2 routes" in capsys.readouterr().out


def test_plan_command_filters_and_links_assets(tmp_path):
    out = tmp_path / "map.html"
    args = ["plan", str(TINY), str(PLAN), "--out", str(out), "--date", "2026-03-03", "--lang", "en"]
    assert main([*args, "--link-assets", "/static/maps/"]) == 0
    html = out.read_text(encoding="utf-8")
    assert 'src="/static/maps/vendor/leaflet-1.9.3/leaflet.js"' in html and "Tue 2026-03-03" in html
    assert "Mon 2026-03-02" not in html


def test_plan_command_reports_bad_input(tmp_path, capsys):
    bad = tmp_path / "plan.json"
    bad.write_text('{"routes": [{"vehicle": "bus1"}]}', encoding="utf-8")
    assert main(["plan", str(TINY), str(bad), "--out", str(tmp_path / "m.html")]) == 2
    assert "malformed plan" in capsys.readouterr().err
    assert main(["plan", str(TINY), str(tmp_path / "missing.json")]) == 2
