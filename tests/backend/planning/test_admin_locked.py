"""The admin cannot bypass the planning rules: plans, runs, routes and visits, loans and the ledger are read-only
there; nothing publishes, deletes a plan or records a run that never starts. Runs are cancelled through the service."""

import datetime

import pytest

from backend.planning.models import Plan, PlannedVisit, PlanningRun, PlanRoute, PlanStatus
from backend.planning.services import planning_run_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_visit(network, monday):
    plan = Plan.objects.create(starts_on=monday, ends_on=monday, network_revision=0)
    route = PlanRoute.objects.create(
        plan=plan, vehicle=network["vehicle"], date=monday, starts_at="07:00", ends_at="12:00"
    )
    visit = PlannedVisit.objects.create(
        route=route,
        position=1,
        key="site:1#1",
        site=network["sites"][0],
        arrives_at="08:00",
        starts_at="08:00",
        departs_at="09:45",
    )
    return plan, route, visit


@pytest.mark.parametrize("user", ["admin_user", "coordinator"])
def test_a_plan_cannot_be_published_changed_or_deleted_in_the_admin(client, request, user, plan_with_visit):
    plan, route, visit = plan_with_visit
    client.force_login(request.getfixturevalue(user))

    page = client.get(f"/admin/planning/plan/{plan.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # shown, not editable
    posted = client.post(
        f"/admin/planning/plan/{plan.pk}/change/",
        {"status": "published", "starts_on": plan.starts_on, "ends_on": plan.ends_on, "network_revision": 0},
    )
    assert posted.status_code == 403
    assert client.get(f"/admin/planning/plan/{plan.pk}/delete/").status_code == 403
    assert client.post(f"/admin/planning/plan/{plan.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post(
        "/admin/planning/plan/", {"action": "delete_selected", "_selected_action": [plan.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert client.get("/admin/planning/plan/add/").status_code == 403
    assert client.post(f"/admin/planning/planroute/{route.pk}/change/", {"date": route.date}).status_code == 403
    assert client.get(f"/admin/planning/planroute/{route.pk}/delete/").status_code == 403

    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert PlannedVisit.objects.filter(pk=visit.pk).exists()


def test_a_run_cannot_be_recorded_in_the_admin_only_cancelled_through_its_service(
    client, admin_user, coordinator, network, monday
):
    client.force_login(admin_user)
    form = {
        "starts_on": monday,
        "ends_on": monday + datetime.timedelta(days=4),
        "vehicles": [network["vehicle"].pk],
        "time_limit_s": 5,
        "status": "queued",
        "created_by": admin_user.pk,
    }
    assert client.get("/admin/planning/planningrun/add/").status_code == 403
    assert client.post("/admin/planning/planningrun/add/", form).status_code == 403
    assert not PlanningRun.objects.exists()

    run = planning_run_start(
        user=coordinator, starts_on=monday, ends_on=monday, vehicles=[network["vehicle"]], enqueue=False
    )
    changed = client.post(f"/admin/planning/planningrun/{run.pk}/change/", {**form, "status": "succeeded"})
    assert changed.status_code == 403
    assert client.get(f"/admin/planning/planningrun/{run.pk}/delete/").status_code == 403
    response = client.post(
        "/admin/planning/planningrun/", {"action": "cancel_runs", "_selected_action": [run.pk]}, follow=True
    )
    assert response.status_code == 200
    run.refresh_from_db()
    assert run.cancel_requested and run.status == "queued"  # the job notices and stops; the admin set no status


@pytest.mark.parametrize("model", ["loan", "movement"])
def test_loans_and_the_ledger_are_read_only(client, admin_user, model):
    client.force_login(admin_user)
    assert client.get(f"/admin/stock/{model}/").status_code == 200
    assert client.get(f"/admin/stock/{model}/add/").status_code == 403
    assert "delete_selected" not in client.get(f"/admin/stock/{model}/").content.decode()


def test_a_requests_status_is_read_only_in_the_admin_and_cancelling_goes_through_the_service(
    client, admin_user, school_contact, site
):
    from backend.planning.models import VisitRequest
    from backend.planning.services import visit_request_create

    site.windows.create(weekday=0, opens_at="07:00", closes_at="11:00")
    today = datetime.date.today()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    visit_request = visit_request_create(
        user=school_contact,
        site=site,
        preferred_from=monday,
        preferred_until=monday,
        window_start=datetime.time(8),
        window_end=datetime.time(10),
        students=30,
    )
    client.force_login(admin_user)
    form = {
        "school": visit_request.school_id,
        "site": site.pk,
        "preferred_from": monday,
        "preferred_until": monday,
        "window_start": "08:00",
        "window_end": "10:00",
        "students": 31,
        "status": "completed",
        "decline_reason": "",
    }

    changed = client.post(f"/admin/planning/visitrequest/{visit_request.pk}/change/", form)
    visit_request.refresh_from_db()
    assert changed.status_code == 302, changed.content.decode()[-2000:]
    assert (visit_request.status, visit_request.students) == ("submitted", 31)
    assert client.get("/admin/planning/visitrequest/add/").status_code == 403

    client.post("/admin/planning/visitrequest/", {"action": "cancel_requests", "_selected_action": [visit_request.pk]})
    visit_request.refresh_from_db()
    assert visit_request.status == "cancelled"
    assert VisitRequest.objects.count() == 1
