"""ProblemBuilder: a convenient way to assemble a :class:`~routing.problem.Problem`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from routing.problem import (
    Depot,
    Location,
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
    ) -> Vehicle:
        """Add a vehicle working ``hours`` on ``dates`` (default: the whole horizon).

        ``hours_by_date`` overrides the hours on some dates; ``lunch`` is the window of the
        break of ``lunch_min`` minutes (``None`` for no break).
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
        vehicle = Vehicle(id, depot_id, tuple(shifts), capacity_boxes, speed_kmh, cost_per_km, lb)
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
        return Problem(self.dates, tuple(self.depots), tuple(self.vehicles), tuple(self.visits), tuple(self.targets))
