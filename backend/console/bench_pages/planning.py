"""Planning pages on the demo: the board, a run's progress, a plan's review and a visit's move form, the plan map."""

from django.urls import reverse

from backend.planning.models import Plan, PlannedVisit, PlanningRun, PlanStatus


def pages() -> list[tuple[str, str]]:
    found = [("planning board", reverse("console:planning"))]
    run = PlanningRun.objects.order_by("-pk").first()
    if run:
        found.append(("run progress (htmx)", reverse("console:run-progress", args=[run.pk])))
    for status in (PlanStatus.DRAFT, PlanStatus.PUBLISHED):
        plan = Plan.objects.filter(status=status).order_by("-pk").first()
        if plan:
            found.append((f"plan review ({plan.status})", reverse("console:plan", args=[plan.pk])))
    visit = PlannedVisit.objects.filter(route__plan__status=PlanStatus.DRAFT).order_by("-pk").first()
    visit = visit or PlannedVisit.objects.order_by("-pk").first()
    if visit:
        found.append(("move a visit", reverse("console:visit-move", args=[visit.pk])))
    plan = Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-pk").first()
    if plan:
        found.append(("plan map page", reverse("mapping:plan", args=[plan.pk])))
        day = plan.starts_on.isoformat()
        found.append(("plan map, one day (embed)", f"{reverse('mapping:plan-embed', args=[plan.pk])}?date={day}"))
    return found
