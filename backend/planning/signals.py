"""Any change to what planning reads moves the network revision on, so drafts built before it are stale.

Signals, not services, because the network is written from many places (API, admin, demo, imports) and a
missed bump would let a stale draft be published.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from backend.places.models import (
    Closure,
    CrewAbsence,
    CrewAssignment,
    OpeningWindow,
    SeasonalOverride,
    ServiceSite,
    TripCrew,
    TripCrewMember,
    Vehicle,
)
from backend.planning.models import NetworkRevision, VisitRequest

WATCHED = [
    ServiceSite,
    OpeningWindow,
    SeasonalOverride,
    Vehicle,
    CrewAssignment,
    TripCrew,
    TripCrewMember,
    CrewAbsence,
    Closure,
    VisitRequest,
]


def network_revision_bump(**kwargs) -> None:
    if NetworkRevision.objects.filter(pk=1).update(value=F("value") + 1) == 0:
        NetworkRevision.objects.get_or_create(pk=1, defaults={"value": 1})


for model in WATCHED:
    post_save.connect(network_revision_bump, sender=model, dispatch_uid=f"revision-save-{model.__name__}")
    post_delete.connect(network_revision_bump, sender=model, dispatch_uid=f"revision-delete-{model.__name__}")


# Sent by ``plan_publish`` once the new plan is published: ``plan``, ``old_visits`` and ``new_visits`` (dicts of
# planner visit key → PlannedVisit, before and after). Loans and collections due at a moved or dropped visit follow.
plan_published = Signal()
