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
NO_ROAD = "no_road"  # reached only by a rotation delivery, never by the bus


@dataclass(frozen=True)
class Stop:
    """A served visit. Times are seconds since midnight of the route's date.

    ``start_s`` is when set-up begins; the visit occupies ``[start_s, departure_s)``.
    ``distance_m`` is the leg from the previous stop (or the depot); ``load_after`` the boxes on
    board when leaving. ``ferry_departure_s`` is the departure of the ferry taken on that leg
    (``None``: by road only).
    """

    visit_id: str
    site_id: str
    arrival_s: int
    start_s: int
    departure_s: int
    distance_m: int
    load_after: int
    ferry_departure_s: int | None = None


@dataclass(frozen=True)
class Route:
    """One vehicle on one date: leaves the depot at ``start_s``, is back at ``end_s``.

    On a trip of several days, ``start_at`` is the lodging the day starts from (the crew slept
    there) and ``end_at`` the lodging it ends at (``None``: the depot). ``return_ferry_departure_s``
    is the ferry taken on the last leg.
    """

    vehicle_id: str
    date: date
    start_s: int
    end_s: int
    stops: tuple[Stop, ...]
    distance_m: int
    load_start: int = 0
    break_start_s: int | None = None
    start_at: str | None = None
    end_at: str | None = None
    return_ferry_departure_s: int | None = None

    @property
    def duration_s(self) -> int:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class Trip:
    """Consecutive days of one vehicle away from the depot: the routes and the lodgings between them."""

    vehicle_id: str
    routes: tuple[Route, ...]

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(r.date for r in self.routes)

    @property
    def lodgings(self) -> tuple[str, ...]:
        return tuple(r.end_at for r in self.routes[:-1])


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

    def trips(self) -> list[Trip]:
        """Routes grouped into trips: a route that ends at a lodging continues on the next route of
        its vehicle (a day trip is a trip of one route)."""
        out: list[Trip] = []
        open_trip: dict[str, list[Route]] = {}
        for r in sorted(self.routes, key=lambda rt: (rt.vehicle_id, rt.date)):
            chain = open_trip.pop(r.vehicle_id, None)
            if chain is None or r.start_at is None:
                if chain:
                    out.append(Trip(chain[0].vehicle_id, tuple(chain)))
                chain = []
            chain.append(r)
            if r.end_at is None:
                out.append(Trip(r.vehicle_id, tuple(chain)))
            else:
                open_trip[r.vehicle_id] = chain
        out.extend(Trip(c[0].vehicle_id, tuple(c)) for c in open_trip.values())
        return sorted(out, key=lambda t: (t.dates[0], t.vehicle_id))

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
            night = f", night at {r.end_at}" if r.end_at else ""
            lines.append(
                f"  {r.date} {r.vehicle_id} {format_clock(r.start_s)}-{format_clock(r.end_s)} "
                f"{r.distance_m / 1000:.1f} km: {stops}{night}"
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
                    "start_at": r.start_at,
                    "end_at": r.end_at,
                    "return_ferry_departure_s": r.return_ferry_departure_s,
                    "stops": [
                        {
                            "visit": s.visit_id,
                            "site": s.site_id,
                            "arrival_s": s.arrival_s,
                            "start_s": s.start_s,
                            "departure_s": s.departure_s,
                            "distance_m": s.distance_m,
                            "load_after": s.load_after,
                            "ferry_departure_s": s.ferry_departure_s,
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
                start_at=r.get("start_at"),
                end_at=r.get("end_at"),
                return_ferry_departure_s=r.get("return_ferry_departure_s"),
                stops=tuple(
                    Stop(
                        s["visit"],
                        s["site"],
                        int(s["arrival_s"]),
                        int(s["start_s"]),
                        int(s["departure_s"]),
                        int(s["distance_m"]),
                        int(s["load_after"]),
                        s.get("ferry_departure_s"),
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
