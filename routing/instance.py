"""The JSON instance format (documented in routing/README.md) and its error messages.

Every error names the field (``vehicles[1].hours``) and, when the JSON itself is broken, the line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from routing.builder import ProblemBuilder
from routing.exceptions import InvalidInstanceError
from routing.matrix import GeodesicMatrixProvider, MatrixProvider, OsrmMatrixProvider
from routing.problem import PeriodicTarget, Problem, TimeWindow


def load_instance(path: str | Path) -> tuple[Problem, MatrixProvider]:
    """Read a JSON instance file.

    Returns
    -------
    (Problem, MatrixProvider)
        The problem and the travel provider it asks for (``circuity`` or ``osrm_url``).

    Raises
    ------
    InvalidInstanceError
        With the line of a JSON syntax error, or the field of a bad value.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInstanceError(
            f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno, source=str(path)
        ) from exc
    try:
        return parse_instance(data)
    except InvalidInstanceError as exc:
        exc.source = str(path)
        exc.line = exc.line or _line_of(text, exc.field)
        raise InvalidInstanceError(exc.message, field=exc.field, line=exc.line, source=str(path)) from None


def _line_of(text: str, field: str | None) -> int | None:
    """Best-effort line of the last key of a dotted field path (the first occurrence after its parents)."""
    if not field:
        return None
    pos = 0
    for part in field.replace("]", "").replace("[", ".").split("."):
        if part.isdigit() or not part:
            continue
        found = text.find(f'"{part}"', pos)
        if found < 0:
            return None
        pos = found
    return text.count("\n", 0, pos) + 1


def parse_instance(data: Any) -> tuple[Problem, MatrixProvider]:
    """Build a problem from an already-decoded JSON instance; see :func:`load_instance`."""
    f = _Fields(data, "")
    dates = [f.sub("dates").date(i) for i in range(f.list("dates"))]
    b = ProblemBuilder(dates)
    for i in range(f.list("depots")):
        d = f.sub("depots", i)
        d.wrap(lambda d=d: b.add_depot(d.str("id"), d.num("lat"), d.num("lon")))
    _places(f, b)
    for i in range(f.list("vehicles")):
        v = f.sub("vehicles", i)
        vdates = [v.sub("dates").date(j) for j in range(v.list("dates"))] if v.has("dates") else None
        by_date = {}
        if v.has("hours_by_date"):
            hb = v.sub("hours_by_date")
            for key in hb.keys():
                by_date[hb.date_key(key)] = hb.window(key)
        lw = ("11:00-13:30", 60)  # default lunch; "lunch": null for none
        if isinstance(v.data, dict) and "lunch" in v.data:
            lw = None
            if v.data["lunch"] is not None:
                lf = v.sub("lunch")
                lw = (lf.window("window"), lf.num("duration_min"))
        v.wrap(
            lambda v=v, vdates=vdates, by_date=by_date, lw=lw: b.add_vehicle(
                v.str("id"),
                v.str("depot"),
                capacity_boxes=int(v.num("capacity_boxes")),
                hours=v.window("hours") if v.has("hours") else "07:00-17:00",
                dates=vdates,
                hours_by_date=by_date,
                lunch=lw[0] if lw else None,
                lunch_min=lw[1] if lw else 60,
                speed_kmh=v.num("speed_kmh", 35.0),
                cost_per_km=v.num("cost_per_km", 1.0),
                max_trip_days=int(v.num("max_trip_days", 1)),
            )
        )
    for i in range(f.list("visits")):
        v = f.sub("visits", i)
        windows = [v.sub("windows").window(j) for j in range(v.list("windows"))] if v.has("windows") else []
        by_date = {}
        if v.has("windows_by_date"):
            wb = v.sub("windows_by_date")
            for key in wb.keys():
                sub = wb.sub(key)
                by_date[wb.date_key(key)] = [sub.window(j) for j in range(wb.list(key))]
        vdates = [v.sub("dates").date(j) for j in range(v.list("dates"))] if v.has("dates") else None
        vehs = [v.sub("vehicles").str(j) for j in range(v.list("vehicles"))] if v.has("vehicles") else None
        v.wrap(
            lambda v=v, windows=windows, by_date=by_date, vdates=vdates, vehs=vehs: b.add_visit(
                v.str("id"),
                v.str("site", v.get("id")),
                v.num("lat"),
                v.num("lon"),
                duration_min=v.num("duration_min"),
                setup_min=v.num("setup_min", 0),
                windows=windows,
                windows_by_date=by_date,
                dates=vdates,
                deliver_boxes=int(v.num("deliver_boxes", 0)),
                collect_boxes=int(v.num("collect_boxes", 0)),
                priority=int(v.num("priority", 1)),
                mandatory=bool(v.get("mandatory", False)),
                vehicle_ids=vehs,
                commune_id=v.str("commune") if v.has("commune") else None,
                access=v.str("access") if v.has("access") else None,
                ferry_id=v.str("ferry") if v.has("ferry") else None,
            )
        )
    for i in range(f.list("periodic") if f.has("periodic") else 0):
        t = f.sub("periodic", i)
        t.wrap(
            lambda t=t: b.targets.append(
                PeriodicTarget(t.str("site"), int(t.num("visits")), int(t.num("min_gap_days")))
            )
        )
    try:
        problem = b.build()
    except ValueError as exc:
        raise InvalidInstanceError(str(exc)) from exc
    if f.get("osrm_url"):
        provider: MatrixProvider = OsrmMatrixProvider(f.str("osrm_url"))
    else:
        provider = f.wrap(lambda: GeodesicMatrixProvider(f.num("circuity", 1.3)), "circuity")
    return problem, provider


