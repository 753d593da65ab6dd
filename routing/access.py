"""Travel that knows about water: legs to and from island sites go through a ferry link's ports.

:class:`Legs` wraps a :class:`~routing.matrix.TravelMatrix` and answers the same questions
(``distance``, ``durations``, ``duration``) with every leg between the mainland and an island
routed port to port; a leg between two different islands has no way (``UNREACHABLE``). Static
durations of a crossing leg count the crossing and the longest wait for a departure, so a plan
feasible on them is feasible on the real timetable; :meth:`Legs.arrive` gives the real arrival
on a departure. A plain ``TravelMatrix`` answers ``arrive`` and ``crossing`` too (road only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from routing.matrix import UNREACHABLE, TravelMatrix
from routing.places import FERRY, FerryLink
from routing.problem import Problem


@dataclass(frozen=True)
class Crossing:
    """The ferry taken on a leg: ``outbound`` from the mainland port, else from the island port."""

    link: FerryLink
    outbound: bool


class Legs:
    """An access-aware travel matrix over the same keys as ``matrix``."""

    def __init__(self, problem: Problem, matrix: TravelMatrix):
        self.problem, self.matrix = problem, matrix
        self.keys = matrix.keys
        self._pos = matrix._pos
        n = len(self.keys)
        self.side = np.full(n, -1, dtype=np.int64)  # -1 mainland, else position in problem.ferries
        ferry_pos = {f.id: k for k, f in enumerate(problem.ferries)}
        for key, i in self._pos.items():
            kind, _, ident = key.partition(":")
            link = None
            if kind == "site":
                visit = next((v for v in problem.visits if v.site_id == ident), None)
                if visit is not None:
                    mode, link = problem.access_of(visit)
                    link = link if mode == FERRY else None
            elif kind == "lodging" and ident in problem._index["lodging"]:
                link = problem.side_of_commune(problem.lodging(ident).commune_id)
            elif kind == "isle":
                link = ident
            if link is not None:
                self.side[i] = ferry_pos[link]
        starts = [s.start_s for v in problem.vehicles for s in v.shifts] or [0]
        self.max_wait = [f.max_wait_s(min(starts)) for f in problem.ferries]
        self.distance_m = self._compose(matrix.distance_m, bus_only=True)
        self._durations: dict[float, np.ndarray] = {}

    @classmethod
    def build(cls, problem: Problem, matrix: TravelMatrix) -> Legs | TravelMatrix:
        """``Legs`` when some site or lodging is across water, else ``matrix`` itself."""
        if isinstance(matrix, Legs) or not problem.ferries:
            return matrix
        return cls(problem, matrix)

    def _compose(self, base: np.ndarray, bus_only: bool = False, crossing: bool = False) -> np.ndarray:
        out = base.copy()
        for k, f in enumerate(self.problem.ferries):
            port, isle = self._pos[f"port:{f.id}"], self._pos[f"isle:{f.id}"]
            island = self.side == k
            main = self.side == -1
            from_isle, to_isle = base[isle, island], base[island, isle]
            if bus_only and not f.bus_boards:
                # the bus waits at the mainland port; the crew move on the island without it
                out[np.ix_(island, island)] = 0
                from_isle, to_isle = np.zeros_like(from_isle), np.zeros_like(to_isle)
            extra = (f.crossing_s + self.max_wait[k]) if crossing else 0
            # mainland -> island: to the port, across, on from the island port; and back
            out[np.ix_(main, island)] = base[main, port][:, None] + extra + from_isle[None, :]
            out[np.ix_(island, main)] = to_isle[:, None] + extra + base[port, main][None, :]
            for j in range(len(self.problem.ferries)):
                if j != k:
                    out[np.ix_(island, self.side == j)] = UNREACHABLE
        return out

    def index(self, key: str) -> int:
        return self._pos[key]

    def crossing_costs(self) -> np.ndarray:
        """Ferry cost (unit of ``cost_per_km``) of each leg between the points."""
        out = np.zeros(self.distance_m.shape)
        for k, f in enumerate(self.problem.ferries):
            island, main = self.side == k, self.side == -1
            out[np.ix_(main, island)] = f.cost
            out[np.ix_(island, main)] = f.cost
        return out

    def distance(self, a: str, b: str) -> int:
        return int(self.distance_m[self._pos[a], self._pos[b]])

    def durations(self, speed_kmh: float) -> np.ndarray:
        """Seconds between points; a crossing leg counts the crossing and the longest wait."""
        if speed_kmh not in self._durations:
            self._durations[speed_kmh] = self._compose(self.matrix.durations(speed_kmh), crossing=True)
        return self._durations[speed_kmh]

    def duration(self, a: str, b: str, speed_kmh: float) -> int:
        return int(self.durations(speed_kmh)[self._pos[a], self._pos[b]])

    def crossing(self, a: str, b: str) -> Crossing | None:
        sa, sb = self.side[self._pos[a]], self.side[self._pos[b]]
        if sa == sb or (sa >= 0 and sb >= 0):
            return None
        return Crossing(self.problem.ferries[max(sa, sb)], outbound=sa < 0)

    def crossing_cost(self, a: str, b: str) -> float:
        c = self.crossing(a, b)
        return c.link.cost if c else 0.0

    def arrive(self, a: str, b: str, speed_kmh: float, depart_s: int) -> tuple[int | None, int | None]:
        """(arrival at ``b`` leaving ``a`` at ``depart_s``, ferry departure taken or ``None``).

        The arrival is ``None`` when the last ferry of the day has gone.
        """
        c = self.crossing(a, b)
        if c is None:
            return depart_s + self.matrix.duration(a, b, speed_kmh), None
        f = c.link
        near, far = (f"port:{f.id}", f"isle:{f.id}") if c.outbound else (f"isle:{f.id}", f"port:{f.id}")
        at_port = depart_s + self.matrix.duration(a, near, speed_kmh)
        leaves = f.next_departure(at_port, c.outbound)
        if leaves is None:
            return None, None
        return leaves + f.crossing_s + self.matrix.duration(far, b, speed_kmh), leaves

    def port_times(self, a: str, b: str, speed_kmh: float) -> tuple[int, int]:
        """Driving before and after the crossing of a crossing leg (seconds)."""
        c = self.crossing(a, b)
        f = c.link
        near, far = (f"port:{f.id}", f"isle:{f.id}") if c.outbound else (f"isle:{f.id}", f"port:{f.id}")
        return self.matrix.duration(a, near, speed_kmh), self.matrix.duration(far, b, speed_kmh)


def road_arrive(matrix: TravelMatrix, a: str, b: str, speed_kmh: float, depart_s: int):
    """:meth:`Legs.arrive` for a matrix without water: (arrival, ``None``)."""
    return depart_s + matrix.duration(a, b, speed_kmh), None


def arrive(legs, a: str, b: str, speed_kmh: float, depart_s: int) -> tuple[int | None, int | None]:
    """Arrival and ferry departure on any travel data (``Legs`` or a plain ``TravelMatrix``)."""
    if isinstance(legs, Legs):
        return legs.arrive(a, b, speed_kmh, depart_s)
    return road_arrive(legs, a, b, speed_kmh, depart_s)


def crossing(legs, a: str, b: str) -> Crossing | None:
    return legs.crossing(a, b) if isinstance(legs, Legs) else None
