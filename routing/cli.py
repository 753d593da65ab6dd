"""Command line: ``python -m routing solve|check ...`` (see routing/README.md)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from routing.checker import check
from routing.exceptions import InvalidInstanceError, RoutingError
from routing.instance import load_instance
from routing.params import FIRST_SOLUTIONS, METAHEURISTICS, VRPTW_PARAMS, SolveParams
from routing.plan import Plan
from routing.vrptw import VrptwSolution, check_vrptw, read_solomon


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routing", description="BookBus route planner")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="plan an instance")
    s.add_argument("instance", type=Path)
    s.add_argument("--format", choices=("json", "solomon"), default="json")
    s.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument(
        "--first-solution",
        choices=FIRST_SOLUTIONS,
        help="default: parallel_cheapest_insertion (json), savings (solomon); both measured best",
    )
    s.add_argument("--metaheuristic", choices=METAHEURISTICS, default=SolveParams.metaheuristic)
    s.add_argument(
        "--pyvrp-share",
        type=float,
        help="share of the time for PyVRP first, where its model holds the problem (default 0.5 json, 0.85 solomon)",
    )
    s.add_argument("--out", type=Path, help="write the plan as JSON here (default: stdout)")
    c = sub.add_parser("check", help="verify a plan against its instance")
    c.add_argument("instance", type=Path)
    c.add_argument("plan", type=Path)
    c.add_argument("--format", choices=("json", "solomon"), default="json")
    args = parser.parse_args(argv)
    try:
        return _solve(args) if args.command == "solve" else _check(args)
    except (InvalidInstanceError, RoutingError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _solve(args) -> int:
    from routing.solver import solve, solve_vrptw  # keeps `check` free of OR-Tools start-up

    base = VRPTW_PARAMS if args.format == "solomon" else SolveParams()
    try:
        params = dataclasses.replace(
            base,
            time_limit_s=args.time_limit,
            seed=args.seed,
            first_solution=args.first_solution or base.first_solution,
            metaheuristic=args.metaheuristic,
            pyvrp_share=base.pyvrp_share if args.pyvrp_share is None else args.pyvrp_share,
        )
    except ValueError as exc:  # a time limit or share out of range
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "solomon":
        inst = read_solomon(args.instance)
        sol = solve_vrptw(inst, params)
        body = {"instance": inst.name, **sol.to_dict()}
        summary = f"{inst.name}: distance {sol.distance:.2f}, {sol.vehicles} vehicles"
    else:
        problem, provider = load_instance(args.instance)
        plan = solve(problem, params, provider=provider)
        body = plan.to_dict()
        summary = plan.summary().splitlines()[0]
    text = json.dumps(body, indent=2, default=str)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
        print(summary)
    else:
        print(text)
    return 0


def _check(args) -> int:
    try:
        data = json.loads(args.plan.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInstanceError(f"invalid JSON: {exc.msg}", line=exc.lineno, source=str(args.plan)) from exc
    if args.format == "solomon" or "instance" in data and "routes" in data and "vehicles" in data:
        inst = read_solomon(args.instance)
        sol = VrptwSolution(
            tuple(tuple(r) for r in data["routes"]), float(data["distance"]), tuple(data.get("unserved", ()))
        )
        errors = [str(e) for e in check_vrptw(inst, sol)]
    else:
        problem, provider = load_instance(args.instance)
        try:
            plan = Plan.from_dict(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInstanceError(f"malformed plan: {exc!r}", source=str(args.plan)) from exc
        errors = [str(v) for v in check(problem, plan, provider.build(problem.points()))]
    for e in errors:
        print(e)
    print("valid" if not errors else f"{len(errors)} violation(s)")
    return 0 if not errors else 1
