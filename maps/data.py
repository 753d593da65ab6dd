"""Plain data the maps take (built by the backend from its models) and what the render functions return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

import folium


@dataclass
class MapResult:
    """A rendered map and the things that could not be placed on it.

    Attributes
    ----------
    map
        The ``folium.Map``; pass it (or this object) to :func:`maps.to_html`.
    unplaced
        Names of the sites, vehicles or places left off the map for lack of coordinates; the page lists them too.
    counts
        What the legend counts (e.g. coverage status -> number of sites).
    """

    map: folium.Map
    unplaced: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CoverageSite:
    """An active service site and its visit history, for the coverage map.

    ``last_visit`` is the date of the last real (done) visit, ``None`` if never; ``lat``/``lon`` may be ``None``.
    """

    id: str
    name: str
    kind: str
    lat: float | None
    lon: float | None
    last_visit: date | None
    target_interval_days: int

    def __post_init__(self) -> None:
        if self.target_interval_days <= 0:
            raise ValueError(f"site {self.id}: target_interval_days must be positive")


@dataclass(frozen=True)
class LiveStop:
    """One of today's stops of a vehicle, in route order."""

    name: str
    lat: float | None
    lon: float | None
    done: bool
    planned_arrival: time | None = None
    expected: str | None = None  # when the bus is now expected, as the caller words it ("about 10:40, 25 min late")


@dataclass(frozen=True)
class LiveVehicle:
    """A vehicle's latest known position (``at`` is timezone-aware) and today's stops."""

    id: str
    name: str
    lat: float | None
    lon: float | None
    at: datetime | None
    stops: tuple[LiveStop, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "stops", tuple(self.stops))
        if self.at is not None and self.at.tzinfo is None:
            raise ValueError(f"vehicle {self.id}: position time must be timezone-aware")


@dataclass(frozen=True)
class ActivityPoint:
    """A commune or site and its figure for the period (reader visits, loans...)."""

    id: str
    name: str
    lat: float | None
    lon: float | None
    value: float

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError(f"{self.id}: value must be >= 0")


CHANGE_KINDS = ("added", "moved", "moved_away", "retimed", "dropped")


@dataclass(frozen=True)
class ChangeMarker:
    """What a draft does to one visit against the published plan, drawn at the visit's site on the plan map.

    ``kind`` is ``"added"`` (not in the published plan), ``"moved"`` (here now, from another date or bus),
    ``"moved_away"`` (was here, now on another date or bus: shown on the map of the day or bus it left),
    ``"retimed"`` (same day and bus, another time) or ``"dropped"`` (on no route any more). ``label`` is the site's
    name and ``detail`` the change in words for the popup ("Chuyển từ 08/12, xe 65A-001.23, 08:30");
    ``lat``/``lon`` may be ``None`` (the marker is then left out).
    """

    kind: str
    label: str
    lat: float | None
    lon: float | None
    detail: str

    def __post_init__(self) -> None:
        if self.kind not in CHANGE_KINDS:
            raise ValueError(f"{self.label}: change kind must be one of {', '.join(CHANGE_KINDS)}, not {self.kind!r}")
