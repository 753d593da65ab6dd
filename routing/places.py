"""Where the crew sleeps and how a site is reached: lodgings, ferry links, communes (plain data).

A site is reached by ``road`` (the default), by ``ferry`` (a crossing from a named port, on a
departure) or not by the bus at all (``no_road``: served only by a rotation delivery, so the
planner leaves its visits out with reason ``no_road``). The access of a visit is its own
``access`` if given, else its commune's; a commune of kind ``special_zone`` (*đặc khu*) is
``ferry`` when it names a ferry link and ``no_road`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from routing.timeplace import SECONDS_PER_DAY, Location

ROAD, FERRY, NO_ROAD_ACCESS = "road", "ferry", "no_road"
ACCESS_MODES = (ROAD, FERRY, NO_ROAD_ACCESS)
COMMUNE_KINDS = ("commune", "ward", "special_zone")


@dataclass(frozen=True)
class Lodging:
    """A place the library names in a commune where the crew may spend the night (bus parked)."""

    id: str
    commune_id: str
    location: Location
    cost_per_night: float = 0.0

    def __post_init__(self) -> None:
        if self.cost_per_night < 0:
            raise ValueError(f"lodging {self.id}: cost_per_night must be >= 0")


@dataclass(frozen=True)
class FerryLink:
    """A crossing between a mainland port and an island port.

    ``departures`` leave the mainland port, ``return_departures`` the island port (seconds since
    midnight, every day). ``bus_boards``: the bus crosses with the crew; otherwise the bus stays at
    the mainland port and the crew cross with the boxes (legs on the island then count no bus
    distance). ``cost`` is added to the plan's cost per crossing, in the unit of ``cost_per_km``.
    """

    id: str
    port: Location
    island_port: Location
    crossing_s: int
    departures: tuple[int, ...]
    return_departures: tuple[int, ...]
    bus_boards: bool = True
    cost: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "departures", tuple(sorted(self.departures)))
        object.__setattr__(self, "return_departures", tuple(sorted(self.return_departures)))
        if self.crossing_s <= 0:
            raise ValueError(f"ferry {self.id}: crossing_s must be positive")
        if not self.departures or not self.return_departures:
            raise ValueError(f"ferry {self.id}: needs departures both ways")
        if any(not 0 <= t < SECONDS_PER_DAY for t in (*self.departures, *self.return_departures)):
            raise ValueError(f"ferry {self.id}: departures must be clock times of one day")
        if self.cost < 0:
            raise ValueError(f"ferry {self.id}: cost must be >= 0")

    def next_departure(self, t: int, outbound: bool) -> int | None:
        """First departure at or after ``t`` that day (``None`` after the last one)."""
        return next((d for d in (self.departures if outbound else self.return_departures) if d >= t), None)

    def max_wait_s(self, day_start_s: int) -> int:
        """Longest wait at either port for someone arriving between ``day_start_s`` and the last departure."""
        worst = 0
        for deps in (self.departures, self.return_departures):
            prev = day_start_s
            for d in deps:
                if d >= day_start_s:
                    worst = max(worst, d - prev)
                    prev = d
        return worst


@dataclass(frozen=True)
class Commune:
    """A commune, ward or island special zone (*đặc khu*) and the access of its sites."""

    id: str
    kind: str = "commune"
    access: str | None = None
    ferry_id: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in COMMUNE_KINDS:
            raise ValueError(f"commune {self.id}: kind must be one of {COMMUNE_KINDS}")
        if self.access is not None and self.access not in ACCESS_MODES:
            raise ValueError(f"commune {self.id}: access must be one of {ACCESS_MODES}")
        if self.resolved_access() == FERRY and not self.ferry_id:
            raise ValueError(f"commune {self.id}: access 'ferry' needs a ferry_id")

    def resolved_access(self) -> str:
        if self.access is not None:
            return self.access
        if self.kind == "special_zone":
            return FERRY if self.ferry_id else NO_ROAD_ACCESS
        return ROAD
