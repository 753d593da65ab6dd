"""ProblemBuilder: a convenient way to assemble a :class:`~routing.problem.Problem`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from routing.problem import (
    Commune,
    Depot,
    FerryLink,
    Location,
    Lodging,
    LunchBreak,
    PeriodicTarget,
    Problem,
    Shift,
    TimeWindow,
    Vehicle,
    Visit,
    parse_clock,
)


def _window(w: TimeWindow | str | tuple[int, int]) -> TimeWindow:
    if isinstance(w, TimeWindow):
        return w
    if isinstance(w, str):
        return TimeWindow.parse(w)
    return TimeWindow(int(w[0]), int(w[1]))


def _clock(t: int | str) -> int:
    return parse_clock(t) if isinstance(t, str) else int(t)


class ProblemBuilder:
    """Collects depots, vehicles and visits, then :meth:`build` validates and freezes them.

    Times may be given as seconds since midnight or as ``"HH:MM"``; windows as
    :class:`TimeWindow`, ``"HH:MM-HH:MM"`` or ``(start_s, end_s)``.
    """

    def __init__(self, dates: Iterable[date]):
        self.dates = tuple(dates)
        self.depots: list[Depot] = []
        self.vehicles: list[Vehicle] = []
        self.visits: list[Visit] = []
        self.targets: list[PeriodicTarget] = []
        self.lodgings: list[Lodging] = []
        self.ferries: list[FerryLink] = []
        self.communes: list[Commune] = []

    def add_commune(
        self, id: str, *, kind: str = "commune", access: str | None = None, ferry_id: str | None = None
    ) -> Commune:
        """A commune, ward or ``special_zone`` (*đặc khu*) and how its sites are reached."""
        commune = Commune(id, kind, access, ferry_id)
        self.communes.append(commune)
        return commune

    def add_lodging(self, id: str, commune_id: str, lat: float, lon: float, *, cost_per_night: float = 0) -> Lodging:
        """Where a crew may spend the night in ``commune_id``."""
        lodging = Lodging(id, commune_id, Location(lat, lon), cost_per_night)
        self.lodgings.append(lodging)
        return lodging

    def add_ferry(
        self,
        id: str,
        port: tuple[float, float],
        island_port: tuple[float, float],
        *,
        crossing_min: float,
        departures: Iterable[int | str],
        return_departures: Iterable[int | str],
        bus_boards: bool = True,
        cost: float = 0,
    ) -> FerryLink:
        """A ferry between a mainland ``port`` and an ``island_port`` (lat, lon), departures as "HH:MM"."""
        link = FerryLink(
            id,
            Location(*port),
            Location(*island_port),
            round(crossing_min * 60),
            tuple(_clock(t) for t in departures),
            tuple(_clock(t) for t in return_departures),
            bus_boards,
            cost,
        )
        self.ferries.append(link)
        return link

    def add_depot(self, id: str, lat: float, lon: float) -> Depot:
        depot = Depot(id, Location(lat, lon))
        self.depots.append(depot)
        return depot

    def add_vehicle(
        self,
        id: str,
        depot_id: str,
        *,
        capacity_boxes: int,
        hours: str | tuple = "07:00-17:00",
        dates: Iterable[date] | None = None,
        hours_by_date: Mapping[date, str | tuple] | None = None,
        lunch: str | None = "11:00-13:30",
        lunch_min: int = 60,
        speed_kmh: float = 35.0,
        cost_per_km: float = 1.0,
        max_trip_days: int = 1,
    ) -> Vehicle:
        """Add a vehicle working ``hours`` on ``dates`` (default: the whole horizon).

        ``hours_by_date`` overrides the hours on some dates; ``lunch`` is the window of the
        break of ``lunch_min`` minutes (``None`` for no break); ``max_trip_days`` > 1 allows
        trips with nights at lodgings.
        """
        hours_by_date = dict(hours_by_date or {})
        shifts = []
        for d in sorted(set(dates if dates is not None else self.dates) | set(hours_by_date)):
            w = _window(hours_by_date.get(d, hours))
            shifts.append(Shift(d, w.start_s, w.end_s))
        lb = None
        if lunch:
            lw = _window(lunch)
            lb = LunchBreak(lw.start_s, lw.end_s, lunch_min * 60)
        vehicle = Vehicle(id, depot_id, tuple(shifts), capacity_boxes, speed_kmh, cost_per_km, lb, max_trip_days)
        self.vehicles.append(vehicle)
        return vehicle

    def add_visit(
        self,
        id: str,
        site_id: str,
        lat: float,
        lon: float,
        *,
        duration_min: float,
        setup_min: float = 0,
        windows: Iterable = (),
        windows_by_date: Mapping | None = None,
        dates: Iterable[date] | None = None,
        deliver_boxes: int = 0,
        collect_boxes: int = 0,
        priority: int = 1,
        mandatory: bool = False,
        vehicle_ids: Iterable[str] | None = None,
        commune_id: str | None = None,
        access: str | None = None,
        ferry_id: str | None = None,
    ) -> Visit:
        visit = Visit(
            id=id,
            site_id=site_id,
            location=Location(lat, lon),
            duration_s=round(duration_min * 60),
            setup_s=round(setup_min * 60),
            windows=tuple(_window(w) for w in windows),
            date_windows={d: tuple(_window(w) for w in ws) for d, ws in (windows_by_date or {}).items()},
            dates=None if dates is None else tuple(dates),
            deliver_boxes=deliver_boxes,
            collect_boxes=collect_boxes,
            priority=priority,
            mandatory=mandatory,
            vehicle_ids=None if vehicle_ids is None else tuple(vehicle_ids),
            commune_id=commune_id,
            access=access,
            ferry_id=ferry_id,
        )
        self.visits.append(visit)
        return visit

    def add_periodic_visits(
        self, site_id: str, lat: float, lon: float, *, count: int, min_gap_days: int, **visit_fields
    ) -> list[Visit]:
        """Add ``count`` visits ``"<site_id>#1"``... to ``site_id``, at least ``min_gap_days`` apart."""
        self.targets.append(PeriodicTarget(site_id, count, min_gap_days))
        return [self.add_visit(f"{site_id}#{k}", site_id, lat, lon, **visit_fields) for k in range(1, count + 1)]

    def build(self) -> Problem:
        """Validate and freeze; raises ``ValueError`` naming the offending object."""
        return Problem(
            self.dates,
            tuple(self.depots),
            tuple(self.vehicles),
            tuple(self.visits),
            tuple(self.targets),
            tuple(self.lodgings),
            tuple(self.ferries),
            tuple(self.communes),
        )
