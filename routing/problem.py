"""Plain, frozen data describing a multi-day visit-planning problem (no Django, no OR-Tools).

Clock times are integer seconds since local midnight of the date they belong to; dates are
:class:`datetime.date`. Validation happens when an object is built and raises ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from routing.places import ACCESS_MODES, FERRY, ROAD, Commune, FerryLink, Lodging
from routing.timeplace import SECONDS_PER_DAY, Location, TimeWindow, format_clock, parse_clock

__all__ = [
    "SECONDS_PER_DAY",
    "Commune",
    "Depot",
    "FerryLink",
    "Location",
    "Lodging",
    "LunchBreak",
    "PeriodicTarget",
    "Problem",
    "Shift",
    "TimeWindow",
    "Vehicle",
    "Visit",
    "format_clock",
    "parse_clock",
]


@dataclass(frozen=True)
class LunchBreak:
    """A break of ``duration_s`` to be taken wholly inside ``[earliest_start_s, latest_end_s]``.

    It is required on a shift only when the shift covers the whole window (a Saturday-morning
    shift ending at 11:30 needs none).
    """

    earliest_start_s: int
    latest_end_s: int
    duration_s: int

    def __post_init__(self) -> None:
        if self.duration_s <= 0 or self.latest_end_s - self.earliest_start_s < self.duration_s:
            raise ValueError("lunch break window must be at least as long as the break, and the break positive")

    def required_on(self, shift: Shift) -> bool:
        return shift.start_s <= self.earliest_start_s and self.latest_end_s <= shift.end_s


@dataclass(frozen=True)
class Depot:
    id: str
    location: Location


@dataclass(frozen=True, order=True)
class Shift:
    """A vehicle works on ``date`` from ``start_s`` to ``end_s`` (leaving and back at its depot)."""

    date: date
    start_s: int
    end_s: int

    def __post_init__(self) -> None:
        if not 0 <= self.start_s < self.end_s <= SECONDS_PER_DAY:
            raise ValueError(f"shift on {self.date}: working hours must satisfy 0 <= start < end <= 86400")


@dataclass(frozen=True)
class Vehicle:
    """A bus: one route per shift; travel time = distance / ``speed_kmh`` unless the matrix has road times.

    ``max_trip_days`` > 1 lets the bus leave for a trip of up to that many consecutive working
    days, the crew spending the nights at lodgings (:class:`routing.places.Lodging`).
    """

    id: str
    depot_id: str
    shifts: tuple[Shift, ...]
    capacity_boxes: int
    speed_kmh: float = 35.0
    cost_per_km: float = 1.0
    lunch: LunchBreak | None = None
    max_trip_days: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "shifts", tuple(sorted(self.shifts)))
        if not 1 <= self.max_trip_days <= 14:
            raise ValueError(f"vehicle {self.id}: max_trip_days must be 1..14")
        if self.capacity_boxes < 0:
            raise ValueError(f"vehicle {self.id}: capacity_boxes must be >= 0")
        if self.speed_kmh <= 0:
            raise ValueError(f"vehicle {self.id}: speed_kmh must be positive")
        if self.cost_per_km < 0:
            raise ValueError(f"vehicle {self.id}: cost_per_km must be >= 0")
        dates = [s.date for s in self.shifts]
        if len(set(dates)) != len(dates):
            raise ValueError(f"vehicle {self.id}: more than one shift on a date")

    def shift_on(self, day: date) -> Shift | None:
        return next((s for s in self.shifts if s.date == day), None)


@dataclass(frozen=True)
class Visit:
    """One visit to a site: set-up then service, wholly inside one of the day's windows.

    Parameters
    ----------
    windows
        Windows valid on every allowed date; empty means "any time in the working day".
    date_windows
        Per-date overrides, as a mapping ``date -> [TimeWindow, ...]`` (an empty list closes
        that date). Stored as a sorted tuple of pairs so the object stays hashable.
    dates
        Allowed dates; ``None`` means every date of the horizon.
    priority
        Weight of the penalty for leaving the visit out (>= 1).
    mandatory
        Must be served; if it cannot be, the plan lists it as left out with the reason and the
        checker reports it.
    vehicle_ids
        Vehicles allowed to make the visit; ``None`` means any.
    commune_id
        The site's commune (:class:`routing.places.Commune`), for its access and lodging.
    access, ferry_id
        ``"road"``, ``"ferry"`` (with ``ferry_id``) or ``"no_road"``; ``None``: the commune's.
    """

    id: str
    site_id: str
    location: Location
    duration_s: int
    setup_s: int = 0
    windows: tuple[TimeWindow, ...] = ()
    date_windows: tuple[tuple[date, tuple[TimeWindow, ...]], ...] | Mapping = ()
    dates: tuple[date, ...] | None = None
    deliver_boxes: int = 0
    collect_boxes: int = 0
    priority: int = 1
    mandatory: bool = False
    vehicle_ids: tuple[str, ...] | None = None
    commune_id: str | None = None
    access: str | None = None
    ferry_id: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "windows", tuple(sorted(self.windows)))
        if self.access is not None and self.access not in ACCESS_MODES:
            raise ValueError(f"visit {self.id}: access must be one of {ACCESS_MODES}")
        if self.access == FERRY and not self.ferry_id:
            raise ValueError(f"visit {self.id}: access 'ferry' needs a ferry_id")
        if self.vehicle_ids is not None:
            object.__setattr__(self, "vehicle_ids", tuple(self.vehicle_ids))
        dw = self.date_windows.items() if isinstance(self.date_windows, Mapping) else self.date_windows
        object.__setattr__(self, "date_windows", tuple(sorted((d, tuple(sorted(ws))) for d, ws in dw)))
        if self.dates is not None:
            object.__setattr__(self, "dates", tuple(sorted(set(self.dates))))
        if self.duration_s <= 0 or self.setup_s < 0:
            raise ValueError(f"visit {self.id}: duration_s must be positive and setup_s >= 0")
        if self.deliver_boxes < 0 or self.collect_boxes < 0:
            raise ValueError(f"visit {self.id}: box counts must be >= 0")
        if self.priority < 1:
            raise ValueError(f"visit {self.id}: priority must be >= 1")

    @property
    def total_s(self) -> int:
        """Time on site: set-up plus service."""
        return self.setup_s + self.duration_s

    def windows_on(self, day: date, shift: Shift | None = None) -> tuple[TimeWindow, ...]:
        """Windows on ``day``; with no windows given, the shift's working hours."""
        for d, ws in self.date_windows:
            if d == day:
                return ws
        if self.windows:
            return self.windows
        if shift is not None:
            return (TimeWindow(shift.start_s, shift.end_s),)
        return (TimeWindow(0, SECONDS_PER_DAY),)

    def allowed_on(self, day: date, vehicle_id: str | None = None) -> bool:
        if vehicle_id is not None and self.vehicle_ids is not None and vehicle_id not in self.vehicle_ids:
            return False
        return self.dates is None or day in self.dates


