"""Fixtures for the route planner's tests: tiny named instances and generated provinces.

Routing tests need no Django and no database.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
if str(REPO) not in sys.path:  # an editable install made before routing/ existed does not map it
    sys.path.insert(0, str(REPO))

from routing import GeodesicMatrixProvider, SolveParams  # noqa: E402
from routing.generate import province_problem  # noqa: E402
from routing.instance import load_instance  # noqa: E402


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def tiny():
    """Three sites near the library, one bus of 6 boxes, two days (see data/tiny.json)."""
    problem, provider = load_instance(DATA / "tiny.json")
    return problem, provider.build(problem.points())


@pytest.fixture
def fast() -> SolveParams:
    return SolveParams(time_limit_s=1.0, seed=0)


@pytest.fixture(scope="session")
def province60():
    """60 visits over 10 working days, 2 buses, solved once for the session (3 s)."""
    from routing import solve

    problem = province_problem(60, days=10, seed=3)
    matrix = GeodesicMatrixProvider().build(problem.points())
    plan = solve(problem, SolveParams(time_limit_s=3.0, seed=0), matrix=matrix)
    return problem, matrix, plan
