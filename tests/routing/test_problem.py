"""Tests that the problem model rejects bad input clearly when it is built."""

from datetime import date

import pytest

from routing import Location, ProblemBuilder, TimeWindow, Visit
from routing.problem import LunchBreak, parse_clock

D1 = date(2026, 3, 2)


def builder(dates=(D1,)):
    b = ProblemBuilder(dates)
    b.add_depot("lib", 10.03, 105.78)
    b.add_vehicle("bus", "lib", capacity_boxes=10)
    return b


def test_empty_horizon_is_a_clear_error():
    with pytest.raises(ValueError, match="horizon is empty"):
        builder(dates=()).build()


def test_duplicate_visit_ids_are_rejected():
    b = builder()
    b.add_visit("a", "s1", 10.1, 105.8, duration_min=60)
    b.add_visit("a", "s2", 10.2, 105.8, duration_min=60)
    with pytest.raises(ValueError, match="duplicate visit id 'a'"):
        b.build()


def test_visit_dates_outside_horizon_are_rejected():
    b = builder()
    b.add_visit("a", "s1", 10.1, 105.8, duration_min=60, dates=[date(2026, 4, 1)])
    with pytest.raises(ValueError, match="visit a: allowed date outside the horizon"):
        b.build()


def test_unknown_depot_is_rejected():
    b = builder()
    b.add_vehicle("bus2", "nowhere", capacity_boxes=3)
    with pytest.raises(ValueError, match="unknown depot 'nowhere'"):
        b.build()


def test_site_with_two_locations_is_rejected():
    b = builder()
    b.add_visit("a", "s1", 10.1, 105.8, duration_min=60)
    b.add_visit("b", "s1", 10.2, 105.8, duration_min=60)
    with pytest.raises(ValueError, match="site s1 has two different locations"):
        b.build()


def test_periodic_target_needs_enough_visits():
    b = builder()
    b.add_periodic_visits("s1", 10.1, 105.8, count=2, min_gap_days=7, duration_min=60)
    b.visits.pop()
    with pytest.raises(ValueError, match="needs 2 visits"):
        b.build()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: TimeWindow(100, 50), "time window"),
        (lambda: TimeWindow.parse("7h-9h"), "not HH:MM"),
        (lambda: Location(95.0, 105.0), "out of range"),
        (lambda: Visit("v", "s", Location(10, 105), 0), "duration_s must be positive"),
        (lambda: Visit("v", "s", Location(10, 105), 60, priority=0), "priority"),
        (lambda: LunchBreak(40000, 41000, 3600), "lunch break window"),
    ],
)
def test_bad_values_raise_value_error_when_built(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_clock_parsing_accepts_midnight_end():
    assert parse_clock("07:30") == 27000
    assert parse_clock("24:00") == 86400
    assert str(TimeWindow.parse("07:00-11:15")) == "07:00-11:15"


def test_windows_on_a_date_prefer_the_override():
    v = Visit("v", "s", Location(10, 105), 60, windows=(TimeWindow(0, 100),), date_windows={D1: [TimeWindow(10, 90)]})
    assert v.windows_on(D1) == (TimeWindow(10, 90),)
    assert v.windows_on(date(2026, 3, 3)) == (TimeWindow(0, 100),)
