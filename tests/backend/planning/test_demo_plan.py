"""The demo's main job: plan the coming weeks for every bus and publish, once."""

from backend.demo.planning import demo_plan_publish
from backend.planning.models import Plan, PlannedVisit, PlanStatus


def test_demo_plans_and_publishes_once(network, coordinator):
    plan = demo_plan_publish(weeks=1, time_limit_s=1)

    assert plan.status == PlanStatus.PUBLISHED
    assert PlannedVisit.objects.filter(route__plan=plan).exists()
    assert demo_plan_publish(weeks=1, time_limit_s=1) == plan  # already covered: nothing new
    assert Plan.objects.count() == 1


def test_demo_without_a_coordinator_plans_nothing(network):
    assert demo_plan_publish(weeks=1, time_limit_s=1) is None
    assert not Plan.objects.exists()
