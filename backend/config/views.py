from django.shortcuts import render

from backend.planning.models import Plan, PlanStatus


def home(request):
    """Links for every user; the published plan's map for coordinators."""
    latest_plan = None
    if request.user.is_authenticated and request.user.is_coordinator:
        latest_plan = Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-published_at").first()
    return render(request, "home.html", {"latest_plan": latest_plan})
