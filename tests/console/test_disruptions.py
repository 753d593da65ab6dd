"""The disruptions page: declaring a bus out, a site closed or a visit skipped starts a re-plan; its page shows what
changed in words, publishes, and lists the notices the schools were sent."""

import datetime

import pytest
from django.urls import reverse

from backend.notifications.models import Notification
from backend.places.models import Closure
from backend.planning.models import PlannedVisit, PlanningRun, PlanStatus, VisitStatus
from backend.planning.services import planning_run_execute
from tests.backend.factories import UserFactory
from tests.console.planning_helpers import published_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(network, monday, coordinator):
    return published_week(network, monday, coordinator)


def out_form(vehicle, first, last, **extra):
    body = {
        "out-vehicle": vehicle.pk,
        "out-starts_on": first.isoformat(),
        "out-ends_on": last.isoformat(),
        "out-reason": "Hỏng hộp số",
        "out-time_limit_s": 2,
    }
    return {**body, **extra}


def test_the_page_offers_the_three_disruptions(client, coordinator, week, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("console:disruptions"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="out-vehicle"' in page and 'name="closed-site"' in page and 'name="skip-visit"' in page
    assert 'aria-current="page"' in page


def test_a_bus_out_for_two_days_is_replanned_published_and_the_schools_told(
    client, coordinator, network, monday, week, django_assert_max_num_queries
):
    contact = UserFactory(role="school_contact", school=network["sites"][0].school)
    client.force_login(coordinator)
    bus = network["vehicle"]

    response = client.post(
        reverse("console:disruption-vehicle-out"), out_form(bus, monday, monday + datetime.timedelta(days=1))
    )

    run = PlanningRun.objects.get(base_plan=week)
    assert response.status_code == 302 and response["Location"] == reverse("console:replan", args=[run.pk])
    assert Closure.objects.filter(kind="vehicle", vehicle=bus, starts_on=monday).exists()
    running = client.get(reverse("console:replan", args=[run.pk]))
    assert b'id="replan-progress"' in running.content  # polled by htmx until the run ends
    planning_run_execute(run_id=run.pk)
    assert (
        client.get(f"{reverse('console:replan', args=[run.pk])}?progress=1", HTTP_HX_REQUEST="true")["HX-Refresh"]
        == "true"
    )

    with django_assert_max_num_queries(16):
        review = client.get(reverse("console:replan", args=[run.pk]))
    page = review.content.decode()
    replan = review.context["replan"]
    assert replan.changes and {c.kind for c in replan.changes} <= {"moved", "retimed", "added", "dropped"}
    moved_off = [c for c in replan.changes if c.before and c.before.date <= monday + datetime.timedelta(days=1)]
    assert moved_off and all(c.kind in ("moved", "dropped") for c in moved_off)
    published_keys = set(PlannedVisit.objects.filter(route__plan=week).values_list("key", flat=True))
    assert not [c for c in replan.changes if c.kind == "added" and c.key in published_keys]  # moved, not "new"
    assert "site:" not in page and "vehicle:" not in page and bus.plate_number in page
    assert f"{reverse('mapping:plan', args=[replan.draft.pk])}?date=" in page

    published = client.post(reverse("console:replan-publish", args=[run.pk]), follow=True)

    replan.draft.refresh_from_db()
    assert replan.draft.status == PlanStatus.PUBLISHED
    assert published.context["replan"].notices
    told = Notification.objects.filter(kind__in=["visit_time", "visit_cancelled"])
    assert {n.school.name for n in told} == set(replan.schools_told)
    assert told.filter(recipient=contact).exists() == (contact.school.name in replan.schools_told)
    again = client.post(reverse("console:replan-publish", args=[run.pk]), follow=True)
    assert [m.level_tag for m in again.context["messages"]] == ["error"]  # only a draft can be published


def test_a_period_that_ends_before_it_starts_is_a_field_error_and_nothing_is_recorded(
    client, coordinator, network, monday, week
):
    client.force_login(coordinator)

    response = client.post(
        reverse("console:disruption-vehicle-out"),
        out_form(network["vehicle"], monday, monday - datetime.timedelta(days=1)),
    )

    assert response.status_code == 400
    assert response.context["forms"]["out"].errors["ends_on"]
    assert not Closure.objects.exists() and not PlanningRun.objects.filter(base_plan__isnull=False).exists()


def test_a_disruption_outside_any_published_plan_is_refused_with_the_reason(client, coordinator, network, monday, week):
    client.force_login(coordinator)
    later = monday + datetime.timedelta(days=60)

    response = client.post(
        reverse("console:disruption-site-closed"),
        {
            "closed-site": network["sites"][2].pk,
            "closed-starts_on": later.isoformat(),
            "closed-ends_on": later.isoformat(),
            "closed-reason": "Bão",
            "closed-time_limit_s": 2,
        },
    )

    assert response.status_code == 400
    assert later.strftime("%d/%m/%Y") in response.content.decode()
    assert not Closure.objects.exists()


def test_a_visit_the_crew_skipped_is_recorded_and_replanned(client, coordinator, network, monday, week):
    client.force_login(coordinator)
    visit = PlannedVisit.objects.filter(route__plan=week).order_by("route__date", "position").first()

    response = client.post(
        reverse("console:disruption-visit-skip"),
        {
            "skip-visit": visit.pk,
            "skip-cause": "weather",
            "skip-reason": "Ngập đường",
            "skip-replan": "on",
            "skip-time_limit_s": 2,
        },
    )

    visit.refresh_from_db()
    assert visit.status == VisitStatus.SKIPPED and visit.skip_cause == "weather"
    run = PlanningRun.objects.get(base_plan=week)
    assert response["Location"] == reverse("console:replan", args=[run.pk])


def test_other_roles_cannot_declare_disruptions(client, driver, network):
    client.force_login(driver)
    assert client.get(reverse("console:disruptions")).status_code == 403
    assert client.post(reverse("console:disruption-vehicle-out"), {}).status_code == 403
