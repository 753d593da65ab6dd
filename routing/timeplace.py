"""Basic values: clock times, WGS84 locations and time windows of one day."""

from __future__ import annotations

from dataclasses import dataclass

SECONDS_PER_DAY = 86_400


def parse_clock(text: str) -> int:
    """``"07:30"`` or ``"07:30:15"`` -> seconds since midnight; ``"24:00"`` is allowed."""
    parts = text.strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise ValueError(f"clock time {text!r} is not HH:MM")
    h, m, s = (int(p) for p in (*parts, "0")[:3])
    if m > 59 or s > 59 or h * 3600 + m * 60 + s > SECONDS_PER_DAY:
        raise ValueError(f"clock time {text!r} is out of range")
    return h * 3600 + m * 60 + s


def format_clock(seconds: int) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}" + (f":{seconds % 60:02d}" if seconds % 60 else "")


@dataclass(frozen=True, order=True)
class Location:
    """WGS84 coordinates in decimal degrees."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(f"coordinates ({self.lat}, {self.lon}) are out of range")


@dataclass(frozen=True, order=True)
class TimeWindow:
    """Interval ``[start_s, end_s]`` of one day, in seconds since midnight."""

    start_s: int
    end_s: int

    def __post_init__(self) -> None:
        if not 0 <= self.start_s <= self.end_s <= SECONDS_PER_DAY:
            raise ValueError(f"time window {self.start_s}-{self.end_s} must satisfy 0 <= start <= end <= 86400")

    @classmethod
    def parse(cls, text: str) -> TimeWindow:
        """``"07:00-11:15"`` -> ``TimeWindow(25200, 40500)``."""
        start, sep, end = text.partition("-")
        if not sep:
            raise ValueError(f"time window {text!r} is not HH:MM-HH:MM")
        return cls(parse_clock(start), parse_clock(end))

    @property
    def length_s(self) -> int:
        return self.end_s - self.start_s

    def __str__(self) -> str:
        return f"{format_clock(self.start_s)}-{format_clock(self.end_s)}"
