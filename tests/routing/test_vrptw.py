"""Tests of the Solomon VRPTW path used by the benchmark."""

import numpy as np
import pytest

from routing import SolveParams
from routing.solver import solve_vrptw
from routing.vrptw import VrptwSolution, check_vrptw, read_solomon


@pytest.fixture
def r101_25(data_dir):
    return read_solomon(data_dir / "r101_25.txt")


def test_reads_solomon_with_vrplib(r101_25):
    assert (r101_25.n_customers, r101_25.capacity, r101_25.fleet) == (25, 200, 25)
    assert r101_25.ready[1] == 161 and r101_25.due[1] == 171 and r101_25.service[1] == 10


def test_solution_is_valid_on_unrounded_times(r101_25):
    sol = solve_vrptw(r101_25, SolveParams(time_limit_s=1.0))
    assert check_vrptw(r101_25, sol) == []
    assert sol.unserved == () and sol.vehicles <= r101_25.fleet
    assert sol.distance < 700  # best known for the 25-customer r101 is about 617


def test_checker_catches_lateness_and_capacity(r101_25):
    dist = r101_25.distances()
    late = VrptwSolution(((1, 2),), dist[0, 1] + dist[1, 2] + dist[2, 0])
    errors = check_vrptw(r101_25, late)
    assert any("after due" in e for e in errors) and any("served 0 times" in e for e in errors)
    heavy = r101_25.__class__(**{**r101_25.__dict__, "capacity": 5})
    assert any("exceeds capacity" in e for e in check_vrptw(heavy, VrptwSolution(((1,),), 2 * dist[0, 1])))


def test_distance_matrix_is_euclidean(r101_25):
    d = r101_25.distances()
    assert d[0, 1] == pytest.approx(np.hypot(41 - 35, 49 - 35))


def test_ruin_and_recreate_keeps_solutions_valid_and_complete(r101_25):
    import dataclasses

    from routing.params import VRPTW_PARAMS

    sol = solve_vrptw(r101_25, dataclasses.replace(VRPTW_PARAMS, time_limit_s=1.5, seed=3))
    assert check_vrptw(r101_25, sol) == [] and sol.unserved == ()
    assert sol.distance < 700


def test_best_of_two_seeds_in_two_processes(r101_25):
    one = solve_vrptw(r101_25, SolveParams(time_limit_s=1.0, seed=0))
    two = solve_vrptw(r101_25, SolveParams(time_limit_s=1.0, seed=0, workers=2))
    assert check_vrptw(r101_25, two) == [] and not two.unserved
    assert two.distance <= one.distance * 1.01  # seed 0 is one of the two (timing may differ a little)
