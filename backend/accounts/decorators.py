"""Page access by role: anonymous users go to the sign-in page, signed-in users of another role get the 403 page."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def coordinator_required(view):
    """A page for coordinators (and administrators, who are coordinators too)."""

    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.is_coordinator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked
