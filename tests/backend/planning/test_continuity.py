"""Plans keep their rhythm: the next plan counts the visits the published one will make, and never puts two
visits of one site on one day."""

import datetime
from collections import Counter

from backend.planning.models import Plan, PlannedVisit, RunStatus
from tests.backend.planning.test_planning_flow import coordinator_api, run_now, start_run  # noqa: F401


def _plan(client, network, starts_on, days):
    run = run_now(start_run(client, network, starts_on, days=days, time_limit_s=3))
    assert run.status == RunStatus.SUCCEEDED, run.error
    return Plan.objects.get(run=run)


def test_a_new_plan_respects_the_spacing_of_the_published_one(coordinator_api, network, monday):  # noqa: F811
    first = _plan(coordinator_api, network, monday, 5)
    assert coordinator_api.post(f"/api/v1/plans/{first.id}/publish/").status_code == 200
    visited = dict(PlannedVisit.objects.filter(route__plan=first).values_list("site_id", "route__date"))
    assert visited

    following = _plan(coordinator_api, network, monday + datetime.timedelta(days=7), 21)

    interval = network["sites"][0].target_interval_days  # 21 days for every site of the network
    earliest_gap = interval - interval // 3  # a visit may come a third of an interval early, no earlier
    for site_id, day in PlannedVisit.objects.filter(route__plan=following).values_list("site_id", "route__date"):
        if site_id in visited:
            assert (day - visited[site_id]).days >= earliest_gap, (site_id, visited[site_id], day)


def test_a_plan_never_puts_two_visits_of_one_site_on_one_day(coordinator_api, network, monday):  # noqa: F811
    for site in network["sites"]:
        site.target_interval_days = 7  # three or four visits each in the horizon
        site.save()

    plan = _plan(coordinator_api, network, monday, 21)

    per_day = Counter(PlannedVisit.objects.filter(route__plan=plan).values_list("site_id", "route__date"))
    assert per_day and max(per_day.values()) == 1
