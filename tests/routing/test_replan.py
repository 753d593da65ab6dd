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
