"""From an OR-Tools assignment of :class:`routing.model.VisitModel` to a :class:`routing.plan.Plan`."""

from __future__ import annotations

from routing.plan import NO_ROOM, LeftOut, Plan
from routing.schedule import Timing, make_route, schedule


def extract_plan(model, assignment, left: list[LeftOut]) -> Plan:
    """Routes of the assignment (crossing nodes left out: the schedule re-times them), re-timed;
    loads carried over the nights of each trip; the visits not served left out with ``no_room``."""
    r, m = model.routing, model.manager
    days = {}
    for k in range(len(model.shifts)):
        seq = []
        index = assignment.Value(r.NextVar(r.Start(k)))
        while not r.IsEnd(index):
            if m.IndexToNode(index) < model.first_ferry:  # crossings are re-timed by schedule()
                seq.append(model.visits[model.copies[m.IndexToNode(index) - model.n_depots][0]])
            index = assignment.Value(r.NextVar(index))
        days[k] = timed(model, k, seq)
    loads = {}
    for chain in model.trips:
        load = sum(v.deliver_boxes for k in chain for v in days[k][0])
        for k in chain:
            loads[k] = load
            load += sum(v.collect_boxes - v.deliver_boxes for v in days[k][0])
    routes, served = [], set()
    for k, (veh, sh) in enumerate(model.shifts):
        seq, timing = days[k]
        if not seq and k not in loads:
            continue
        served.update(v.id for v in seq)
        a, b = (key.partition(":")[2] if key.startswith("lodging:") else None for key in model.route_ends[k])
        routes.append(make_route(veh, sh, seq, timing, a, b, loads.get(k)))
    routes.sort(key=lambda rt: (rt.date, rt.vehicle_id))
    for v in model.visits:
        if v.id not in served:
            left.append(
                LeftOut(
                    v.id,
                    v.site_id,
                    NO_ROOM,
                    f"site {v.site_id}: no room left in the plan "
                    "(working hours, windows, capacity or spacing), or not worth the detour "
                    "at its priority",
                )
            )
    order = {v.id: n for n, v in enumerate(model.problem.visits)}
    left.sort(key=lambda lo: order[lo.visit_id])
    return Plan(tuple(routes), tuple(left), {"seed": model.params.seed})


def timed(model, k: int, seq: list) -> tuple[list, Timing]:
    """The route's exact timing (ferries on their departures). The model's times are safe
    bounds, so this should always succeed; if not, visits are dropped until it does (they are
    then listed as left out with ``no_room``)."""
    veh, sh = model.shifts[k]
    a, b = model.route_ends[k]
    seq = list(seq)
    while True:
        timing = schedule(veh, sh, seq, model.matrix, a, end_key=b)
        if timing is not None or not seq:
            break
        trials = [(j, schedule(veh, sh, seq[:j] + seq[j + 1 :], model.matrix, a, end_key=b)) for j in range(len(seq))]
        ok = [(sum(t.legs_m), j) for j, t in trials if t is not None]
        seq.pop(min(ok)[1] if ok else len(seq) - 1)
    if timing is None:
        raise ValueError(f"{veh.id} on {sh.date}: cannot go from {a} to {b} within the working hours")
    return seq, timing
