"""Ferry crossings as nodes of the OR-Tools model.

A crossing is a node whose cumul is the ferry's departure (a domain of the timetable's times)
and whose service is the crossing: it is entered at one port and left at the other. An arc
between a site on the mainland and one on an island stays possible at a safe time (the crossing
and the longest wait for a departure), so a plan never needs a crossing node; the nodes let the
search time a crossing on its departure instead. On a day from and back to the mainland the
outbound and return crossings are a pickup-and-delivery pair (inserted together, the outbound
first); a day of a trip that starts or ends on the island has only the crossing it needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from routing.matrix import UNREACHABLE as NO_WAY


@dataclass(frozen=True)
class FerryNode:
    shift: int  # position of the (vehicle, shift) it belongs to
    link: int  # position in problem.ferries
    outbound: bool

    def keys(self, problem) -> tuple[str, str]:
        """(key where the node is entered, key where it is left)."""
        f = problem.ferries[self.link].id
        return (f"port:{f}", f"isle:{f}") if self.outbound else (f"isle:{f}", f"port:{f}")


def ferry_nodes(problem, matrix, copies, visits, route_ends) -> list[FerryNode]:
    """The crossings each shift may need, given the island sites it may serve."""
    if not problem.ferries or not hasattr(matrix, "side"):
        return []
    side = matrix.side
    wanted: dict[int, set[int]] = {}
    for i, _, allowed in copies:
        s = side[matrix.index(f"site:{visits[i].site_id}")]
        if s >= 0:
            for k in allowed:
                wanted.setdefault(k, set()).add(int(s))
    for k, (a, b) in enumerate(route_ends):
        for key in (a, b):
            if side[matrix.index(key)] >= 0:
                wanted.setdefault(k, set()).add(int(side[matrix.index(key)]))
    out = []
    for k in sorted(wanted):
        a, b = (int(side[matrix.index(key)]) for key in route_ends[k])
        for f in sorted(wanted[k]):
            if a == -1:
                out.append(FerryNode(k, f, True))
            if b == -1 and (a == -1 or a == f):
                out.append(FerryNode(k, f, False))
    return out


def sides(problem, matrix, in_keys, out_keys) -> tuple[np.ndarray, np.ndarray]:
    if not hasattr(matrix, "side"):
        n = len(in_keys)
        return np.full(n, -1), np.full(n, -1)
    return (
        np.array([matrix.side[matrix.index(k)] for k in in_keys]),
        np.array([matrix.side[matrix.index(k)] for k in out_keys]),
    )


def across(side_in: np.ndarray, side_out: np.ndarray) -> np.ndarray:
    """Arcs (from, to) that would cross water by road: leaving one side, entering another."""
    return side_out[:, None] != side_in[None, :]


def add_crossings(model, nodes: list[FerryNode], first: int) -> None:
    """Timetable domains, allowed shifts, optional disjunctions and out/back pairs."""
    r, m = model.routing, model.manager
    pair: dict[tuple[int, int], list[int]] = {}
    for n, node in enumerate(nodes):
        index = m.NodeToIndex(first + n)
        link = model.problem.ferries[node.link]
        times = link.departures if node.outbound else link.return_departures
        cumul = model.time.CumulVar(index)
        cumul.SetRange(times[0], times[-1])
        for a, b in zip(times, times[1:], strict=False):
            if b > a + 1:
                cumul.RemoveInterval(a + 1, b - 1)
        r.VehicleVar(index).SetValues([-1, node.shift])
        r.AddDisjunction([index], 0)
        pair.setdefault((node.shift, node.link), []).append(index)
    for indices in pair.values():
        if len(indices) == 2:
            out, back = indices
            r.AddPickupAndDelivery(out, back)
            r.solver().Add(r.VehicleVar(out) == r.VehicleVar(back))
            r.solver().Add(model.time.CumulVar(out) <= model.time.CumulVar(back))


def arcs(road: np.ndarray, legs: np.ndarray, mask: np.ndarray, first: int) -> np.ndarray:
    """Model arcs: road values; between two non-crossing nodes on different sides the access-aware
    value (via the ports, a crossing's time counting its longest wait, so safe); into or out of a
    crossing node from the wrong side, no way."""
    out = road.copy()
    out[:first, :first][mask[:first, :first]] = legs[:first, :first][mask[:first, :first]]
    out[:, first:][mask[:, first:]] = NO_WAY
    out[first:, :][mask[first:, :]] = NO_WAY
    return out
