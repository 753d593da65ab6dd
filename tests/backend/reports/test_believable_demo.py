"""The demo looks like a real mobile library: about 3,000 books aboard each bus, collections of 100–300 books,
about two document uses per reader visit, targets the two buses keep up with (the coverage map mostly on time) and
stops on the run sheet on the day the demo is loaded when it is a working day."""

import datetime

from django.db.models import Count
from django.utils import timezone

import maps
from backend.demo.history import demo_history_load
from backend.demo.places import demo_load
from backend.demo.planning import demo_plan_publish
from backend.demo.stock import stock_demo_load
from backend.mapping.selectors import coverage_sites
from backend.places.models import ServiceSite, Vehicle
from backend.planning.models import PlannedVisit
from backend.reports.periods import Period
from backend.reports.selectors import ReportScope, indicator_totals
from backend.stock.models import Copy, RotatingCollection
from backend.stock.verify import ledger_verify


def _next_monday() -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(7 - today.weekday()) % 7)


def test_the_demo_is_believable(db):
    monday = _next_monday()  # the planner plans from today on: the demo's "today" is a working day to come
    demo_load()
    stock_demo_load()
    demo_history_load(today=monday, months=3)

    for vehicle in Vehicle.objects.all():
        aboard = Copy.objects.filter(holder_vehicle=vehicle).count()
        assert 2500 <= aboard <= 3500, (vehicle, aboard)
    sizes = list(RotatingCollection.objects.annotate(n=Count("copies")).values_list("n", flat=True))
    assert sizes and all(100 <= n <= 300 for n in sizes), sizes
    assert ledger_verify().mismatches == []

    totals = indicator_totals(period=Period(monday - datetime.timedelta(days=90), monday), scope=ReportScope())
    assert 1.6 <= totals["document_uses"] / totals["reader_visits"] <= 2.4
    assert totals["served_children"] > 0 and totals["served_priority_areas"] > 0 and totals["digital_uses"] > 0
    assert ServiceSite.objects.exclude(priority_groups=[]).exists()

    statuses = [maps.coverage_status(site, today=monday) for site in coverage_sites()]
    on_time = statuses.count("on_time") + statuses.count("due")
    assert on_time >= 0.8 * len(statuses) and statuses.count("overdue") < 0.2 * len(statuses), statuses

    [plan] = demo_plan_publish(weeks=1, ahead_weeks=1, time_limit_s=3, today=monday)
    assert plan.starts_on == monday
    assert PlannedVisit.objects.filter(route__plan=plan, route__date=monday).exists()
