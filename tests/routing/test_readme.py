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
