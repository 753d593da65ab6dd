"""PyVRP on a Solomon-style instance: the first phase of the planner's Solomon search
(:func:`routing.vrptw_solver.solve_vrptw`) and the benchmark's reference solver.

Same data as the OR-Tools model gets: Euclidean distances and travel times scaled by 1000,
distances rounded, travel times and service rounded up (ready times up, due times down), at most
the instance's fleet, distance-only objective. So PyVRP's routes are feasible in the OR-Tools model
as they stand, and on exact times; the distance is recomputed unrounded by the same code as the
planner's (:func:`routing.vrptw.route_distance`).
"""

from __future__ import annotations

import math

import numpy as np

from routing.vrptw import VrptwInstance, VrptwSolution, route_distance

SCALE = 1000


def available() -> bool:
    try:
        import pyvrp  # noqa: F401
    except ImportError:
        return False
    return True


def solve_pyvrp(inst: VrptwInstance, time_limit_s: float, seed: int = 0) -> VrptwSolution:
    """PyVRP's hybrid genetic search for ``time_limit_s`` seconds (one core).

    Its best solution may break a constraint when the time was too short to find a feasible one:
    check it (:func:`routing.vrptw.check_vrptw`) before use.
    """
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime

    dist = inst.distances()
    m = Model()
    m.add_vehicle_type(
        num_available=inst.fleet,
        capacity=int(inst.capacity),
        tw_early=math.ceil(inst.ready[0] * SCALE - 1e-9),
        tw_late=math.floor(inst.due[0] * SCALE + 1e-9),
    )
    locs = [m.add_location(float(x), float(y)) for x, y in inst.coords]
    m.add_depot(locs[0])
    for c in range(1, len(locs)):
        m.add_client(
            locs[c],
            delivery=int(inst.demand[c]),
            service_duration=math.ceil(inst.service[c] * SCALE - 1e-9),
            tw_early=math.ceil(inst.ready[c] * SCALE - 1e-9),
            tw_late=math.floor(inst.due[c] * SCALE + 1e-9),
        )
    cost = np.rint(dist * SCALE).astype(np.int64)
    travel = np.ceil(dist * SCALE - 1e-9).astype(np.int64)
    for i, a in enumerate(locs):
        for j, b in enumerate(locs):
            m.add_edge(a, b, distance=int(cost[i, j]), duration=int(travel[i, j]))
    res = m.solve(stop=MaxRuntime(time_limit_s), seed=seed, display=False, collect_stats=False)
    # activities in order; a client activity's idx counts clients only (the depot is location 0)
    routes = tuple(tuple(int(a.idx) + 1 for a in r if a.is_client()) for r in res.best.routes())
    served = {c for r in routes for c in r}
    unserved = tuple(c for c in range(1, len(locs)) if c not in served)
    return VrptwSolution(routes, sum(route_distance(dist, r) for r in routes), unserved)
