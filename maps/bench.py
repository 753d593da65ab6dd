"""Benchmark of the plan map: ``python -m maps.bench`` prints render time and page sizes for 50/150/400 visits.

The plan is built directly (a month of weekdays, up to 3 stops per bus a day around Cần Thơ), not solved:
the map's cost depends on the number of stops and routes, not on how good the plan is.
"""

from __future__ import annotations

import argparse
import math
import random
import time
from datetime import date, timedelta

from maps.assets import to_html
from maps.render import render_plan
from routing import Plan, Problem, ProblemBuilder, Route, Stop

DEPOT = (10.0340, 105.7880)  # Cần Thơ city library
STOPS_PER_DAY = 3
SCHOOL_WINDOWS = ("07:00-11:15", "13:30-16:45")


def generated_plan(visits: int, *, start: date = date(2026, 3, 2), seed: int = 0) -> tuple[Plan, Problem, dict]:
    """A month's plan with ``visits`` stops, its problem and site labels (deterministic for a seed)."""
    rng = random.Random(seed)
    days = [start + timedelta(days=i) for i in range(31) if (start + timedelta(days=i)).weekday() < 5]
    buses = max(1, math.ceil(visits / (len(days) * STOPS_PER_DAY)))
    b = ProblemBuilder(days)
    b.add_depot("lib", *DEPOT)
    for k in range(buses):
        b.add_vehicle(f"bus{k + 1}", "lib", capacity_boxes=12)
    labels = {}
    for i in range(visits):
        lat = DEPOT[0] + rng.uniform(-0.35, 0.35)
        lon = DEPOT[1] + rng.uniform(-0.45, 0.35)
        boxes = {"deliver_boxes": rng.randint(0, 4), "collect_boxes": rng.randint(0, 3)}
        b.add_visit(f"v{i}", f"site{i}", lat, lon, duration_min=90, setup_min=15, windows=SCHOOL_WINDOWS, **boxes)
        labels[f"site{i}"] = f"Trường Tiểu học số {i + 1}"
    problem = b.build()
    slots = [(day, f"bus{k + 1}") for day in days for k in range(buses)]
    by_slot: dict[int, list] = {}
    for i, visit in enumerate(problem.visits):  # spread evenly over the month
        by_slot.setdefault(i % len(slots), []).append(visit)
    routes = []
    for j, today in sorted(by_slot.items()):
        day, bus = slots[j]
        stops = []
        clock = 7 * 3600 + 1800
        for visit in today:
            stops.append(Stop(visit.id, visit.site_id, clock, clock, clock + visit.total_s, 12_000, 6))
            clock += visit.total_s + 2400
        routes.append(Route(bus, day, 7 * 3600, clock, tuple(stops), 12_000 * (len(stops) + 1)))
    return Plan(tuple(sorted(routes, key=lambda r: (r.date, r.vehicle_id)))), problem, labels


def measure(visits: int, *, repeat: int = 3) -> dict:
    """Best-of-``repeat`` seconds to render the map and the page (linked assets), and both page sizes."""
    plan, problem, labels = generated_plan(visits)
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        page = to_html(render_plan(plan, problem, site_labels=labels))
        best = min(best, time.perf_counter() - t0)
    inlined = to_html(render_plan(plan, problem, site_labels=labels), inline_assets=True)
    return {
        "visits": visits,
        "routes": len(plan.routes),
        "render_s": best,
        "page_bytes": len(page.encode("utf-8")),
        "inlined_bytes": len(inlined.encode("utf-8")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maps.bench", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[50, 150, 400], help="numbers of visits")
    args = parser.parse_args(argv)
    print("| visits | routes | render + HTML (s) | page, linked assets | page, inlined assets |")
    print("|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        r = measure(n)
        print(f"| {r['visits']} | {r['routes']} | {r['render_s']:.3f} | {r['page_bytes'] / 1024:.0f} KiB "
              f"| {r['inlined_bytes'] / 1024:.0f} KiB |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
