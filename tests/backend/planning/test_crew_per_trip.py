"""Crew per trip (Circular 05/2022): a driver and two library staff, per date, with absences."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from backend.places.models import CrewAssignment, TripCrew
from backend.places.roster import crew_absence_create, crew_on, trip_crew_confirm, trip_crew_set
from backend.planning.services import problem_build
from tests.backend.factories import UserFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def build(network, monday, days=5):
    return problem_build(
        starts_on=monday, ends_on=monday + datetime.timedelta(days=days - 1), vehicles=[network["vehicle"]]
    )


def test_a_bus_date_with_two_drivers_and_no_librarian_is_left_out_with_its_reason(network, monday):
    CrewAssignment.objects.filter(vehicle=network["vehicle"]).update(crew_role="driver")
    CrewAssignment.objects.filter(vehicle=network["vehicle"], user=network["crew"][2]).delete()
    tuesday = monday + datetime.timedelta(days=1)
    other_driver, librarians = UserFactory(role="driver_librarian"), network["crew"][1:]
    # On Tuesday the coordinator sets a full crew; every other date keeps the vehicle's two drivers.
    trip_crew_set(
        vehicle=network["vehicle"],
        day=tuesday,
        members=[
            {"user": other_driver, "crew_role": "driver"},
            {"user": librarians[0], "crew_role": "librarian"},
            {"user": librarians[1], "crew_role": "librarian"},
        ],
    )

    built = build(network, monday)

    assert [s.date for s in built.problem.vehicles[0].shifts] == [tuesday]
    left_out = {entry["date"]: entry for entry in built.crew_left_out}
    assert sorted(left_out) == [(monday + datetime.timedelta(days=n)).isoformat() for n in (0, 2, 3, 4)]
    assert left_out[monday.isoformat()]["reason"] == "crew_incomplete"
    assert "0 library staff" in left_out[monday.isoformat()]["message"]


def test_an_absence_leaves_out_only_its_dates(network, monday):
    crew_absence_create(user=network["crew"][1], kind="sickness", starts_on=monday, ends_on=monday)

    built = build(network, monday)

    dates = [s.date for s in built.problem.vehicles[0].shifts]
    assert monday not in dates and monday + datetime.timedelta(days=1) in dates
    assert built.crew_left_out[0]["date"] == monday.isoformat()
    assert network["crew"][1].last_name in built.crew_left_out[0]["message"]


def test_an_incomplete_crew_is_refused_and_nothing_is_saved(network, monday):
    drivers = [UserFactory(role="driver_librarian") for _ in range(3)]

    with pytest.raises(ValidationError) as error:
        trip_crew_set(
            vehicle=network["vehicle"], day=monday, members=[{"user": u, "crew_role": "driver"} for u in drivers]
        )

    assert "library staff" in str(error.value.message_dict["members"])
    assert not TripCrew.objects.exists()


def test_a_rotation_delivery_needs_one_driver(network, monday):
    trip_crew_set(
        vehicle=network["vehicle"],
        day=monday,
        members=[{"user": network["crew"][0], "crew_role": "driver"}],
        rotation_delivery=True,
    )

    assert crew_on(vehicle=network["vehicle"], day=monday).rotation_delivery


def test_an_absent_member_cannot_be_put_on_a_trip(network, monday):
    crew_absence_create(user=network["crew"][2], kind="leave", starts_on=monday, ends_on=monday)
    members = [
        {"user": u, "crew_role": r} for u, r in zip(network["crew"], ["driver", "librarian", "librarian"], strict=True)
    ]

    with pytest.raises(ValidationError) as error:
        trip_crew_set(vehicle=network["vehicle"], day=monday, members=members)

    assert "away" in str(error.value.message_dict["members"])


def test_the_crew_confirms_at_departure(network, monday):
    trip = trip_crew_confirm(vehicle=network["vehicle"], day=monday, by=network["crew"][0])

    assert trip.confirmed_at is not None and trip.members.count() == 3
    assert crew_on(vehicle=network["vehicle"], day=monday).confirmed
