"""Published plans with trips and visits in the past, as the crews left them: done, skipped or still planned."""

import datetime

import factory
from factory.django import DjangoModelFactory

from backend.planning.models import Plan, PlannedVisit, PlanRoute


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2026, 12, 31)
    status = "published"
    network_revision = 0


class RouteFactory(DjangoModelFactory):
    class Meta:
        model = PlanRoute

    plan = factory.SubFactory(PlanFactory)
    date = datetime.date(2026, 3, 2)
    starts_at = datetime.time(7, 0)
    ends_at = datetime.time(16, 0)
    distance_m = 40000


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = PlannedVisit

    position = factory.Sequence(lambda n: n)
    key = factory.Sequence(lambda n: f"v{n}")
    arrives_at = datetime.time(8, 0)
    starts_at = datetime.time(8, 0)
    departs_at = datetime.time(10, 0)
    distance_m = 15000
    status = "done"
