"""Tests that slot offers are fast, ranked and really feasible."""

import dataclasses

from routing import GeodesicMatrixProvider, Plan, Problem, check
from routing.problem import Location, TimeWindow, Visit
from routing.schedule import schedule
from routing.slots import offer_slots
from routing.solver import make_route


def request(problem, dates=None, **kw):
    fields = {
        "windows": (TimeWindow(7 * 3600, 11 * 3600 + 900), TimeWindow(13 * 3600 + 1800, 16 * 3600 + 2700)),
        "dates": dates or problem.dates,
        "deliver_boxes": 2,
    }
    fields.update(kw)
    return Visit("request:1", "school-new", Location(10.06, 105.80), 3600, 600, **fields)


def insert(problem, plan, req, offer):
    full = Problem(problem.dates, problem.depots, problem.vehicles, problem.visits + (req,), problem.periodic_targets)
    matrix = GeodesicMatrixProvider().build(full.points())
    vehicle = full.vehicle(offer.vehicle_id)
    shift = vehicle.shift_on(offer.date)
    old = plan.route_for(offer.vehicle_id, offer.date)
    seq = [full.visit(s.visit_id) for s in (old.stops if old else ())]
    # only the offered window of the request, as insert_visit does
    window = next(w for w in req.windows_on(offer.date, shift) if w.start_s <= offer.start_s <= w.end_s)
    seq.insert(offer.position, dataclasses.replace(req, date_windows={offer.date: (window,)}))
    route = make_route(vehicle, shift, seq, schedule(vehicle, shift, seq, matrix))
    routes = tuple(r for r in plan.routes if r is not old) + (route,)
    return full, Plan(routes, plan.left_out), matrix, route


def test_every_offered_slot_passes_the_checker_when_inserted(province60):
    problem, _, plan = province60
    req = request(problem)
    offers = offer_slots(problem, plan, req, limit=None)
    assert offers
    assert [o.added_distance_m for o in offers] == sorted(o.added_distance_m for o in offers)
    for offer in offers:
        full, new_plan, matrix, route = insert(problem, plan, req, offer)
        assert check(full, new_plan, matrix) == []
        assert route.stops[offer.position].start_s == offer.start_s


def test_offers_respect_allowed_dates_and_capacity(province60):
    problem, _, plan = province60
    offers = offer_slots(problem, plan, request(problem, dates=problem.dates[:2]), limit=None)
    assert {o.date for o in offers} <= set(problem.dates[:2])
    assert offer_slots(problem, plan, request(problem, deliver_boxes=21)) == []


def test_window_that_cannot_hold_the_visit_gets_no_offer(province60):
    problem, _, plan = province60
    assert offer_slots(problem, plan, request(problem, windows=(TimeWindow(8 * 3600, 8 * 3600 + 1800),))) == []


def test_a_school_open_morning_and_afternoon_is_offered_both(province60):
    from routing import insert_visit

    problem, _, _ = province60
    plan = Plan((), ())  # nothing planned yet: every shift has room in both windows
    req = request(problem)
    offers = offer_slots(problem, plan, req, limit=None)
    morning, afternoon = req.windows
    by_shift = {}
    for offer in offers:
        by_shift.setdefault((offer.date, offer.vehicle_id), []).append(offer)
    both = [o for o in by_shift.values() if len(o) == 2]
    assert len(both) == len(by_shift) == sum(len(v.shifts) for v in problem.vehicles)
    for pair in both:
        starts = sorted(o.start_s for o in pair)
        assert morning.start_s <= starts[0] <= morning.end_s and afternoon.start_s <= starts[1] <= afternoon.end_s
    later = max(both[0], key=lambda o: o.start_s)
    route = insert_visit(problem, plan, req, later)
    assert route.stops[later.position].start_s == later.start_s  # the afternoon, not the earliest possible time


def test_insert_visit_applies_an_offer_and_refuses_a_stale_one(province60):
    import pytest

    from routing import insert_visit

    problem, _, plan = province60
    req = request(problem)
    offer = offer_slots(problem, plan, req)[0]
    route = insert_visit(problem, plan, req, offer)
    assert (route.vehicle_id, route.date) == (offer.vehicle_id, offer.date)
    assert route.stops[offer.position].visit_id == req.id and route.stops[offer.position].start_s == offer.start_s
    full, new_plan, matrix, _ = insert(problem, plan, req, offer)
    with_route = Plan(
        tuple(r for r in plan.routes if (r.vehicle_id, r.date) != (route.vehicle_id, route.date)) + (route,),
        plan.left_out,
    )
    assert check(full, with_route, matrix) == []
    with pytest.raises(ValueError, match="no longer fits"):
        insert_visit(problem, plan, dataclasses.replace(req, deliver_boxes=99), offer)
