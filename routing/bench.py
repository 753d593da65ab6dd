"""Benchmark: ``python -m routing.bench`` (Solomon gaps, then a scaling table on province instances).

Solomon: distance-only objective, Euclidean, at most the instance's fleet, every plan re-checked
with unrounded distances; gap = distance / reference - 1 (``REFERENCE.csv``).
Scaling: generated provinces over 20 working days with 2 buses; each size runs in a fresh process
so that its peak memory (max RSS, OR-Tools included) is its own.
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import json
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path


def default_solomon_dir() -> Path:
    env = os.environ.get("BOOKBUS_SOLOMON_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data" / "solomon"


def _one_solomon(args) -> dict:
    path, time_limit, seed, ref = args
    import dataclasses

    from routing.params import VRPTW_PARAMS
    from routing.solver import solve_vrptw
    from routing.vrptw import check_vrptw, read_solomon

    inst = read_solomon(path)
    t = time.monotonic()
    sol = solve_vrptw(inst, dataclasses.replace(VRPTW_PARAMS, time_limit_s=time_limit, seed=seed))
    elapsed = time.monotonic() - t
    errors = check_vrptw(inst, sol)
    return {
        "instance": inst.name,
        "distance": sol.distance,
        "vehicles": sol.vehicles,
        "time_s": elapsed,
        "reference": ref,
        "gap": sol.distance / ref - 1 if ref else None,
        "valid": not errors,
        "unserved": len(sol.unserved),
    }


def run_solomon(directory: Path, patterns: list[str], time_limit: float, seed: int, jobs: int) -> list[dict]:
    refs = {}
    ref_file = directory / "REFERENCE.csv"
    if ref_file.exists():
        with ref_file.open() as fh:
            refs = {r["instance"]: float(r["reference_distance"]) for r in csv.DictReader(fh)}
    files = sorted(p for p in directory.glob("*.txt") if any(fnmatch.fnmatch(p.stem, pat) for pat in patterns))
    if not files:
        raise SystemExit(f"no Solomon instances matching {patterns} in {directory}")
    work = [(str(f), time_limit, seed, refs.get(f.stem)) for f in files]
    rows = []
    print(f"{'instance':10} {'distance':>10} {'veh':>4} {'time s':>7} {'reference':>10} {'gap %':>7}  valid")
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        for row in pool.imap(_one_solomon, work):
            rows.append(row)
            gap = f"{100 * row['gap']:7.2f}" if row["gap"] is not None else "      -"
            print(
                f"{row['instance']:10} {row['distance']:10.2f} {row['vehicles']:4d} {row['time_s']:7.1f} "
                f"{row['reference'] or 0:10.2f} {gap}  {'yes' if row['valid'] else 'NO'}",
                flush=True,
            )
    classes: dict[str, list[float]] = {}
    for row in rows:
        if row["gap"] is not None:
            cls = row["instance"].rstrip("0123456789").upper() + row["instance"].lstrip("rcRC")[0]
            classes.setdefault(cls, []).append(row["gap"])
    print("\nclass  instances  mean gap %")
    for cls in sorted(classes):
        print(f"{cls:6} {len(classes[cls]):9d} {100 * sum(classes[cls]) / len(classes[cls]):11.2f}")
    gaps = [g for gs in classes.values() for g in gs]
    if gaps:
        print(
            f"{'all':6} {len(gaps):9d} {100 * sum(gaps) / len(gaps):11.2f}   "
            f"(valid: {sum(r['valid'] for r in rows)}/{len(rows)}, {time_limit:g} s each)"
        )
    return rows


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
    parser.add_argument("--json", type=Path, help="also write all rows as JSON here")
    args = parser.parse_args(argv)
    if args.quick:
        args.instances, args.time_limit = "c101,c201,r101,r201,rc101,rc201", 2.0
        args.sizes, args.scaling_time_limit, args.replan_time_limit = "50,150", 5.0, 3.0
    out = {"command": " ".join(["python -m routing.bench", *(argv if argv is not None else sys.argv[1:])])}
    if not args.no_solomon:
        out["solomon"] = run_solomon(args.solomon_dir, args.instances.split(","), args.time_limit, args.seed, args.jobs)
    if not args.no_scaling:
        out["scaling"] = run_scaling(
            [int(s) for s in args.sizes.split(",")], args.scaling_time_limit, args.replan_time_limit, args.seed
        )
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
