"""What the console's overview counts: the coordinator's to-do list for today."""

from django.utils import timezone

from backend.crew.models import ConflictStatus, SyncConflict
from backend.planning.models import (
    Plan,
    PlannedVisit,
    PlanningRun,
    PlanStatus,
    RequestStatus,
    RunStatus,
    VisitRequest,
    VisitStatus,
)


def overview_counts() -> dict:
    """Drafts to review, runs in progress, today's stops, requests to answer and conflicts to settle."""
    today = timezone.localdate()
    return {
        "drafts": Plan.objects.filter(status=PlanStatus.DRAFT).count(),
        "runs_in_progress": PlanningRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).count(),
        "stops_today": PlannedVisit.objects.filter(
            route__date=today, route__plan__status=PlanStatus.PUBLISHED, status=VisitStatus.PLANNED
        ).count(),
        "requests_open": VisitRequest.objects.filter(status=RequestStatus.SUBMITTED).count(),
        "conflicts_open": SyncConflict.objects.filter(status=ConflictStatus.OPEN).count(),
    }
