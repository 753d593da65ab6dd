"""Events: recorded, planned as the bus's sessions (published visits attached, schools' points requested through
the schools' request path), reported; the reported participants reach the indicators and the yearly plan lists the
year's events."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from backend.outreach.events import EventNotOverError, event_create, event_plan_visits, event_report, event_update
from backend.outreach.models import Event
from backend.planning.models import RequestStatus, VisitRequest
from backend.reports import selectors
from backend.reports.models import YearPlan
from backend.reports.periods import Period
from backend.reports.year_plan import year_plan_events
from tests.backend.factories import (
    LibraryFactory,
    PlannedVisitFactory,
    PlanRouteFactory,
    PublishedPlanFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def _event(sites, starts_on, ends_on=None, **extra):
    data = {"kind": "book_day", "name": "Ngày Sách và Văn hóa đọc Việt Nam", "activities": ["storytelling", "contest"]}
    return event_create(sites=sites, starts_on=starts_on, ends_on=ends_on or starts_on, **{**data, **extra})


def test_an_event_needs_points_ordered_days_and_known_activities(site):
    day = datetime.date(2026, 4, 21)
    with pytest.raises(ValidationError) as no_site:
        _event([], day)
    assert "sites" in no_site.value.message_dict
    with pytest.raises(ValidationError) as backwards:
        _event([site], day, day - datetime.timedelta(days=1))
    assert "ends_on" in backwards.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        event_create(sites=[site], name="x", starts_on=day, ends_on=day, activities=["karaoke"])
    assert "activities" in unknown.value.message_dict
    assert Event.objects.count() == 0
    event = _event([site], day)
    event_update(event=event, name="Ngày hội đọc sách 2026")
    event.refresh_from_db()
    assert event.name == "Ngày hội đọc sách 2026" and list(event.sites.all()) == [site]


def test_reported_participants_count_in_the_indicators_of_their_period(site, coordinator):
    event = _event([site], datetime.date(2026, 4, 21))
    unreported = selectors.indicator_totals(period=Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
                                            scope=selectors.ReportScope())  # fmt: skip
    assert unreported["event_participants"] == 0 and unreported["events_held"] == 0
    with pytest.raises(ValidationError):  # children cannot outnumber everyone
        event_report(event=event, by=coordinator, participants_total=40, participants_children=41)
    event_report(event=event, by=coordinator, participants_total=215, participants_children=160,
                 activities=["storytelling", "reading_club"])  # fmt: skip
    other = _event([site], datetime.date(2026, 10, 2), datetime.date(2026, 10, 6), kind="lifelong_week")
    event_report(event=other, by=coordinator, participants_total=1_250, participants_children=300)
    year = selectors.indicator_totals(period=Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
                                      scope=selectors.ReportScope())  # fmt: skip
    assert (year["events_held"], year["event_participants"], year["event_participants_children"]) == (2, 1465, 460)
    april = selectors.indicator_totals(period=Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)),
                                       scope=selectors.ReportScope())  # fmt: skip
    assert april["event_participants"] == 215
    school_only = selectors.indicator_totals(period=Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
                                             scope=selectors.ReportScope(school_id=site.school_id))  # fmt: skip
    assert school_only["event_participants"] == 0  # events belong to the whole network, not one school
    event.refresh_from_db()
    assert event.activities == ["storytelling", "reading_club"] and event.reported_by == coordinator


def test_an_event_is_reported_once_it_has_started(site, coordinator):
    event = _event([site], timezone.localdate() + datetime.timedelta(days=3))
    with pytest.raises(EventNotOverError):
        event_report(event=event, by=coordinator, participants_total=10)
    assert Event.objects.get(pk=event.pk).reported_at is None


def test_planning_attaches_published_visits_and_requests_the_schools_points(coordinator, commune, school):
    first = timezone.localdate() + datetime.timedelta(days=10)
    with_visit, school_site = SiteFactory(school=school), SiteFactory()
    village = SiteFactory(
        school=None, library=LibraryFactory(commune=commune), commune=commune, name="Nhà văn hóa ấp 3"
    )
    plan = PublishedPlanFactory(starts_on=first - datetime.timedelta(days=3))
    visit = PlannedVisitFactory(route=PlanRouteFactory(plan=plan, date=first + datetime.timedelta(days=1)),
                                site=with_visit)  # fmt: skip
    PlannedVisitFactory(route=PlanRouteFactory(plan=plan, date=first + datetime.timedelta(days=9)), site=with_visit)
    event = _event([with_visit, school_site, village], first, first + datetime.timedelta(days=6),
                   expected_participants=120)  # fmt: skip
    done = event_plan_visits(event=event, by=coordinator)
    assert done.attached == [visit]  # the visit after the event's last day is not attached
    assert [r.site for r in done.requested] == [school_site]
    request = done.requested[0]
    assert (request.status, request.preferred_from, request.preferred_until, request.students) == (
        RequestStatus.SUBMITTED, first, first + datetime.timedelta(days=6), 120)  # fmt: skip
    assert [site for site, _reason in done.unplanned] == [village]
    again = event_plan_visits(event=event, by=coordinator)  # safe to repeat: no second request
    assert again.requested == [] and VisitRequest.objects.count() == 1
    assert list(event.visits.all()) == [visit] and list(event.requests.all()) == [request]


def test_the_yearly_plan_lists_the_years_events(site):
    _event([site], datetime.date(2026, 4, 21))
    _event([site], datetime.date(2026, 10, 1), datetime.date(2026, 10, 7), kind="lifelong_week", name="Tuần lễ")
    _event([site], datetime.date(2025, 4, 21))
    plan = YearPlan.objects.create(year=2026)
    assert [e.starts_on for e in year_plan_events(plan=plan)] == [
        datetime.date(2026, 4, 21),
        datetime.date(2026, 10, 1),
    ]


def test_the_printed_yearly_plan_and_the_yearly_report_show_the_events(client, coordinator, site):
    event = _event([site], datetime.date(2026, 4, 21), activities=["storytelling", "reading_club"])
    event_report(event=event, by=coordinator, participants_total=1_860)
    YearPlan.objects.create(year=2026)
    client.force_login(coordinator)
    plan = client.get("/reports/plan/2026/").content.decode()
    assert "Ngày Sách và Văn hóa đọc Việt Nam" in plan and "21/04/2026" in plan and "kể chuyện, câu lạc bộ" in plan
    yearly = client.get("/reports/yearly/?year=2026").content.decode()
    assert "Lượt người tham gia sự kiện" in yearly and "1.860" in yearly
