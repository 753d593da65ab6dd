"""Errors raised by the route planner."""

from __future__ import annotations


class RoutingError(Exception):
    """Base class of the planner's errors; ``code`` is stable and snake_case."""

    code = "routing_error"


class NoSolutionError(RoutingError):
    """OR-Tools found no assignment at all (not even with every optional visit left out)."""

    code = "no_solution"


class SolveCancelled(RoutingError):
    """The caller's progress callback asked the search to stop; no plan is returned."""

    code = "cancelled"


class InvalidInstanceError(RoutingError, ValueError):
    """An instance file or dict is malformed; names the line or field at fault.

    Parameters
    ----------
    message
        What is wrong.
    field
        Dotted path of the offending field (``visits[3].windows[0]``), if known.
    line
        1-based line number in the file, if known.
    source
        File name, if known.
    """

    code = "invalid_instance"

    def __init__(
        self, message: str, *, field: str | None = None, line: int | None = None, source: str | None = None
    ) -> None:
        self.message = message
        self.field = field
        self.line = line
        self.source = source
        where = []
        if source:
            where.append(str(source))
        if line is not None:
            where.append(f"line {line}")
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
