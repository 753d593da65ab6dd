"""Re-planning: keep what is done, absorb events, move as little as possible of the rest."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from routing import plan as p
from routing.matrix import MatrixProvider, TravelMatrix, matrix_for
from routing.params import SolveParams
from routing.plan import LeftOut, Plan
from routing.problem import PeriodicTarget, Problem, TimeWindow, Vehicle, Visit
from routing.solver import Preferences, solve_with


@dataclass(frozen=True)
class VehicleOut:
    """``vehicle_id`` cannot work on ``dates`` (breakdown, service, crew ill)."""

    vehicle_id: str
    dates: tuple[date, ...]


@dataclass(frozen=True)
class SiteClosed:
    """``site_id`` cannot be visited on ``dates`` (``None``: for the rest of the horizon)."""

    site_id: str
    dates: tuple[date, ...] | None = None


@dataclass(frozen=True)
class NewVisit:
    """A visit to add, e.g. an urgent request (set ``mandatory`` or a high ``priority``)."""

    visit: Visit


@dataclass(frozen=True)
class Change:
    """What happened to one visit. ``kind``: kept, retimed, moved, added or dropped.

    ``before``/``after`` are ``(vehicle_id, date, start_s)`` or ``None``.
    """

    visit_id: str
    kind: str
    before: tuple[str, date, int] | None
    after: tuple[str, date, int] | None
    reason: str = ""


@dataclass(frozen=True)
class ReplanResult:
    """The new plan, the problem it answers (events applied) and the changes.

    ``moved_share`` is the share of *untouched* visits (planned before on a date from ``today``
    on, not hit by an event) that moved to another date or vehicle.
    """

    plan: Plan
    problem: Problem
    changes: tuple[Change, ...]
    moved_share: float


def replan(
    problem: Problem,
    plan: Plan,
    *,
    today: date,
    done: Iterable[str] = (),
    events: Iterable[VehicleOut | SiteClosed | NewVisit] = (),
    params: SolveParams | None = None,
    matrix: TravelMatrix | None = None,
    provider: MatrixProvider | None = None,
    move_cost_m: int = 30_000,
    progress=None,
) -> ReplanResult:
    """Re-plan from ``today`` on.

    Routes before ``today`` stay as they are; visits in ``done`` stay where and when they were.
    A visit an event did not touch (its vehicle still works that day, its site is still open and
    the gap to the visits already made still holds) keeps its vehicle and date; only its time may
    change, and it is left out only if a mandatory visit needs its room. What the events displaced
    goes where there is room, moving a visit to another date costing as much as ``move_cost_m``
    metres of driving (half of it for another vehicle on the same date), or is left out with its
    reason. The search starts from the previous routes. ``progress`` is as in :func:`routing.solve`.

    Returns
    -------
    ReplanResult
        Check it with ``routing.check(result.problem, result.plan)``.

    Raises
    ------
    ValueError
        If an event names an unknown vehicle or ``done`` an unknown visit.
    """
    t0 = time.monotonic()
    events = list(events)
    done = set(done)
    unknown = [vid for vid in done if vid not in {v.id for v in problem.visits}]
    if unknown:
        raise ValueError(f"done names unknown visits: {unknown}")
    updated = _apply_events(problem, events, today)
    closed_sites = {e.site_id for e in events if isinstance(e, SiteClosed)}
    matrix = matrix_for(updated.points(), matrix, provider)
    # a trip under way on ``today`` (left before it) goes on as planned: the crew are away
    ongoing = {(r.vehicle_id, r.date) for t in plan.trips() if t.dates[0] < today <= t.dates[-1] for r in t.routes}
    past = tuple(r for r in plan.routes if r.date < today or (r.vehicle_id, r.date) in ongoing)
    served_before = plan.served()
    fixed = {vid for r in past for s in r.stops for vid in [s.visit_id]}
    pinned = {vid: served_before[vid] for vid in done if vid in served_before and vid not in fixed}
    # where each visit still to come was, and the (vehicle, date) shifts that still work
    places = {vid: (r.vehicle_id, r.date) for vid, (r, _) in served_before.items() if r.date >= today}
    working = {(veh.id, s.date) for veh in updated.vehicles for s in veh.shifts if s.date >= today} - ongoing
    sub_visits, left, keep = [], [], set()
    for v in updated.visits:
        if v.id in fixed:
            continue
        if v.id in pinned:
            route, stop = pinned[v.id]
            sub_visits.append(
                dataclasses.replace(
                    v,
                    dates=(route.date,),
                    vehicle_ids=(route.vehicle_id,),
                    mandatory=True,
                    date_windows={route.date: (TimeWindow(stop.start_s, stop.departure_s),)},
                )
            )
            continue
        dates = _dates_after_spacing(updated, v, fixed, served_before, today)
        if not dates:
            if v.site_id in closed_sites:
                left.append(
                    LeftOut(
                        v.id,
                        v.site_id,
                        p.SITE_CLOSED,
                        f"site {v.site_id}: closed on every remaining allowed date from {today} on",
                    )
                )
            else:
                left.append(
                    LeftOut(
                        v.id,
                        v.site_id,
                        p.SPACING,
                        f"site {v.site_id}: no allowed date from {today} on keeps the gap to the visits already made",
                    )
                )
            continue
        place = places.get(v.id)
        if place is not None and place[1] in dates and place in working:
            keep.add(v.id)
            sub_visits.append(dataclasses.replace(v, dates=(place[1],), vehicle_ids=(place[0],)))
            continue
        sub_visits.append(dataclasses.replace(v, dates=dates))
    future_dates = tuple(d for d in updated.dates if d >= today)
    if not future_dates:
        raise ValueError(f"nothing to re-plan: the horizon ends before {today}")
    sub_vehicles = tuple(
        dataclasses.replace(
            veh, shifts=tuple(s for s in veh.shifts if s.date >= today and (veh.id, s.date) not in ongoing)
        )
        for veh in updated.vehicles
    )
    sub_targets = tuple(
        PeriodicTarget(t.site_id, min(t.visits, n), t.min_gap_days)
        for t in updated.periodic_targets
        if (n := sum(1 for v in sub_visits if v.site_id == t.site_id))
    )
    sub = dataclasses.replace(
        updated, dates=future_dates, vehicles=sub_vehicles, visits=tuple(sub_visits), periodic_targets=sub_targets
    )
    initial: dict = {}
    for r in plan.routes:
        if r.date >= today and (r.vehicle_id, r.date) not in ongoing:
            initial[(r.vehicle_id, r.date)] = [s.visit_id for s in r.stops]
    params = params or SolveParams(time_limit_s=10.0)
    new = solve_with(sub, params, matrix, Preferences(places, move_cost_m, initial, frozenset(keep)), progress=progress)
    merged = Plan(
        tuple(sorted(past + new.routes, key=lambda r: (r.date, r.vehicle_id))),
        tuple(left) + new.left_out,
        {**new.stats, "replan_time_s": round(time.monotonic() - t0, 3)},
    )
    changes, share = _changes(updated, plan, merged, today, events)
    return ReplanResult(merged, updated, changes, share)


def _apply_events(problem: Problem, events, today: date) -> Problem:
    out_dates: dict[str, set[date]] = {}
    closed: dict[str, set[date] | None] = {}
    new: list[Visit] = []
    for e in events:
        if isinstance(e, VehicleOut):
            if e.vehicle_id not in {v.id for v in problem.vehicles}:
                raise ValueError(f"event names unknown vehicle {e.vehicle_id!r}")
            out_dates.setdefault(e.vehicle_id, set()).update(e.dates)
        elif isinstance(e, SiteClosed):
            closed[e.site_id] = (
                None
                if e.dates is None or closed.get(e.site_id, set()) is None
                else closed.get(e.site_id, set()) | set(e.dates)
            )
        elif isinstance(e, NewVisit):
            new.append(e.visit)
        else:
            raise ValueError(f"unknown event {e!r}")
    vehicles: list[Vehicle] = [
        dataclasses.replace(
            v, shifts=tuple(s for s in v.shifts if not (s.date >= today and s.date in out_dates.get(v.id, ())))
        )
        for v in problem.vehicles
    ]
    visits = []
    for v in (*problem.visits, *new):
        if v.site_id in closed:
            gone = closed[v.site_id]
            allowed = v.dates if v.dates is not None else problem.dates
            keep = tuple(d for d in allowed if d < today or (gone is not None and d not in gone))
            v = dataclasses.replace(v, dates=keep)
        visits.append(v)
    return dataclasses.replace(problem, vehicles=tuple(vehicles), visits=tuple(visits))


def _dates_after_spacing(problem: Problem, v: Visit, fixed, served, today) -> tuple[date, ...]:
    """Allowed dates from ``today`` on, at the target's gap from the site's visits already made."""
    dates = [d for d in (v.dates if v.dates is not None else problem.dates) if d >= today]
    target = problem.target(v.site_id)
    if target and target.min_gap_days:
        made = [served[x][0].date for x in fixed if x in served and served[x][1].site_id == v.site_id]
        dates = [d for d in dates if all(abs((d - m).days) >= target.min_gap_days for m in made)]
    return tuple(dates)


def _changes(problem: Problem, old: Plan, new: Plan, today: date, events) -> tuple[tuple[Change, ...], float]:
    before = {vid: (r.vehicle_id, r.date, s.start_s) for vid, (r, s) in old.served().items()}
    after = {vid: (r.vehicle_id, r.date, s.start_s) for vid, (r, s) in new.served().items()}
    reasons = {lo.visit_id: lo.message for lo in new.left_out}
    hit_vehicle_dates = {(e.vehicle_id, d) for e in events if isinstance(e, VehicleOut) for d in e.dates}
    hit_sites = {e.site_id for e in events if isinstance(e, SiteClosed)}
    changes, untouched, moved = [], 0, 0
    for v in problem.visits:
        b, a = before.get(v.id), after.get(v.id)
        if b is None and a is None:
            continue
        if b is None:
            kind = "added"
        elif a is None:
            kind = "dropped"
        elif b[:2] != a[:2]:
            kind = "moved"
        elif b[2] != a[2]:
            kind = "retimed"
        else:
            kind = "kept"
        if b is not None and b[1] >= today and (b[0], b[1]) not in hit_vehicle_dates and v.site_id not in hit_sites:
            untouched += 1
            moved += kind in ("moved", "dropped")
        changes.append(Change(v.id, kind, b, a, reasons.get(v.id, "")))
    return tuple(changes), (moved / untouched if untouched else 0.0)
