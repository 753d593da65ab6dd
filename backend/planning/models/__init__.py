"""Planning's models: runs, plans, routes and visits; schools' visit requests."""

from .plans import (
    LeftOutVisit,
    NetworkRevision,
    Plan,
    PlannedVisit,
    PlanningRun,
    PlanRoute,
    PlanStatus,
    RunStatus,
    SkipCause,
    VisitStatus,
)
from .requests import RequestStatus, VisitRequest

__all__ = [
    "LeftOutVisit",
    "NetworkRevision",
    "Plan",
    "PlanRoute",
    "PlanStatus",
    "PlannedVisit",
    "PlanningRun",
    "RequestStatus",
    "RunStatus",
    "SkipCause",
    "VisitRequest",
    "VisitStatus",
]
