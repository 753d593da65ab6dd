"""The yearly plan: draft → approved, its schedule per commune with the right dates, the dashboard against it."""

import datetime

import pytest

from backend.core.exceptions import ConflictError
from backend.places.models import OpeningWindow
from backend.reports.models import YearPlan, YearPlanPoint
from backend.reports.year_plan import session_dates, year_plan_approve, year_plan_schedule


def test_sessions_spread_over_the_month_on_the_sites_weekday():
    # March 2027 starts on a Monday; its Tuesdays are 2, 9, 16, 23 and 30.
    assert session_dates(year=2027, months=[3], sessions_per_month=1, weekday=1) == [datetime.date(2027, 3, 2)]
    assert session_dates(year=2027, months=[4, 3], sessions_per_month=2, weekday=1) == [
        datetime.date(2027, 3, 2), datetime.date(2027, 3, 16), datetime.date(2027, 4, 6), datetime.date(2027, 4, 20),
    ]  # fmt: skip
    assert len(session_dates(year=2027, months=[2], sessions_per_month=4, weekday=0)) == 4


@pytest.fixture
def plan(history):
    plan = YearPlan.objects.create(year=2027, copies_to_add=2000, events="Ngày Sách 21/4")
    OpeningWindow.objects.filter(site=history["site"]).delete()
    OpeningWindow.objects.create(site=history["site"], weekday=1, opens_at="07:30", closes_at="11:00")
    OpeningWindow.objects.filter(site=history["house"]).delete()
    OpeningWindow.objects.create(site=history["house"], weekday=5, opens_at="14:00", closes_at="17:00")
    YearPlanPoint.objects.create(plan=plan, site=history["site"], sessions_per_month=2, months=[3, 4])
    YearPlanPoint.objects.create(plan=plan, site=history["house"], sessions_per_month=1, months=[6])
    return plan


def test_the_schedule_per_commune_lists_the_right_dates(plan, history):
    schedule = year_plan_schedule(plan=plan)

    by_commune = {c["name"]: c["points"] for c in schedule}
    site_points = by_commune[history["site"].commune.name]
    assert site_points[0]["site"] == history["site"].name
    assert site_points[0]["dates"] == [datetime.date(2027, 3, 2), datetime.date(2027, 3, 16),
                                       datetime.date(2027, 4, 6), datetime.date(2027, 4, 20)]  # fmt: skip
    # 5 June 2027 is the first Saturday of June.
    assert by_commune[history["house"].commune.name][0]["dates"] == [datetime.date(2027, 6, 5)]
    only = year_plan_schedule(plan=plan, commune_id=history["house"].commune_id)
    assert [c["name"] for c in only] == [history["house"].commune.name]


def test_a_draft_is_approved_once_and_printed_per_commune(plan, coordinator, client, history):
    year_plan_approve(plan=plan, by=coordinator)
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approved_by == coordinator
    with pytest.raises(ConflictError):
        year_plan_approve(plan=plan, by=coordinator)

    client.force_login(coordinator)
    html = client.get(f"/reports/plan/2027/?commune={history['house'].commune_id}").content.decode()
    assert "05/06/2027" in html and "02/03/2027" not in html
    assert client.get("/reports/plan/2031/").status_code == 404
    assert client.get("/reports/plan/2027/?commune=x").status_code == 400


def test_an_empty_draft_cannot_be_approved(db, coordinator):
    with pytest.raises(ConflictError):
        year_plan_approve(plan=YearPlan.objects.create(year=2028), by=coordinator)


def test_the_dashboard_measures_the_year_against_the_approved_plan(history, coordinator, client):
    plan = YearPlan.objects.create(year=2026, copies_to_add=100)
    YearPlanPoint.objects.create(plan=plan, site=history["site"], sessions_per_month=1, months=[3, 4])
    year_plan_approve(plan=plan, by=coordinator)
    client.force_login(coordinator)

    html = client.get("/reports/?year=2026").content.decode()

    assert 'id="year-plan"' in html and "/reports/plan/2026/" in html
