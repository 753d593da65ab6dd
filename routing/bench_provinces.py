"""Generated mountain and coastal provinces: the goals of trips with nights away and of access by water.

Mountain: no visit left ``unreachable`` that a trip of up to three days would reach (re-checked
here for every ``unreachable`` visit against every lodging), valid within the time limit.
Coastal: no road leg across the water (the checker's ``road_across_water``), every crossing on a
timetabled departure (the checker's ``ferry``), ``no_road`` sites left out with their own reason.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import time
from collections import Counter


def _one(args) -> dict:
    kind, time_limit, seed = args
    from routing.access import Legs, crossing
    from routing.checker import check
    from routing.generate import coastal_problem, mountain_problem
    from routing.matrix import GeodesicMatrixProvider
    from routing.params import SolveParams
    from routing.solver import solve
    from routing.trips import serves

    problem = mountain_problem(seed=seed) if kind == "mountain" else coastal_problem(seed=seed)
    matrix = GeodesicMatrixProvider().build(problem.points())
    t = time.monotonic()
    plan = solve(problem, SolveParams(time_limit_s=time_limit, seed=seed), matrix=matrix)
    solve_s = time.monotonic() - t
    violations = check(problem, plan, matrix)
    legs = Legs.build(problem, matrix)
    three_days = [dataclasses.replace(v, max_trip_days=3) for v in problem.vehicles]
    missed = [
        lo.visit_id
        for lo in plan.left_out
        if lo.reason == "unreachable"
        and any(
            serves(problem, legs, bus, lg, problem.visit(lo.visit_id)) for bus in three_days for lg in problem.lodgings
        )
    ]
    crossings = 0
    for r in plan.routes:
        depot = f"depot:{problem.vehicle(r.vehicle_id).depot_id}"
        keys = [f"lodging:{r.start_at}" if r.start_at else depot, *(f"site:{s.site_id}" for s in r.stops)]
        keys.append(f"lodging:{r.end_at}" if r.end_at else depot)
        crossings += sum(1 for a, b in zip(keys, keys[1:], strict=False) if crossing(legs, a, b))
    trips = [tr for tr in plan.trips() if len(tr.routes) > 1]
    return {
        "province": kind,
        "sites": len({v.site_id for v in problem.visits}),
        "visits": len(problem.visits),
        "served": sum(len(r.stops) for r in plan.routes),
        "left_out": dict(Counter(lo.reason for lo in plan.left_out)),
        "trips": len(trips),
        "trip_days": Counter(len(tr.routes) for tr in trips),
        "nights": plan.stats.get("nights", 0),
        "km": plan.distance_m / 1000,
        "solve_s": solve_s,
        "valid": not violations,
        "violations": [str(v) for v in violations[:5]],
        "unreachable_but_3_day": len(missed),
        "crossing_legs": crossings,
        "ferry_departures": plan.stats.get("ferry_crossings", 0),
        "road_legs_across": sum(1 for v in violations if v.code == "road_across_water"),
        "off_timetable": sum(1 for v in violations if v.code == "ferry"),
    }


def run_provinces(time_limit: float, seed: int) -> list[dict]:
    print(f"\nprovinces with trips and water: 20 working days, 2 buses, solve limit {time_limit:g} s")
    rows = []
    for kind in ("mountain", "coastal"):
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            row = pool.apply(_one, ((kind, time_limit, seed),))
        row["trip_days"] = dict(sorted(row["trip_days"].items()))
        rows.append(row)
        left = ", ".join(f"{k} {n}" for k, n in sorted(row["left_out"].items())) or "none"
        print(
            f"{kind:9} {row['sites']} sites, {row['visits']} visits: served {row['served']}, left out: {left}; "
            f"{row['trips']} trips (days: count {row['trip_days']}), {row['nights']} nights; {row['km']:.0f} km; "
            f"solve {row['solve_s']:.1f} s; valid {'yes' if row['valid'] else 'NO ' + '; '.join(row['violations'])}"
        )
        if kind == "mountain":
            print(f"          left unreachable although a 3-day trip reaches them: {row['unreachable_but_3_day']}")
        else:
            print(
                f"          legs across water {row['crossing_legs']}, on a ferry departure {row['ferry_departures']}, "
                f"by road {row['road_legs_across']}, off the timetable {row['off_timetable']}"
            )
    return rows


def _afternoon(args) -> dict:
    n, days, time_limit, seed, share = args
    from routing.checker import check
    from routing.generate import afternoons_problem
    from routing.matrix import GeodesicMatrixProvider
    from routing.params import SolveParams
    from routing.solver import solve

    problem = afternoons_problem(n, days=days, seed=seed)
    matrix = GeodesicMatrixProvider().build(problem.points())
    t = time.monotonic()
    plan = solve(problem, SolveParams(time_limit_s=time_limit, seed=seed, pyvrp_share=share), matrix=matrix)
    return {
        "seed": seed,
        "pyvrp_share": share,
        "first_solution": plan.stats["first_solution"],
        "served": sum(len(r.stops) for r in plan.routes),
        "km": plan.distance_m / 1000,
        "objective": plan.stats["objective"],
        "solve_s": time.monotonic() - t,
        "valid": not check(problem, plan, matrix),
    }


def run_afternoons(time_limit: float, seeds: int = 3, n: int = 120, days: int = 10) -> list[dict]:
    """Problems PyVRP's model holds (reading afternoons, :func:`routing.generate.afternoons_problem`):
    OR-Tools alone, then PyVRP for half the time and OR-Tools after, at the same limit."""
    print(f"\nreading afternoons, {n} visits, {days} days, 2 buses (PyVRP's model holds them), {time_limit:g} s each")
    print(
        f"{'seed':>4} | {'OR-Tools alone: served':>22} {'km':>6} {'valid':>5} | "
        f"{'PyVRP first: served':>19} {'km':>6} valid"
    )
    rows = []
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        for seed in range(seeds):
            alone = pool.apply(_afternoon, ((n, days, time_limit, seed, 0.0),))
            first = pool.apply(_afternoon, ((n, days, time_limit, seed, 0.5),))
            rows += [alone, first]
            print(
                f"{seed:4d} | {alone['served']:22d} {alone['km']:6.0f} {'yes' if alone['valid'] else 'NO':>5} | "
                f"{first['served']:19d} {first['km']:6.0f} {'yes' if first['valid'] else 'NO':>5}"
                f"{'' if first['first_solution'] == 'pyvrp' else ' (PyVRP not used)'}"
            )
    return rows
