"""The planner's answer: routes of timed stops, and the visits left out with their reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from routing.checker import check
from routing.problem import format_clock

# Reasons a visit is left out (stable codes; the message names the site).
NO_WORKING_DATE = "no_working_date"
WINDOW_TOO_SHORT = "window_too_short"
UNREACHABLE = "unreachable"
TOO_HEAVY = "too_heavy"
NO_ROOM = "no_room"
SITE_CLOSED = "site_closed"
SPACING = "spacing"


@dataclass(frozen=True)
class Stop:
    """A served visit. Times are seconds since midnight of the route's date.

    ``start_s`` is when set-up begins; the visit occupies ``[start_s, departure_s)``.
    ``distance_m`` is the leg from the previous stop (or the depot); ``load_after`` the boxes on
    board when leaving.
    """

    visit_id: str
    site_id: str
    arrival_s: int
    start_s: int
    departure_s: int
    distance_m: int
    load_after: int


@dataclass(frozen=True)
class Route:
    """One vehicle on one date: leaves the depot at ``start_s``, is back at ``end_s``."""

    vehicle_id: str
    date: date
    start_s: int
    end_s: int
    stops: tuple[Stop, ...]
    distance_m: int
    load_start: int = 0
    break_start_s: int | None = None

    @property
    def duration_s(self) -> int:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class LeftOut:
    """A visit not in the plan, why (``reason`` is a stable code) and a message naming the site."""

    visit_id: str
    site_id: str
    reason: str
    message: str


@dataclass(frozen=True)
class Plan:
    """Routes sorted by (date, vehicle); empty shifts are not listed."""

    routes: tuple[Route, ...]
    left_out: tuple[LeftOut, ...] = ()
    stats: dict = field(default_factory=dict, compare=False)

    @property
    def distance_m(self) -> int:
        return sum(r.distance_m for r in self.routes)

    @property
    def duration_s(self) -> int:
        return sum(r.duration_s for r in self.routes)

    def served(self) -> dict[str, tuple[Route, Stop]]:
        """Visit id -> (route, stop)."""
        return {s.visit_id: (r, s) for r in self.routes for s in r.stops}

    def is_feasible(self, problem, matrix=None) -> bool:
        """True when :func:`routing.check` finds no violation (mandatory visits served included)."""
        return not check(problem, self, matrix)

    def route_for(self, vehicle_id: str, day: date) -> Route | None:
        return next((r for r in self.routes if r.vehicle_id == vehicle_id and r.date == day), None)

    def summary(self) -> str:
        """A short human-readable account of the plan."""
        lines = [
            f"{len(self.routes)} routes, {sum(len(r.stops) for r in self.routes)} visits, "
            f"{self.distance_m / 1000:.1f} km, {self.duration_s / 3600:.1f} h on the road, "
            f"{len(self.left_out)} left out"
        ]
        for r in self.routes:
            stops = ", ".join(f"{s.visit_id}@{format_clock(s.start_s)}" for s in r.stops)
            lines.append(
                f"  {r.date} {r.vehicle_id} {format_clock(r.start_s)}-{format_clock(r.end_s)} "
                f"{r.distance_m / 1000:.1f} km: {stops}"
            )
        lines.extend(f"  left out {lo.visit_id}: {lo.message}" for lo in self.left_out)
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "distance_m": self.distance_m,
            "duration_s": self.duration_s,
            "routes": [
                {
                    "vehicle": r.vehicle_id,
                    "date": r.date.isoformat(),
                    "start_s": r.start_s,
                    "end_s": r.end_s,
                    "distance_m": r.distance_m,
                    "duration_s": r.duration_s,
                    "load_start": r.load_start,
                    "break_start_s": r.break_start_s,
                    "stops": [
                        {
                            "visit": s.visit_id,
                            "site": s.site_id,
                            "arrival_s": s.arrival_s,
                            "start_s": s.start_s,
                            "departure_s": s.departure_s,
                            "distance_m": s.distance_m,
                            "load_after": s.load_after,
                        }
                        for s in r.stops
                    ],
                }
                for r in self.routes
            ],
            "left_out": [
                {"visit": lo.visit_id, "site": lo.site_id, "reason": lo.reason, "message": lo.message}
                for lo in self.left_out
            ],
            "stats": self.stats,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Plan:
        """Inverse of :meth:`to_dict`; raises ``KeyError``/``ValueError`` on malformed input."""
        routes = tuple(
            Route(
                vehicle_id=r["vehicle"],
                date=date.fromisoformat(r["date"]),
                start_s=int(r["start_s"]),
                end_s=int(r["end_s"]),
                distance_m=int(r["distance_m"]),
                load_start=int(r.get("load_start", 0)),
                break_start_s=r.get("break_start_s"),
                stops=tuple(
                    Stop(
                        s["visit"],
                        s["site"],
                        int(s["arrival_s"]),
                        int(s["start_s"]),
                        int(s["departure_s"]),
                        int(s["distance_m"]),
                        int(s["load_after"]),
                    )
                    for s in r["stops"]
                ),
            )
            for r in data.get("routes", [])
        )
        left = tuple(
            LeftOut(lo["visit"], lo["site"], lo["reason"], lo.get("message", "")) for lo in data.get("left_out", [])
        )
        return cls(routes, left, dict(data.get("stats", {})))
