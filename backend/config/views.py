import functools
import math

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from backend.http.throttles import SignInRateThrottle
from backend.planning.models import Plan, PlanStatus


def home(request):
    """Links for every user; the published plan's map for coordinators."""
    latest_plan = None
    if request.user.is_authenticated and request.user.is_coordinator:
        latest_plan = Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-published_at").first()
    return render(request, "home.html", {"latest_plan": latest_plan})


def sign_in_limited(view):
    """A sign-in page (``/accounts/login/``, the admin's) limited like the API's sign-ins: at most ``SIGN_IN_RATE``
    posted attempts per client address, counted by the same throttle in the same cache; then 429 with Retry-After."""

    @functools.wraps(view)
    def limited(request, *args, **kwargs):
        if request.method == "POST":
            throttle = SignInRateThrottle()
            if not throttle.allow_request(request, None):
                seconds = math.ceil(throttle.wait() or 1)
                response = render(request, "registration/throttled.html", {"seconds": seconds}, status=429)
                response["Retry-After"] = str(seconds)
                return response
        return view(request, *args, **kwargs)

    return limited


def page_not_found(request, exception):
    """A path no view matches. Under ``/api/`` the answer is JSON with the APIs' error shape (clients parse every
    answer as JSON); elsewhere it is Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": _("Not found."), "extra": {}}, status=404)
    return defaults.page_not_found(request, exception)