def _places(f: _Fields, b: ProblemBuilder) -> None:
    """``ferries``, ``communes`` and ``lodgings`` (all optional)."""
    for i in range(f.list("ferries") if f.has("ferries") else 0):
        x = f.sub("ferries", i)
        x.wrap(
            lambda x=x: b.add_ferry(
                x.str("id"),
                (x.sub("port").num("lat"), x.sub("port").num("lon")),
                (x.sub("island_port").num("lat"), x.sub("island_port").num("lon")),
                crossing_min=x.num("crossing_min"),
                departures=[x.sub("departures").str(j) for j in range(x.list("departures"))],
                return_departures=[x.sub("return_departures").str(j) for j in range(x.list("return_departures"))],
                bus_boards=bool(x.get("bus_boards", True)),
                cost=x.num("cost", 0.0),
            )
        )
    for i in range(f.list("communes") if f.has("communes") else 0):
        c = f.sub("communes", i)
        c.wrap(
            lambda c=c: b.add_commune(
                c.str("id"),
                kind=c.str("kind", "commune"),
                access=c.str("access") if c.has("access") else None,
                ferry_id=c.str("ferry") if c.has("ferry") else None,
            )
        )
    for i in range(f.list("lodgings") if f.has("lodgings") else 0):
        lo = f.sub("lodgings", i)
        lo.wrap(
            lambda lo=lo: b.add_lodging(
                lo.str("id"),
                lo.str("commune"),
                lo.num("lat"),
                lo.num("lon"),
                cost_per_night=lo.num("cost_per_night", 0),
            )
        )


class _Fields:
    """Typed access to a JSON object that reports the dotted path of whatever is wrong."""

    def __init__(self, data: Any, path: str):
        self.data, self.path = data, path

    def _name(self, key) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else str(key)

    def _err(self, key, msg) -> InvalidInstanceError:
        return InvalidInstanceError(msg, field=self._name(key))

    def has(self, key) -> bool:
        return isinstance(self.data, dict) and key in self.data and self.data[key] is not None

    def get(self, key, default=None):
        return self.data.get(key, default) if isinstance(self.data, dict) else default

    def keys(self):
        if not isinstance(self.data, dict):
            raise InvalidInstanceError("must be an object", field=self.path)
        return list(self.data)

    def _value(self, key, default=...):
        if isinstance(key, int):
            return self.data[key]
        if not isinstance(self.data, dict):
            raise InvalidInstanceError("must be an object", field=self.path or "(top level)")
        if key not in self.data:
            if default is ...:
                raise self._err(key, "is required")
            return default
        return self.data[key]

    def sub(self, key, index: int | None = None) -> _Fields:
        f = _Fields(self._value(key), self._name(key))
        return f if index is None else _Fields(f.data[index], f._name(index))

    def list(self, key) -> int:
        value = self._value(key)
        if not isinstance(value, list):
            raise self._err(key, "must be a list")
        return len(value)

    def str(self, key, default=...) -> str:
        value = self._value(key, default)
        if not isinstance(value, str) or not value:
            raise self._err(key, "must be a non-empty string")
        return value

    def num(self, key, default=...) -> float:
        value = self._value(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._err(key, f"must be a number, got {value!r}")
        return value

    def date(self, key) -> date:
        value = self._value(key)
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self._err(key, f"must be an ISO date YYYY-MM-DD, got {value!r}") from None

    def date_key(self, key: str) -> date:
        try:
            return date.fromisoformat(key)
        except ValueError:
            raise self._err(key, "key must be an ISO date YYYY-MM-DD") from None

    def window(self, key) -> TimeWindow:
        value = self._value(key)
        try:
            return TimeWindow.parse(value)
        except (AttributeError, ValueError) as exc:
            raise self._err(key, f"must be a window 'HH:MM-HH:MM' ({exc})") from None

    def wrap(self, fn: Callable, key: str | None = None):
        """Run a builder call, turning its ValueError into an error naming this object."""
        try:
            return fn()
        except InvalidInstanceError:
            raise
        except ValueError as exc:
            raise InvalidInstanceError(str(exc), field=self._name(key) if key else self.path) from exc
