"""Disruptions, a re-plan, the schools' requests and the sync conflicts (fill them with ``load_demo_inbox``)."""

from django.urls import reverse

from backend.crew.models import SyncConflict
from backend.planning.models import PlanningRun, RequestStatus, VisitRequest


def pages() -> list[tuple[str, str]]:
    listed = [
        ("disruptions", reverse("console:disruptions")),
        ("requests (all)", f"{reverse('console:requests')}?status=all"),
        ("conflicts (open)", reverse("console:conflicts")),
        ("conflicts (all)", f"{reverse('console:conflicts')}?status=all"),
    ]
    run = PlanningRun.objects.filter(base_plan__isnull=False).order_by("-id").first()
    if run is not None:
        listed.insert(1, ("re-plan and its changes", reverse("console:replan", args=[run.pk])))
    submitted = VisitRequest.objects.filter(status=RequestStatus.SUBMITTED).order_by("id").first()
    if submitted is not None:
        path = reverse("console:request", args=[submitted.pk])
        listed.append(("a request", path))
        # The slots on offer come after the page (htmx); working them out builds the planner's problem.
        listed.append(("a request's slots on offer", f"{path}?slots=1"))
    if not SyncConflict.objects.exists():
        listed.append(("(no conflicts: run load_demo_inbox)", reverse("console:conflicts")))
    return listed
