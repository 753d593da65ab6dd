"""The demo's main job: plan the coming weeks for every bus and publish, a period at a time, once; a school using
the demo is offered slots in the coming weeks whatever the date the demo was loaded on."""

import datetime
import zoneinfo

import pytest
import time_machine

from backend.accounts.models import User
from backend.demo.history import demo_history_load
from backend.demo.places import SCHOOL_CONTACT_USERNAME, demo_load
from backend.demo.planning import demo_plan_publish
from backend.places.models import ServiceSite
from backend.planning.models import Plan, PlannedVisit, PlanStatus, RequestStatus, VisitRequest
from backend.planning.services import slot_offers_for


def test_demo_plans_and_publishes_once(network, coordinator):
    plans = demo_plan_publish(weeks=1, ahead_weeks=2, time_limit_s=1)

    assert [p.status for p in plans] == [PlanStatus.PUBLISHED] * 2
    assert plans[1].starts_on == plans[0].ends_on + datetime.timedelta(days=1)
    assert PlannedVisit.objects.filter(route__plan=plans[0]).exists()
    assert demo_plan_publish(weeks=1, ahead_weeks=2, time_limit_s=1) == plans  # already covered: nothing new
    assert Plan.objects.count() == 2


def test_demo_loaded_again_later_tops_the_plans_up(network, coordinator):
    [first] = demo_plan_publish(weeks=1, ahead_weeks=1, time_limit_s=1)
    later = first.starts_on + datetime.timedelta(days=3)

    plans = demo_plan_publish(weeks=1, ahead_weeks=1, time_limit_s=1, today=later)

    assert plans[0] == first and len(plans) == 2
    assert plans[1].starts_on == first.ends_on + datetime.timedelta(days=1) and plans[1].ends_on >= later


def test_demo_without_a_coordinator_plans_nothing(network):
    assert demo_plan_publish(weeks=1, time_limit_s=1) == []
    assert not Plan.objects.exists()


@pytest.mark.parametrize("today", [datetime.date(2026, 12, 5), datetime.date(2026, 12, 28)])
def test_the_demo_s_school_is_offered_slots_in_the_coming_weeks(db, today):
    morning = datetime.datetime.combine(today, datetime.time(8), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(morning, tick=False):
        demo_load()
        demo_history_load(today=today, months=3)  # as load_demo does: the sites are not all overdue at once
        plans = demo_plan_publish(weeks=2, ahead_weeks=6, time_limit_s=2)
        assert plans[0].starts_on == today and plans[-1].ends_on >= today + datetime.timedelta(weeks=6, days=-1)
        contact = User.objects.get(username=SCHOOL_CONTACT_USERNAME)
        site = ServiceSite.objects.filter(school=contact.school, is_active=True).first()
        # A request for each of the four coming weeks (into the next month and year).
        for week in range(4):
            monday = today + datetime.timedelta(days=7 * week - today.weekday() + 7)
            request = VisitRequest.objects.create(
                school=contact.school,
                site=site,
                created_by=contact,
                preferred_from=monday,
                preferred_until=monday + datetime.timedelta(days=4),
                window_start=datetime.time(7),
                window_end=datetime.time(16, 30),
                students=40,
                status=RequestStatus.SUBMITTED,
            )

            offers = slot_offers_for(request=request)

            assert offers, (today, monday)
            assert all(monday <= o.date <= request.preferred_until for o in offers)
            request.delete()