@dataclass(frozen=True)
class PeriodicTarget:
    """Site ``site_id`` needs ``visits`` visits in the horizon, at least ``min_gap_days`` apart.

    The visits themselves are ordinary :class:`Visit` objects with this ``site_id``
    (:meth:`routing.ProblemBuilder.add_periodic_visits` makes them); the gap is a hard rule
    between any two served visits of the site.
    """

    site_id: str
    visits: int
    min_gap_days: int

    def __post_init__(self) -> None:
        if self.visits < 1 or self.min_gap_days < 0:
            raise ValueError(f"periodic target {self.site_id}: visits >= 1 and min_gap_days >= 0")


@dataclass(frozen=True)
class Problem:
    """Everything the planner needs: horizon, depots, vehicles with their shifts, visits, targets."""

    dates: tuple[date, ...]
    depots: tuple[Depot, ...]
    vehicles: tuple[Vehicle, ...]
    visits: tuple[Visit, ...]
    periodic_targets: tuple[PeriodicTarget, ...] = ()
    lodgings: tuple[Lodging, ...] = ()
    ferries: tuple[FerryLink, ...] = ()
    communes: tuple[Commune, ...] = ()
    _index: dict = field(default=None, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        for name in ("dates", "depots", "vehicles", "visits", "periodic_targets", "lodgings", "ferries", "communes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "dates", tuple(sorted(set(self.dates))))
        if not self.dates:
            raise ValueError("the horizon is empty: give at least one date")
        if not self.vehicles:
            raise ValueError("no vehicles")
        _unique("depot", (d.id for d in self.depots))
        _unique("vehicle", (v.id for v in self.vehicles))
        _unique("visit", (v.id for v in self.visits))
        depot_ids = {d.id for d in self.depots}
        horizon = set(self.dates)
        for v in self.vehicles:
            if v.depot_id not in depot_ids:
                raise ValueError(f"vehicle {v.id}: unknown depot {v.depot_id!r}")
            outside = [s.date for s in v.shifts if s.date not in horizon]
            if outside:
                raise ValueError(f"vehicle {v.id}: shift on {outside[0]} is outside the horizon")
        sites: dict[str, Location] = {}
        for vis in self.visits:
            if vis.dates is not None and any(d not in horizon for d in vis.dates):
                raise ValueError(f"visit {vis.id}: allowed date outside the horizon")
            if vis.vehicle_ids is not None and any(v not in self._vehicle_ids() for v in vis.vehicle_ids):
                raise ValueError(f"visit {vis.id}: unknown vehicle in vehicle_ids")
            if sites.setdefault(vis.site_id, vis.location) != vis.location:
                raise ValueError(f"visit {vis.id}: site {vis.site_id} has two different locations")
        _unique("periodic target site", (t.site_id for t in self.periodic_targets))
        for t in self.periodic_targets:
            n = sum(1 for v in self.visits if v.site_id == t.site_id)
            if n < t.visits:
                raise ValueError(f"periodic target {t.site_id}: needs {t.visits} visits, problem has {n}")
        object.__setattr__(
            self,
            "_index",
            {
                "visit": {v.id: v for v in self.visits},
                "vehicle": {v.id: v for v in self.vehicles},
                "depot": {d.id: d for d in self.depots},
                "target": {t.site_id: t for t in self.periodic_targets},
                "lodging": {lo.id: lo for lo in self.lodgings},
                "ferry": {f.id: f for f in self.ferries},
                "commune": {c.id: c for c in self.communes},
            },
        )
        self._check_places()

    def _check_places(self) -> None:
        _unique("lodging", (lo.id for lo in self.lodgings))
        _unique("ferry", (f.id for f in self.ferries))
        _unique("commune", (c.id for c in self.communes))
        for c in self.communes:
            if c.ferry_id is not None and c.ferry_id not in self._index["ferry"]:
                raise ValueError(f"commune {c.id}: unknown ferry {c.ferry_id!r}")
        for lo in self.lodgings:
            if lo.commune_id not in self._index["commune"]:
                raise ValueError(f"lodging {lo.id}: unknown commune {lo.commune_id!r}")
        for v in self.visits:
            if v.commune_id is not None and v.commune_id not in self._index["commune"]:
                raise ValueError(f"visit {v.id}: unknown commune {v.commune_id!r}")
            if v.ferry_id is not None and v.ferry_id not in self._index["ferry"]:
                raise ValueError(f"visit {v.id}: unknown ferry {v.ferry_id!r}")
        sides: dict[str, str | None] = {}
        for v in self.visits:
            if sides.setdefault(v.site_id, self.access_of(v)[1]) != self.access_of(v)[1]:
                raise ValueError(f"visit {v.id}: site {v.site_id} has two different accesses")

    def access_of(self, visit: Visit) -> tuple[str, str | None]:
        """(``"road"`` | ``"ferry"`` | ``"no_road"``, ferry id or ``None``) of a visit's site."""
        if visit.access is not None:
            return visit.access, visit.ferry_id if visit.access == FERRY else None
        commune = self._index["commune"].get(visit.commune_id) if visit.commune_id else None
        if commune is None:
            return ROAD, None
        mode = commune.resolved_access()
        return mode, commune.ferry_id if mode == FERRY else None

    def lodging(self, lodging_id: str) -> Lodging:
        return self._index["lodging"][lodging_id]

    def ferry(self, ferry_id: str) -> FerryLink:
        return self._index["ferry"][ferry_id]

    def commune(self, commune_id: str) -> Commune | None:
        return self._index["commune"].get(commune_id)

    def side_of_commune(self, commune_id: str | None) -> str | None:
        """Ferry id of the island a commune is on (``None``: the mainland)."""
        commune = self._index["commune"].get(commune_id) if commune_id else None
        if commune is None or commune.resolved_access() != FERRY:
            return None
        return commune.ferry_id

    def _vehicle_ids(self) -> set[str]:
        return {v.id for v in self.vehicles}

    def has_visit(self, visit_id: str) -> bool:
        return visit_id in self._index["visit"]

    def visit(self, visit_id: str) -> Visit:
        return self._index["visit"][visit_id]

    def vehicle(self, vehicle_id: str) -> Vehicle:
        return self._index["vehicle"][vehicle_id]

    def depot(self, depot_id: str) -> Depot:
        return self._index["depot"][depot_id]

    def target(self, site_id: str) -> PeriodicTarget | None:
        return self._index["target"].get(site_id)

    def day_index(self, day: date) -> int:
        """Calendar days since the first date of the horizon."""
        return (day - self.dates[0]).days

    def points(self) -> list[tuple[str, Location]]:
        """Matrix keys and locations: ``depot:<id>``, ``site:<id>``, ``lodging:<id>``, and for each
        ferry ``port:<id>`` (mainland) and ``isle:<id>`` (island port)."""
        pts = [(f"depot:{d.id}", d.location) for d in self.depots]
        seen: set[str] = set()
        for v in self.visits:
            if v.site_id not in seen:
                seen.add(v.site_id)
                pts.append((f"site:{v.site_id}", v.location))
        pts.extend((f"lodging:{lo.id}", lo.location) for lo in self.lodgings)
        for f in self.ferries:
            pts.extend(((f"port:{f.id}", f.port), (f"isle:{f.id}", f.island_port)))
        return pts


def _unique(kind: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {kind} id {i!r}")
        seen.add(i)
