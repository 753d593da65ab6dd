"""Benchmark sets in the Solomon format (Solomon 100, Gehring-Homberger 200): the planner and,
side by side in the same command, PyVRP (optional extra ``bench``) on the same data and time.

Distance-only objective, Euclidean, at most the instance's fleet; every plan of either solver is
re-checked with unrounded distances (:func:`routing.vrptw.check_vrptw`); gap = distance /
reference - 1; ratio = planner / PyVRP. Times are what each solver actually took (wall clock).
"""

from __future__ import annotations

import csv
import fnmatch
import math
import multiprocessing
import time
from pathlib import Path


def _one(args) -> dict:
    path, time_limit, seed, ref, with_pyvrp = args
    import dataclasses

    from routing.params import VRPTW_PARAMS
    from routing.vrptw import check_vrptw, read_solomon
    from routing.vrptw_solver import solve_vrptw

    inst = read_solomon(path)
    t = time.monotonic()
    sol = solve_vrptw(inst, dataclasses.replace(VRPTW_PARAMS, time_limit_s=time_limit, seed=seed))
    row = {
        "instance": Path(path).stem,
        "distance": sol.distance,
        "vehicles": sol.vehicles,
        "time_s": time.monotonic() - t,
        "reference": ref,
        "gap": sol.distance / ref - 1 if ref else None,
        "valid": not check_vrptw(inst, sol),
        "unserved": len(sol.unserved),
    }
    if with_pyvrp:
        from routing.pyvrp_vrptw import solve_pyvrp

        t = time.monotonic()
        ref_sol = solve_pyvrp(inst, time_limit, seed)
        row.update(
            pyvrp_distance=ref_sol.distance,
            pyvrp_vehicles=ref_sol.vehicles,
            pyvrp_time_s=time.monotonic() - t,
            pyvrp_gap=ref_sol.distance / ref - 1 if ref else None,
            pyvrp_valid=not check_vrptw(inst, ref_sol),
            ratio=sol.distance / ref_sol.distance,
        )
    return row


def references(path: Path, column: str) -> dict[str, float]:
    if not path.exists():
        return {}
    with path.open() as fh:
        return {r["instance"].lower(): float(r[column]) for r in csv.DictReader(fh)}


def instance_class(name: str) -> str:
    """``r105`` -> ``R1``, ``rc1_2_3`` -> ``RC1``."""
    letters = name.rstrip("0123456789_").split("_")[0].rstrip("0123456789")
    return letters.upper() + name[len(letters)]


def run_set(
    title: str,
    files: list[Path],
    refs: dict[str, float],
    time_limit: float,
    seed: int,
    jobs: int,
    with_pyvrp: bool,
) -> list[dict]:
    """Solve every file with the planner (and PyVRP), print a row each and a summary per class."""
    work = [(str(f), time_limit, seed, refs.get(f.stem.lower()), with_pyvrp) for f in files]
    print(f"\n{title}: {len(files)} instances, {time_limit:g} s each per solver, one core each, {jobs} at a time")
    head = f"{'instance':10} {'distance':>10} {'veh':>4} {'time s':>7} {'reference':>10} {'gap %':>7}  valid"
    if with_pyvrp:
        head += f" | {'PyVRP':>10} {'veh':>4} {'time s':>7} {'gap %':>7} valid  ratio"
    print(head)
    rows = []
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        for row in pool.imap(_one, work):
            rows.append(row)
            print(_row_line(row, with_pyvrp), flush=True)
    summarise(rows, with_pyvrp)
    return rows


def _pct(x) -> str:
    return f"{100 * x:7.2f}" if x is not None else "      -"


def _row_line(row: dict, with_pyvrp: bool) -> str:
    line = (
        f"{row['instance']:10} {row['distance']:10.2f} {row['vehicles']:4d} {row['time_s']:7.1f} "
        f"{row['reference'] or 0:10.2f} {_pct(row['gap'])}  {'yes' if row['valid'] else 'NO'}"
    )
    if with_pyvrp:
        line += (
            f"   | {row['pyvrp_distance']:10.2f} {row['pyvrp_vehicles']:4d} {row['pyvrp_time_s']:7.1f} "
            f"{_pct(row['pyvrp_gap'])} {'yes' if row['pyvrp_valid'] else 'NO ':>5} {row['ratio']:6.4f}"
        )
    return line


def _geo(xs: list[float]) -> float:
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def summarise(rows: list[dict], with_pyvrp: bool) -> None:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(instance_class(row["instance"]), []).append(row)
    groups["all"] = rows
    head = f"\n{'class':6} {'n':>3} {'mean gap %':>10} {'valid':>6} {'mean time s':>11}"
    if with_pyvrp:
        head += f" | {'PyVRP gap %':>11} {'valid':>6} {'time s':>7} | {'ratio (geo. mean)':>17} {'worst':>6}"
    print(head)
    for cls, rs in groups.items():
        gaps = [r["gap"] for r in rs if r["gap"] is not None]
        line = (
            f"{cls:6} {len(rs):3d} {_pct(sum(gaps) / len(gaps)) if gaps else '      -':>10} "
            f"{sum(r['valid'] for r in rs):3d}/{len(rs):<2d} {sum(r['time_s'] for r in rs) / len(rs):11.1f}"
        )
        if with_pyvrp:
            pg = [r["pyvrp_gap"] for r in rs if r["pyvrp_gap"] is not None]
            valid = sum(r["pyvrp_valid"] for r in rs)
            line += (
                f" | {_pct(sum(pg) / len(pg)) if pg else '      -':>11} {valid:3d}/{len(rs):<2d}"
                f" {sum(r['pyvrp_time_s'] for r in rs) / len(rs):7.1f} | {_geo([r['ratio'] for r in rs]):17.4f}"
                f" {max(r['ratio'] for r in rs):6.4f}"
            )
        print(line)


def select(directory: Path, patterns: list[str]) -> list[Path]:
    files = sorted(p for p in directory.glob("*.txt") if any(fnmatch.fnmatch(p.stem, pat) for pat in patterns))
    if not files:
        raise SystemExit(f"no instances matching {patterns} in {directory}")
    return files
