"""Solomon-style VRPTW instances (Euclidean, travel time = distance) for the benchmark.

Kept apart from :mod:`routing.problem` because Solomon works on planar coordinates with
fractional distances, while the library bus works on WGS84 coordinates with integer metres
and seconds. The checker here recomputes everything with unrounded Euclidean distances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from routing.exceptions import InvalidInstanceError

EPS = 1e-6


@dataclass(frozen=True)
class VrptwInstance:
    """A capacitated VRP with time windows; node 0 is the depot."""

    name: str
    coords: np.ndarray  # (n, 2) float
    demand: np.ndarray  # (n,) int
    ready: np.ndarray  # (n,) float
    due: np.ndarray  # (n,) float
    service: np.ndarray  # (n,) float
    capacity: int
    fleet: int

    @property
    def n_customers(self) -> int:
        return len(self.demand) - 1

    def distances(self) -> np.ndarray:
        """Unrounded Euclidean distance matrix."""
        diff = self.coords[:, None, :] - self.coords[None, :, :]
        return np.sqrt((diff**2).sum(axis=2))


@dataclass(frozen=True)
class VrptwSolution:
    """Routes as lists of customer numbers (depot excluded) and the unrounded total distance."""

    routes: tuple[tuple[int, ...], ...]
    distance: float
    unserved: tuple[int, ...] = ()

    @property
    def vehicles(self) -> int:
        return sum(1 for r in self.routes if r)

    def to_dict(self) -> dict:
        return {
            "routes": [list(r) for r in self.routes if r],
            "distance": round(self.distance, 4),
            "vehicles": self.vehicles,
            "unserved": list(self.unserved),
        }


def read_solomon(path: str | Path) -> VrptwInstance:
    """Read a Solomon VRPTW text file with :mod:`vrplib`.

    Raises
    ------
    InvalidInstanceError
        If the file cannot be parsed or misses a section; the message names the file.
    """
    import vrplib  # only the Solomon reader needs it

    path = Path(path)
    try:
        data = vrplib.read_instance(str(path), instance_format="solomon")
    except FileNotFoundError:
        raise
    except Exception as exc:  # vrplib raises bare ValueError/IndexError on malformed text
        raise InvalidInstanceError(f"not a readable Solomon file ({exc})", source=str(path)) from exc
    for key in ("node_coord", "demand", "time_window", "service_time", "vehicles", "capacity"):
        if key not in data:
            raise InvalidInstanceError(f"missing {key!r} section", source=str(path), field=key)
    tw = np.asarray(data["time_window"], dtype=float)
    inst = VrptwInstance(
        name=str(data.get("name", path.stem)).lower(),
        coords=np.asarray(data["node_coord"], dtype=float),
        demand=np.asarray(data["demand"], dtype=int),
        ready=tw[:, 0],
        due=tw[:, 1],
        service=np.asarray(data["service_time"], dtype=float),
        capacity=int(data["capacity"]),
        fleet=int(data["vehicles"]),
    )
    for i in range(len(inst.demand)):
        if inst.ready[i] > inst.due[i]:
            raise InvalidInstanceError(
                f"customer {i}: ready time after due date", source=str(path), field=f"customer {i}"
            )
    return inst


def route_distance(dist: np.ndarray, route: tuple[int, ...]) -> float:
    if not route:
        return 0.0
    path = (0, *route, 0)
    return float(sum(dist[a, b] for a, b in zip(path, path[1:], strict=False)))


def check_vrptw(inst: VrptwInstance, sol: VrptwSolution) -> list[str]:
    """Verify a solution with unrounded Euclidean times; return human-readable violations."""
    errors: list[str] = []
    dist = inst.distances()
    seen: dict[int, int] = {}
    used = [r for r in sol.routes if r]
    if len(used) > inst.fleet:
        errors.append(f"{len(used)} routes exceed the fleet of {inst.fleet}")
    total = 0.0
    for k, route in enumerate(used):
        load = 0
        t = inst.ready[0]
        prev = 0
        for c in route:
            if not 1 <= c <= inst.n_customers:
                errors.append(f"route {k}: unknown customer {c}")
                continue
            seen[c] = seen.get(c, 0) + 1
            load += int(inst.demand[c])
            t = max(t + dist[prev, c], inst.ready[c])
            if t > inst.due[c] + EPS:
                errors.append(f"route {k}: customer {c} served at {t:.4f} after due {inst.due[c]:g}")
            t += inst.service[c]
            prev = c
        t += dist[prev, 0]
        if t > inst.due[0] + EPS:
            errors.append(f"route {k}: returns at {t:.4f} after depot due {inst.due[0]:g}")
        if load > inst.capacity:
            errors.append(f"route {k}: load {load} exceeds capacity {inst.capacity}")
        total += route_distance(dist, route)
    for c in range(1, inst.n_customers + 1):
        if seen.get(c, 0) != 1 and c not in sol.unserved:
            errors.append(f"customer {c} served {seen.get(c, 0)} times")
    if not math.isclose(total, sol.distance, rel_tol=1e-6, abs_tol=1e-4):
        errors.append(f"reported distance {sol.distance:.4f} differs from recomputed {total:.4f}")
    return errors
