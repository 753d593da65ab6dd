from django.db.models import QuerySet

from backend.accounts.models import User

from .models import VisitRequest


def visit_request_list_for(*, user: User) -> QuerySet[VisitRequest]:
    """Coordinators see every request; a school contact only their school's; crews none."""
    requests = VisitRequest.objects.select_related("school", "site", "scheduled_visit__route")
    if user.is_coordinator:
        return requests
    if user.is_school_contact:
        return requests.filter(school_id=user.school_id)
    return requests.none()
