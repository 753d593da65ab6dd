"""Tests of re-planning: done visits stay, events are absorbed, few visits move."""

from routing import SolveParams, check
from routing import plan as p
from routing.problem import Location, TimeWindow, Visit
from routing.replan import NewVisit, SiteClosed, VehicleOut, replan

PARAMS = SolveParams(time_limit_s=2.0)


def test_breakdown_keeps_done_and_past_and_moves_few(province60):
    problem, matrix, plan = province60
    today = problem.dates[3]
    todays = [r for r in plan.routes if r.date == today]
    done = [todays[0].stops[0].visit_id]
    broken = problem.dates[5]
    res = replan(
        problem, plan, today=today, done=done, events=[VehicleOut("bus1", (broken,))], params=PARAMS, matrix=matrix
    )
    assert check(res.problem, res.plan, matrix) == []
    assert [r for r in res.plan.routes if r.date < today] == [r for r in plan.routes if r.date < today]
    before, after = plan.served(), res.plan.served()
    assert after[done[0]][1] == before[done[0]][1]  # same stop, same times
    assert all(not (r.vehicle_id == "bus1" and r.date == broken) for r in res.plan.routes)
    assert res.moved_share <= 0.10
    kinds = {c.visit_id: c.kind for c in res.changes}
    hit = [s.visit_id for r in plan.routes if r.vehicle_id == "bus1" and r.date == broken for s in r.stops]
    assert all(kinds[v] in ("moved", "dropped") for v in hit)


def test_closed_site_is_left_out_with_its_reason(province60):
    problem, matrix, plan = province60
    today = problem.dates[2]
    victim = next(s for r in plan.routes if r.date > today for s in r.stops)
    res = replan(problem, plan, today=today, events=[SiteClosed(victim.site_id)], params=PARAMS, matrix=matrix)
    assert check(res.problem, res.plan, matrix) == []
    lo = next(lo for lo in res.plan.left_out if lo.visit_id == victim.visit_id)
    assert lo.reason == p.SITE_CLOSED and victim.site_id in lo.message
    assert next(c for c in res.changes if c.visit_id == victim.visit_id).kind == "dropped"


def test_urgent_new_visit_is_added(province60):
    problem, _, plan = province60
    today = problem.dates[1]
    urgent = Visit(
        "request:9",
        "school-urgent",
        Location(10.05, 105.80),
        3600,
        600,
        windows=(TimeWindow(7 * 3600, 16 * 3600),),
        dates=problem.dates[2:4],
        mandatory=True,
    )
    res = replan(problem, plan, today=today, events=[NewVisit(urgent)], params=PARAMS)
    assert check(res.problem, res.plan) == []
    change = next(c for c in res.changes if c.visit_id == "request:9")
    assert change.kind == "added" and change.after[1] in problem.dates[2:4]


def test_replan_with_unknown_vehicle_is_a_clear_error(province60):
    import pytest

    problem, matrix, plan = province60
    with pytest.raises(ValueError, match="unknown vehicle 'bus9'"):
        replan(problem, plan, today=problem.dates[1], events=[VehicleOut("bus9", (problem.dates[2],))], matrix=matrix)
    with pytest.raises(ValueError, match="unknown visits"):
        replan(problem, plan, today=problem.dates[1], done=["nope"], matrix=matrix)


def test_replan_without_events_keeps_everything(province60):
    problem, matrix, plan = province60
    res = replan(problem, plan, today=problem.dates[4], params=SolveParams(time_limit_s=1.0), matrix=matrix)
    assert check(res.problem, res.plan, matrix) == []
    assert res.moved_share <= 0.10
    assert sum(c.kind == "dropped" for c in res.changes) == 0


def test_an_outage_moves_only_the_visits_it_displaced(province60):
    """A bus out for two days: its visits those days go where there is room or are left out with their reason;
    every other visit keeps its bus and day, even when a displaced visit matters more than the ones it could
    push out (the outage's visits here have five times their priority)."""
    import dataclasses

    problem, matrix, plan = province60
    today = problem.dates[1]
    out = problem.dates[3:5]
    hit = {s.visit_id for r in plan.routes if r.vehicle_id == "bus1" and r.date in out for s in r.stops}
    assert hit
    urgent = dataclasses.replace(
        problem,
        visits=tuple(dataclasses.replace(v, priority=5 * v.priority) if v.id in hit else v for v in problem.visits),
    )

    res = replan(urgent, plan, today=today, events=[VehicleOut("bus1", out)], params=PARAMS, matrix=matrix)

    assert check(res.problem, res.plan, matrix) == []
    others = {c.visit_id: c.kind for c in res.changes if c.visit_id not in hit}
    assert set(others.values()) <= {"kept", "retimed", "added"}, others
    reasons = {lo.visit_id: lo.reason for lo in res.plan.left_out}
    assert all(c.kind == "moved" or c.visit_id in reasons for c in res.changes if c.visit_id in hit)


def test_a_previous_plan_that_no_longer_fits_still_gives_a_plan(province60):
    """The previous routes are the search's start only while they hold: when a site's hours change under a
    planned visit, its route cannot be restored, and the search starts afresh instead of failing."""
    import dataclasses

    problem, matrix, plan = province60
    today = problem.dates[1]
    route = next(r for r in plan.routes if r.date > today and len(r.stops) >= 2)
    moved = route.stops[-1]
    # The last stop's site now opens only at the first stop's time: the route's order cannot hold.
    first = route.stops[0]
    shorter = TimeWindow(first.start_s, first.start_s + problem.visit(moved.visit_id).total_s)
    changed = dataclasses.replace(
        problem,
        visits=tuple(
            dataclasses.replace(v, windows=(shorter,), date_windows=()) if v.id == moved.visit_id else v
            for v in problem.visits
        ),
    )

    res = replan(changed, plan, today=today, params=PARAMS, matrix=matrix)

    assert check(res.problem, res.plan, matrix) == []
    assert len(res.plan.served()) >= len(plan.served()) - 3
