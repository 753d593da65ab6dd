"""What apps above planning tell it about the boxes a visit carries, without planning importing them.

Stock sits above planning in the stack, so planning cannot ask it for the rotation boxes due at each site: stock
registers a provider in its ``AppConfig.ready()`` instead. Until one is registered no site has boxes to move.
"""

import datetime
from collections.abc import Callable, Mapping
from typing import Protocol


class BoxLoad(Protocol):
    """Boxes the next visit to a site delivers there and collects from it."""

    deliver_boxes: int
    collect_boxes: int


BoxLoadProvider = Callable[..., Mapping[int, BoxLoad]]
"""Called as ``provider(until=date)``: the boxes due by that date, per site id (sites without any left out)."""


def _no_boxes(*, until: datetime.date) -> Mapping[int, BoxLoad]:
    return {}


_providers: dict[str, BoxLoadProvider] = {"box_loads": _no_boxes}


def box_load_provider_register(provider: BoxLoadProvider) -> None:
    """Make ``provider`` the source of the boxes to deliver and collect (one provider; a later one replaces it)."""
    _providers["box_loads"] = provider


def box_loads_due(*, until: datetime.date) -> Mapping[int, BoxLoad]:
    """The boxes to deliver and collect per site id, for everything due by ``until``."""
    return _providers["box_loads"](until=until)
