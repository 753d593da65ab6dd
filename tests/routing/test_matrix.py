"""Tests of the travel matrices: the fast geodesic formula and the OSRM table client."""

import httpx
import numpy as np
import pytest

from routing import GeodesicMatrixProvider, Location, OsrmMatrixProvider, RoutingError
from routing.matrix import UNREACHABLE, travel_seconds


def points(n, seed=1):
    rng = np.random.default_rng(seed)
    return [(f"p{i}", Location(float(rng.uniform(8.5, 23)), float(rng.uniform(102.5, 109.5)))) for i in range(n)]


def test_fast_formula_matches_geopy_geodesic():
    pts = points(25)
    fast = GeodesicMatrixProvider(circuity=1.0).build(pts).distance_m
    exact = GeodesicMatrixProvider(circuity=1.0, exact=True).build(pts).distance_m
    rel = np.abs(fast - exact) / np.maximum(exact, 1)
    assert rel.max() < 1e-4


def test_circuity_scales_distances_and_diagonal_is_zero():
    pts = points(5)
    d1 = GeodesicMatrixProvider(circuity=1.0).build(pts).distance_m
    d13 = GeodesicMatrixProvider(circuity=1.3).build(pts).distance_m
    assert np.all(np.abs(d13 - np.ceil(d1 * 1.3)) <= 2)
    assert np.all(np.diag(d13) == 0)


def test_four_hundred_sites_give_a_full_square_matrix():
    # its build time is in the routing benchmark (python -m routing.bench), not in a test
    matrix = GeodesicMatrixProvider().build(points(401))
    assert matrix.distance_m.shape == (401, 401)
    assert np.all(matrix.distance_m[~np.eye(401, dtype=bool)] > 0)


def test_travel_time_rounds_up():
    assert travel_seconds(np.array([[1000]]), 36.0)[0, 0] == 100
    assert travel_seconds(np.array([[1001]]), 36.0)[0, 0] == 101
    assert travel_seconds(np.array([[UNREACHABLE]]), 36.0)[0, 0] == UNREACHABLE


def osrm_client(calls):
    def handler(request: httpx.Request):
        calls.append(request)
        src = [int(x) for x in request.url.params["sources"].split(";")]
        dst = [int(x) for x in request.url.params["destinations"].split(";")]
        coords = request.url.path.split("/")[-1].split(";")
        lon = [float(c.split(",")[0]) for c in coords]
        dist = [
            [None if (lon[i] > 200 or lon[j] > 200) else abs(lon[i] - lon[j]) * 1000 + 0.5 for j in dst] for i in src
        ]
        dur = [[None if d is None else d / 10 for d in row] for row in dist]
        return httpx.Response(200, json={"code": "Ok", "distances": dist, "durations": dur})

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_osrm_provider_reads_table_in_chunks():
    calls = []
    pts = [(f"p{i}", Location(10.0, 105.0 + i / 100)) for i in range(5)]
    m = OsrmMatrixProvider("http://osrm.test", chunk=2, client=osrm_client(calls)).build(pts)
    assert len(calls) == 9  # 3 source chunks x 3 destination chunks
    assert m.distance("p0", "p3") == 31  # ceil(30.5)
    assert m.duration("p0", "p3", speed_kmh=99) == 4  # road time wins over speed
    assert calls[0].url.path.startswith("/table/v1/driving/105.000000,10.000000")


def test_osrm_provider_reports_server_errors():
    client = httpx.Client(
        transport=httpx.MockTransport(
            lambda r: httpx.Response(200, json={"code": "InvalidQuery", "message": "bad coords"})
        )
    )
    with pytest.raises(RoutingError, match="InvalidQuery"):
        OsrmMatrixProvider("http://osrm.test", client=client).build(points(2))
