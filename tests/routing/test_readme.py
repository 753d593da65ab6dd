"""Tests that the API example in routing/README.md runs and gives valid plans."""

from pathlib import Path

README = Path(__file__).resolve().parents[2] / "routing" / "README.md"


def test_readme_api_example_runs():
    code = README.read_text(encoding="utf-8").split("```python\n")[1].split("```")[0]
    code = code.replace("time_limit_s=20", "time_limit_s=1").replace("time_limit_s=8", "time_limit_s=1")
    scope: dict = {}
    exec(compile(code, str(README), "exec"), scope)  # noqa: S102 - our own documentation
    assert scope["plan"].routes and scope["offers"]
    assert any(c.visit_id == "request:5" and c.kind == "added" for c in scope["res"].changes)


def test_readme_trips_and_ferries_example_runs():
    blocks = README.read_text(encoding="utf-8").split("```python\n")
    first, second = (b.split("```")[0] for b in blocks[1:3])
    scope: dict = {}
    exec(
        compile(
            first.replace("time_limit_s=20", "time_limit_s=1").replace("time_limit_s=8", "time_limit_s=1"),
            str(README),
            "exec",
        ),
        scope,
    )  # noqa: S102, E501
    exec(compile(second.replace("time_limit_s=5", "time_limit_s=2"), str(README), "exec"), scope)  # noqa: S102
    plan = scope["plan"]  # the coastal one
    assert plan.routes[0].stops[0].ferry_departure_s is not None
    assert {lo.reason for lo in plan.left_out} == {"no_road"}
