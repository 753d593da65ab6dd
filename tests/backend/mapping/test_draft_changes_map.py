"""The plan map of a re-plan draft marks its changes against the published plan: after a bus is out for two days,
the map of the first day marks each of its visits as moved away (saying where to) or dropped (saying why), and the
map of the day a visit moved to marks it as moved here (saying from where)."""

import datetime
import json

import pytest

from backend.planning.models import Plan, PlannedVisit
from backend.planning.services import disruptions, planning_run_execute
from tests.console.planning_helpers import published_week

pytestmark = pytest.mark.django_db


def js(text: str) -> str:
    """``text`` as the map's script carries it (Jinja's ``tojson``)."""
    dumped = json.dumps(text)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        dumped = dumped.replace(char, code)
    return dumped


@pytest.fixture
def outage(network, monday, coordinator):
    """The week published, then the bus out for the first two days it works, and the re-plan carried out: the
    published visits by key, the draft's, the draft and the first day out."""
    week = published_week(network, monday, coordinator)
    first = min(PlannedVisit.objects.filter(route__plan=week).values_list("route__date", flat=True))
    _, run = disruptions.vehicle_mark_out_of_service(
        vehicle=network["vehicle"],
        starts_on=first,
        ends_on=first + datetime.timedelta(days=1),
        reason="Hỏng hộp số",
        user=coordinator,
        time_limit_s=2,
    )
    planning_run_execute(run_id=run.pk)
    draft = Plan.objects.get(run=run)
    visits = PlannedVisit.objects.select_related("route__vehicle", "site")
    before = {v.key: v for v in visits.filter(route__plan=week)}
    after = {v.key: v for v in visits.filter(route__plan=draft)}
    return before, after, draft, first


def embed(client, plan, **query):
    response = client.get(f"/maps/plan/{plan.pk}/embed/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_outage_day_marks_each_visit_moved_away_or_dropped(client, coordinator, outage):
    before, after, draft, day_out = outage
    hit = [v for v in before.values() if v.route.date == day_out]
    assert hit
    client.force_login(coordinator)

    html = embed(client, draft, date=day_out.isoformat())

    for visit in hit:
        if visit.key in after:
            moved = after[visit.key]
            assert js(f"Chuyển đi: {visit.site.name}") in html
            where = (
                f"Chuyển sang {moved.route.date:%d/%m}, xe {moved.route.vehicle.plate_number}, {moved.starts_at:%H:%M}."
            )
            assert js(where)[1:-1] in html
        else:
            assert js(f"Bỏ: {visit.site.name}") in html
            assert js(f"Trước ở {day_out:%d/%m}, xe {visit.route.vehicle.plate_number}")[1:-1] in html
    assert js("Thay đổi so với kế hoạch đã xuất bản") in html and "bb-changes-legend" in html
    assert "bb-stop-marker" not in html  # the bus is out: no route that day


def test_a_visit_moved_to_another_day_is_marked_there_with_where_it_came_from(
    client, coordinator, outage, django_assert_max_num_queries
):
    before, after, draft, day_out = outage
    moved = [after[v.key] for v in before.values() if v.route.date == day_out and v.key in after]
    assert moved, "the re-plan moves some of the first day's visits to the days left"
    visit = moved[0]
    was = before[visit.key]
    client.force_login(coordinator)

    with django_assert_max_num_queries(18):
        html = embed(client, draft, date=visit.route.date.isoformat())

    assert js(f"Chuyển đến: {visit.site.name}") in html
    came_from = f"Chuyển từ {was.route.date:%d/%m}, xe {was.route.vehicle.plate_number}, {was.starts_at:%H:%M}."
    assert js(came_from)[1:-1] in html
    assert "zIndexOffset: -1000" in html  # the ring lies under the stop's own badge


def test_the_whole_draft_marks_moves_once_and_the_published_plan_marks_nothing(client, coordinator, outage):
    before, _, draft, _ = outage
    client.force_login(coordinator)

    whole = embed(client, draft)
    published = embed(client, next(iter(before.values())).route.plan)

    assert js("Chuyển đi: ")[1:-1] not in whole  # without a date or bus, a move is marked where it goes
    assert "bb-change-marker" in whole
    assert "bb-change-marker" not in published and "bb-changes-legend" not in published


def test_the_changes_read_in_english(client, coordinator, outage):
    _, _, draft, day_out = outage
    client.force_login(coordinator)

    response = client.get(f"/maps/plan/{draft.pk}/embed/", {"date": day_out.isoformat()}, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert js("Changes from the published plan") in html
    assert "Moved to " in html or "on no route now" in html
