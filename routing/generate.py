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


def afternoons_problem(n_visits: int, *, days: int = 5, vehicles: int = 2, seed: int = 0) -> Problem:
    """Reading afternoons: buses out 13:00-18:30 (no lunch in the shift), 45-60 min visits to
    village reading corners and schools open one window each (13:30-16:30, 14:00-18:00 or
    15:00-18:00), within 25 km of the library; 20 boxes, 1-3 out and 0-2 back. A problem PyVRP's
    model holds exactly (:mod:`routing.pyvrp_days`)."""
    rng = np.random.default_rng(seed)
    b = ProblemBuilder(working_days(date(2026, 3, 2), days))
    b.add_depot("library", *DEPOT)
    for k in range(vehicles):
        b.add_vehicle(f"bus{k + 1}", "library", capacity_boxes=20, hours="13:00-18:30", speed_kmh=35.0)
    for k in range(n_visits):
        r = 25.0 * math.sqrt(rng.uniform(0.02, 1.0))
        a = rng.uniform(0, 2 * math.pi)
        lat = DEPOT[0] + r * math.cos(a) / 111.0
        lon = DEPOT[1] + r * math.sin(a) / (111.0 * math.cos(math.radians(DEPOT[0])))
        b.add_visit(
            f"corner-{k + 1}",
            f"corner-{k + 1}",
            lat,
            lon,
            duration_min=int(rng.choice([45, 60])),
            windows=[str(rng.choice(["13:30-16:30", "14:00-18:00", "15:00-18:00"]))],
            deliver_boxes=int(rng.integers(1, 4)),
            collect_boxes=int(rng.integers(0, 3)),
            priority=int(rng.choice([1, 1, 2])),
        )
    return b.build()


def _place(rng, centre, dist_km, spread_km):
    """A point ``dist_km`` from ``centre`` in a random direction, jittered by ``spread_km``."""
    a = rng.uniform(0, 2 * math.pi)
    lat = centre[0] + (dist_km * math.cos(a) + rng.normal(0, spread_km)) / 111.0
    lon = centre[1] + (dist_km * math.sin(a) + rng.normal(0, spread_km)) / (111.0 * math.cos(math.radians(centre[0])))
    return lat, lon


def _add_site_visits(b, rng, sid, lat, lon, dates, **extra):
    kind = sid.split("-")[0]
    windows = {"school": ["07:00-11:15", "13:30-16:45"], "culture": ["13:30-17:00"]}[kind]
    fields = {
        "duration_min": int(rng.choice([90, 120])),
        "setup_min": 15,
        "windows": windows,
        "deliver_boxes": int(rng.integers(2, 5)),
        "collect_boxes": int(rng.integers(0, 4)),
        "priority": int(rng.choice([1, 1, 2])),
        **extra,
    }
    if rng.uniform() < 0.07:
        b.add_periodic_visits(sid, lat, lon, count=2, min_gap_days=7, **fields)
        return 2
    b.add_visit(sid, sid, lat, lon, **fields)
    return 1


MOUNTAIN_DEPOT = (22.4856, 103.9707)  # a provincial library in the northern mountains (Lào Cai)


def mountain_problem(
    n_sites: int = 110, *, communes: int = 16, days: int = 20, max_trip_days: int = 3, seed: int = 0
) -> Problem:
    """A mountain province: communes 8-120 km from the library on slow roads (25 km/h), a
    lodging in every commune, two buses that may leave for trips of up to ``max_trip_days``.

    About half the communes are too far for a round trip in a working day (07:00-17:00 with an
    hour's lunch); their sites can only be served on a trip with nights away.
    """
    rng = np.random.default_rng(seed)
    dates = working_days(date(2026, 3, 2), days)
    b = ProblemBuilder(dates)
    b.add_depot("library", *MOUNTAIN_DEPOT)
    for k in range(2):
        b.add_vehicle(
            f"bus{k + 1}",
            "library",
            capacity_boxes=20,
            hours="07:00-17:00",
            lunch="11:00-13:30",
            lunch_min=60,
            speed_kmh=25.0,
            max_trip_days=max_trip_days,
        )
    centres = []
    for c in range(communes):
        dist = 8 + 112 * (c + rng.uniform()) / communes
        centre = _place(rng, MOUNTAIN_DEPOT, dist, 0)
        centres.append(centre)
        b.add_commune(f"xa-{c + 1}")
        b.add_lodging(f"nha-nghi-{c + 1}", f"xa-{c + 1}", *centre, cost_per_night=40.0)
    for s in range(n_sites):
        c = int(rng.integers(0, communes))
        lat, lon = _place(rng, centres[c], 0, 3.0)
        kind = "school" if rng.uniform() < 0.8 else "culture"
        _add_site_visits(b, rng, f"{kind}-{s + 1}", lat, lon, dates, commune_id=f"xa-{c + 1}")
    return b.build()


COASTAL_DEPOT = (15.1214, 108.8044)  # a provincial library on the central coast (Quảng Ngãi)
PORT = (15.1900, 108.8800)  # mainland port
ISLAND = (15.3800, 109.1150)  # island special zone, about 30 km offshore
ISLAND_PORT = (15.3760, 109.1100)


def coastal_problem(n_sites: int = 80, *, days: int = 20, vehicles: int = 2, seed: int = 0) -> Problem:
    """A coastal province: mainland communes within 40 km, an island special zone (*đặc khu*)
    reached by a car ferry from a named port (70 min, five departures each way), a small island
    commune with no ferry for the bus (``no_road``), and one mainland hamlet marked ``no_road``.
    """
    rng = np.random.default_rng(seed)
    dates = working_days(date(2026, 3, 2), days)
    b = ProblemBuilder(dates)
    b.add_depot("library", *COASTAL_DEPOT)
    for k in range(vehicles):
        b.add_vehicle(f"bus{k + 1}", "library", capacity_boxes=20, hours="07:00-17:00", max_trip_days=2)
    b.add_ferry(
        "pha-ly-son",
        PORT,
        ISLAND_PORT,
        crossing_min=70,
        departures=["07:00", "08:00", "09:30", "13:00", "14:30"],
        return_departures=["07:30", "10:00", "13:00", "14:30", "15:30"],
        cost=60.0,
    )
    b.add_commune("dac-khu-ly-son", kind="special_zone", ferry_id="pha-ly-son")
    b.add_commune("xa-dao-be", kind="special_zone")  # no ferry the bus can take: no_road by default
    b.add_commune("xa-ven-bien")
    b.add_lodging("nha-khach-ly-son", "dac-khu-ly-son", *ISLAND, cost_per_night=50.0)
    n_island = max(4, n_sites // 8)
    for s in range(n_sites):
        if s < n_island:
            lat, lon = _place(rng, ISLAND, 0, 1.5)
            extra = {"commune_id": "dac-khu-ly-son"}
        elif s < n_island + 2:
            lat, lon = _place(rng, (15.40, 109.16), 0, 0.5)
            extra = {"commune_id": "xa-dao-be"}
        else:
            lat, lon = _place(rng, COASTAL_DEPOT, 40 * math.sqrt(rng.uniform(0.02, 1.0)), 0)
            extra = {"commune_id": "xa-ven-bien"}
            if s == n_island + 2:
                extra["access"] = "no_road"  # a hamlet reached only by boat
        kind = "school" if rng.uniform() < 0.75 else "culture"
        _add_site_visits(b, rng, f"{kind}-{s + 1}", lat, lon, dates, **extra)
    return b.build()
