"""Tests of the JSON instance format: defaults, and errors that name the field."""

import json

import pytest

from routing import InvalidInstanceError, OsrmMatrixProvider, load_instance, parse_instance


def base():
    return {
        "dates": ["2026-03-02"],
        "depots": [{"id": "lib", "lat": 10.0, "lon": 105.0}],
        "vehicles": [{"id": "bus", "depot": "lib", "capacity_boxes": 5}],
        "visits": [{"id": "a", "lat": 10.1, "lon": 105.0, "duration_min": 60}],
    }


def test_defaults_are_applied():
    problem, provider = parse_instance(base())
    bus = problem.vehicle("bus")
    assert (bus.shifts[0].start_s, bus.shifts[0].end_s, bus.speed_kmh) == (7 * 3600, 17 * 3600, 35.0)
    assert (bus.lunch.earliest_start_s, bus.lunch.duration_s) == (11 * 3600, 3600)
    visit = problem.visit("a")
    assert (visit.site_id, visit.priority, visit.mandatory, visit.dates) == ("a", 1, False, None)
    assert provider.circuity == 1.3


def test_lunch_null_means_no_break_and_osrm_url_selects_osrm():
    data = base()
    data["vehicles"][0]["lunch"] = None
    data["osrm_url"] = "http://osrm:5000"
    problem, provider = parse_instance(data)
    assert problem.vehicle("bus").lunch is None
    assert isinstance(provider, OsrmMatrixProvider)


@pytest.mark.parametrize(
    "edit, field, words",
    [
        (lambda d: d.pop("dates"), "dates", "required"),
        (lambda d: d["dates"].append("2026-02-30"), "dates[1]", "ISO date"),
        (lambda d: d["vehicles"][0].update(capacity_boxes="five"), "vehicles[0].capacity_boxes", "number"),
        (lambda d: d["visits"][0].update(windows="07:00-09:00"), "visits[0].windows", "list"),
        (
            lambda d: d["visits"][0].update(windows_by_date={"monday": []}),
            "visits[0].windows_by_date.monday",
            "ISO date",
        ),
        (lambda d: d["visits"][0].update(priority=0), "visits[0]", "priority"),
        (lambda d: d.update(periodic=[{"site": "a", "visits": 3, "min_gap_days": 7}]), None, "needs 3 visits"),
    ],
)
def test_bad_fields_are_named(edit, field, words):
    data = base()
    edit(data)
    with pytest.raises(InvalidInstanceError) as err:
        parse_instance(data)
    assert err.value.field == field
    assert words in str(err.value)


def test_file_errors_carry_the_line(tmp_path):
    data = base()
    data["visits"][0]["duration_min"] = "long"
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data, indent=2))
    with pytest.raises(InvalidInstanceError) as err:
        load_instance(path)
    line = path.read_text().splitlines()[err.value.line - 1]
    assert '"duration_min"' in line and err.value.field == "visits[0].duration_min"
