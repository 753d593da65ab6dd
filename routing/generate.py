"""Realistic generated province instances for tests and the benchmark (fixed seeds)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np

from routing.builder import ProblemBuilder
from routing.problem import Problem

DEPOT = (10.0340, 105.7880)  # a provincial library (Cần Thơ)


def working_days(first: date, count: int) -> list[date]:
    """``count`` Monday-to-Friday dates from ``first`` on."""
    out, d = [], first
    while len(out) < count:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def province_problem(
    n_visits: int,
    *,
    days: int = 20,
    vehicles: int = 2,
    seed: int = 0,
    radius_km: float = 35.0,
    first: date = date(2026, 3, 2),
) -> Problem:
    """A province: schools (two windows a day), cultural houses (afternoons), learning centres.

    About one site in six needs two visits at least 7 days apart (a rotating collection out
    and back); boxes go out and come back; a few visits have higher priority; one in ten is
    only allowed in one week. Both buses work 07:00-17:00 with an hour's lunch in 11:00-13:30,
    35 km/h, 20 boxes.
    """
    rng = np.random.default_rng(seed)
    dates = working_days(first, days)
    b = ProblemBuilder(dates)
    b.add_depot("library", *DEPOT)
    for k in range(vehicles):
        b.add_vehicle(
            f"bus{k + 1}",
            "library",
            capacity_boxes=20,
            hours="07:00-17:00",
            lunch="11:00-13:30",
            lunch_min=60,
            speed_kmh=35.0,
        )
    made = 0
    site = 0
    while made < n_visits:
        site += 1
        r = radius_km * math.sqrt(rng.uniform(0.02, 1.0))
        a = rng.uniform(0, 2 * math.pi)
        lat = DEPOT[0] + r * math.cos(a) / 111.0
        lon = DEPOT[1] + r * math.sin(a) / (111.0 * math.cos(math.radians(DEPOT[0])))
        kind = rng.choice(["school", "culture", "clc"], p=[0.7, 0.2, 0.1])
        windows = {
            "school": ["07:00-11:15", "13:30-16:45"],
            "culture": ["13:30-17:00"],
            "clc": ["07:30-11:30", "13:30-16:30"],
        }[str(kind)]
        fields = {
            "duration_min": int(rng.choice([90, 120, 150])),
            "setup_min": 15,
            "windows": windows,
            "deliver_boxes": int(rng.integers(2, 7)),
            "collect_boxes": int(rng.integers(0, 7)),
            "priority": int(rng.choice([1, 1, 1, 2, 3])),
        }
        if rng.uniform() < 0.1:
            week = int(rng.integers(0, max(1, days // 5)))
            fields["dates"] = dates[week * 5 : week * 5 + 5]
        sid = f"{kind}-{site}"
        if made + 2 <= n_visits and rng.uniform() < 0.17:
            fields.pop("dates", None)
            b.add_periodic_visits(sid, lat, lon, count=2, min_gap_days=7, **fields)
            made += 2
        else:
            b.add_visit(sid, sid, lat, lon, **fields)
            made += 1
    return b.build()
