"""What apps above planning tell it about the boxes a visit carries, without planning importing them.

Stock sits above planning in the stack, so planning cannot ask it for the rotation boxes due at each site: stock
registers a provider in its ``AppConfig.ready()`` instead. Until one is registered no site has boxes to move.
"""

import datetime
from collections.abc import Callable, Mapping
from typing import Any, Protocol


class BoxLoad(Protocol):
    """Boxes the next visit to a site delivers there and collects from it."""

    deliver_boxes: int
    collect_boxes: int


BoxLoadProvider = Callable[..., Mapping[int, BoxLoad]]
"""Called as ``provider(until=date)``: the boxes due by that date, per site id (sites without any left out)."""


def _no_boxes(*, until: datetime.date) -> Mapping[int, BoxLoad]:
    return {}


_providers: dict[str, Callable] = {"box_loads": _no_boxes}


def box_load_provider_register(provider: BoxLoadProvider) -> None:
    """Make ``provider`` the source of the boxes to deliver and collect (one provider; a later one replaces it)."""
    _providers["box_loads"] = provider


def box_loads_due(*, until: datetime.date) -> Mapping[int, BoxLoad]:
    """The boxes to deliver and collect per site id, for everything due by ``until``."""
    return _providers["box_loads"](until=until)


EtaProvider = Callable[..., Mapping[int, Any]]
"""Called as ``provider(visits=[...])``: per visit id, an object with ``text`` (when the bus is now expected)."""


def _no_etas(*, visits) -> Mapping[int, Any]:
    return {}


_providers["etas"] = _no_etas


def eta_provider_register(provider: EtaProvider) -> None:
    """Make ``provider`` the source of expected arrival times (crew registers it: it knows where the bus is)."""
    _providers["etas"] = provider


def visit_etas(*, visits) -> Mapping[int, Any]:
    """When the bus is now expected at each of ``visits`` still ahead of it today (none without a GPS fix)."""
    return _providers["etas"](visits=visits)
