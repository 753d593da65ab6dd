"""Benchmark: ``python -m routing.bench`` (Solomon and Gehring-Homberger beside PyVRP, provinces
with trips and water, then a scaling table on province instances).

Solomon and Gehring-Homberger: see :mod:`routing.bench_vrptw`; provinces with nights away and
ferries: :mod:`routing.bench_provinces`.
Scaling: generated provinces over 20 working days with 2 buses; each size runs in a fresh process
so that its peak memory (max RSS, OR-Tools included) is its own.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

from routing.bench_provinces import run_afternoons, run_provinces
from routing.bench_vrptw import references, run_set, select
from routing.pyvrp_vrptw import available


def default_data_dir() -> Path:
    env = os.environ.get("BOOKBUS_SOLOMON_DIR")
    return Path(env).parent if env else Path(__file__).resolve().parents[2] / "shared" / "data"


def default_solomon_dir() -> Path:
    env = os.environ.get("BOOKBUS_SOLOMON_DIR")
    return Path(env) if env else default_data_dir() / "solomon"


#: Ten Gehring-Homberger 200-customer instances: two of each tight class, one of each loose one
HOMBERGER_DEFAULT = "c1_2_1,c1_2_6,c2_2_1,r1_2_1,r1_2_6,r2_2_1,rc1_2_1,rc1_2_6,rc2_2_1,rc2_2_6"


def _one_size(args) -> dict:
    n, time_limit, replan_limit, seed = args
    from routing.checker import check
    from routing.generate import province_problem
    from routing.matrix import GeodesicMatrixProvider
    from routing.params import SolveParams
    from routing.problem import Location, TimeWindow, Visit
    from routing.replan import VehicleOut, replan
    from routing.slots import offer_slots
    from routing.solver import solve

    problem = province_problem(n, days=20, vehicles=2, seed=seed)
    t = time.perf_counter()
    matrix = GeodesicMatrixProvider().build(problem.points())
    matrix_ms = 1000 * (time.perf_counter() - t)
    t = time.monotonic()
    plan = solve(problem, SolveParams(time_limit_s=time_limit, seed=seed), matrix=matrix)
    solve_s = time.monotonic() - t
    valid = not check(problem, plan, matrix)
    req = Visit(
        "request:bench",
        "school-request",
        Location(10.08, 105.83),
        3600,
        900,
        windows=(TimeWindow(7 * 3600, 11 * 3600 + 900), TimeWindow(13 * 3600 + 1800, 16 * 3600 + 2700)),
        deliver_boxes=2,
    )
    t = time.perf_counter()
    offers = offer_slots(problem, plan, req)
    slots_ms = 1000 * (time.perf_counter() - t)
    today = problem.dates[2]
    res = replan(
        problem,
        plan,
        today=today,
        events=[VehicleOut("bus1", (problem.dates[4],))],
        params=SolveParams(time_limit_s=replan_limit, seed=seed),
        matrix=matrix,
    )
    replan_valid = not check(res.problem, res.plan, matrix)
    served = sum(len(r.stops) for r in plan.routes)
    return {
        "visits": n,
        "served": served,
        "left_out": len(plan.left_out),
        "km": plan.distance_m / 1000,
        "matrix_ms": matrix_ms,
        "solve_s": solve_s,
        "valid": valid,
        "slots_ms": slots_ms,
        "offers": len(offers),
        "replan_s": res.plan.stats["replan_time_s"],
        "moved_pct": 100 * res.moved_share,
        "replan_valid": replan_valid,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_scaling(sizes: list[int], time_limit: float, replan_limit: float, seed: int) -> list[dict]:
    print(
        f"\nprovince instances: 20 working days, 2 buses, solve limit {time_limit:g} s, "
        f"re-plan limit {replan_limit:g} s"
    )
    print(
        f"{'visits':>6} {'served':>6} {'left':>5} {'km':>8} {'matrix ms':>9} {'solve s':>7} {'valid':>5} "
        f"{'peak MB':>7} {'slots ms':>8} {'replan s':>8} {'moved %':>7}"
    )
    rows = []
    for n in sizes:
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            row = pool.apply(_one_size, ((n, time_limit, replan_limit, seed),))
        rows.append(row)
        print(
            f"{row['visits']:6d} {row['served']:6d} {row['left_out']:5d} {row['km']:8.1f} {row['matrix_ms']:9.1f} "
            f"{row['solve_s']:7.1f} {'yes' if row['valid'] and row['replan_valid'] else 'NO':>5} "
            f"{row['peak_mb']:7.0f} {row['slots_ms']:8.1f} {row['replan_s']:8.1f} {row['moved_pct']:7.1f}",
            flush=True,
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routing.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--solomon-dir",
        type=Path,
        default=default_solomon_dir(),
        help="directory of Solomon *.txt and REFERENCE.csv (env BOOKBUS_SOLOMON_DIR)",
    )
    parser.add_argument("--instances", default="*", help="comma-separated name patterns, e.g. 'r1*,c101'")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per Solomon instance")
    parser.add_argument("--jobs", type=int, default=1, help="Solomon instances solved in parallel (1 core each)")
    parser.add_argument("--sizes", default="50,100,150,200,400", help="province sizes (visits)")
    parser.add_argument("--scaling-time-limit", type=float, default=20.0)
    parser.add_argument("--replan-time-limit", type=float, default=8.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 6 Solomon instances at 2 s, sizes 50,150 at 5 s"
    )
    parser.add_argument("--no-solomon", action="store_true")
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument(
        "--homberger-dir", type=Path, default=None, help="Gehring-Homberger *.txt (default beside Solomon)"
    )
    parser.add_argument("--homberger-instances", default=HOMBERGER_DEFAULT)
    parser.add_argument("--homberger-time-limit", type=float, default=30.0)
    parser.add_argument("--no-homberger", action="store_true")
    parser.add_argument("--province-time-limit", type=float, default=60.0, help="mountain and coastal provinces")
    parser.add_argument(
        "--afternoon-time-limit", type=float, default=20.0, help="reading afternoons, with and without PyVRP first"
    )
    parser.add_argument("--no-provinces", action="store_true")
    parser.add_argument("--no-pyvrp", action="store_true", help="skip PyVRP even when installed")
    parser.add_argument("--json", type=Path, help="also write all rows as JSON here")
    args = parser.parse_args(argv)
    if args.quick:
        args.instances, args.time_limit = "c101,c201,r101,r201,rc101,rc201", 2.0
        args.sizes, args.scaling_time_limit, args.replan_time_limit = "50,150", 5.0, 3.0
        args.homberger_instances, args.homberger_time_limit, args.province_time_limit = "r1_2_1", 3.0, 10.0
        args.afternoon_time_limit = 5.0
    out = {"command": " ".join(["python -m routing.bench", *(argv if argv is not None else sys.argv[1:])])}
    with_pyvrp = not args.no_pyvrp and available()
    if not with_pyvrp:
        print("PyVRP is not installed (a dependency: pip install -e .): the planner runs alone")
    if not args.no_solomon:
        refs = references(args.solomon_dir / "REFERENCE.csv", "reference_distance")
        files = select(args.solomon_dir, args.instances.split(","))
        out["solomon"] = run_set("Solomon", files, refs, args.time_limit, args.seed, args.jobs, with_pyvrp)
    if not args.no_homberger:
        hdir = args.homberger_dir or args.solomon_dir.parent / "homberger"
        refs = references(hdir.parent / "homberger200_bks.csv", "bks_distance")
        files = select(hdir, args.homberger_instances.split(","))
        title = "Gehring-Homberger 200 (reference: hierarchical best known, fewest vehicles first)"
        out["homberger"] = run_set(title, files, refs, args.homberger_time_limit, args.seed, args.jobs, with_pyvrp)
    if not args.no_provinces:
        out["provinces"] = run_provinces(args.province_time_limit, args.seed)
        out["afternoons"] = run_afternoons(args.afternoon_time_limit)
    if not args.no_scaling:
        out["scaling"] = run_scaling(
            [int(s) for s in args.sizes.split(",")], args.scaling_time_limit, args.replan_time_limit, args.seed
        )
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
