"""Tests of the command line and of the import boundary, in subprocesses."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(*args, cwd=REPO):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_routing_never_imports_django():
    out = run(
        "-c",
        "import routing, routing.replan, routing.slots, routing.bench, routing.cli, sys; "
        "assert 'django' not in sys.modules, 'django imported'",
    )
    assert out.returncode == 0, out.stderr


def test_routing_never_imports_maps_and_imports_pyvrp_only_to_solve():
    out = run(
        "-c",
        "import routing, routing.replan, routing.slots, routing.bench, routing.cli, routing.trips, sys; "
        "assert not [m for m in sys.modules if m == 'maps' or m.startswith('maps.')], 'maps imported'; "
        "assert 'pyvrp' not in sys.modules, 'pyvrp imported'",
    )
    assert out.returncode == 0, out.stderr


def test_solve_then_check_a_json_instance(tmp_path, data_dir):
    plan = tmp_path / "plan.json"
    out = run(
        "-m", "routing", "solve", str(data_dir / "tiny.json"), "--time-limit", "1", "--seed", "1", "--out", str(plan)
    )
    assert out.returncode == 0, out.stderr
    assert "2 routes, 3 visits" in out.stdout
    body = json.loads(plan.read_text())
    assert [[s["visit"] for s in r["stops"]] for r in body["routes"]] == [["a", "b"], ["c"]]
    out = run("-m", "routing", "check", str(data_dir / "tiny.json"), str(plan))
    assert out.returncode == 0 and out.stdout.strip() == "valid"


def test_check_reports_a_tampered_plan(tmp_path, data_dir):
    plan = tmp_path / "plan.json"
    run("-m", "routing", "solve", str(data_dir / "tiny.json"), "--time-limit", "1", "--out", str(plan))
    body = json.loads(plan.read_text())
    body["routes"][0]["stops"][0]["start_s"] -= 3600
    plan.write_text(json.dumps(body))
    out = run("-m", "routing", "check", str(data_dir / "tiny.json"), str(plan))
    assert out.returncode == 1 and "time_window" in out.stdout


def test_solomon_solve_and_check(tmp_path, data_dir):
    plan = tmp_path / "sol.json"
    out = run(
        "-m",
        "routing",
        "solve",
        str(data_dir / "r101_25.txt"),
        "--format",
        "solomon",
        "--time-limit",
        "1",
        "--out",
        str(plan),
    )
    assert out.returncode == 0, out.stderr
    body = json.loads(plan.read_text())
    assert sorted(c for r in body["routes"] for c in r) == list(range(1, 26))
    assert body["vehicles"] == len(body["routes"]) and body["distance"] > 0
    out = run("-m", "routing", "check", str(data_dir / "r101_25.txt"), str(plan), "--format", "solomon")
    assert out.returncode == 0, out.stdout


def test_invalid_json_names_the_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "dates": ["2026-03-02"],\n  "depots": [\n}\n')
    out = run("-m", "routing", "solve", str(bad))
    assert out.returncode == 2 and "line 4" in out.stderr


def test_invalid_field_names_the_field_and_line(tmp_path, data_dir):
    body = json.loads((data_dir / "tiny.json").read_text())
    body["visits"][1]["windows"] = ["13:30 to 16:45"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(body, indent=2))
    out = run("-m", "routing", "solve", str(bad))
    assert out.returncode == 2
    assert "visits[1].windows[0]" in out.stderr and "HH:MM-HH:MM" in out.stderr and "line " in out.stderr


def test_bad_solomon_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("NOT A SOLOMON FILE\n")
    out = run("-m", "routing", "solve", str(bad), "--format", "solomon")
    assert out.returncode == 2 and "bad.txt" in out.stderr and "Traceback" not in out.stderr


def test_a_share_out_of_range_is_a_clear_error(data_dir):
    out = run("-m", "routing", "solve", str(data_dir / "tiny.json"), "--time-limit", "1", "--pyvrp-share", "1.5")
    assert out.returncode == 2 and "pyvrp_share must be in [0, 1)" in out.stderr and "Traceback" not in out.stderr
