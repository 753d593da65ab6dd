"""School visit requests: submitted by a school contact, scheduled by planning or slot booking."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import ConflictError
from backend.core.validation import clean_and_save
from backend.notifications.models import NotificationKind
from backend.notifications.services import notification_send_to_school
from backend.places.models import ServiceSite
from backend.planning.models import RequestStatus, VisitRequest


class RequestStateError(ConflictError):
    code = "request_state"


def visit_request_create(*, user: User, site: ServiceSite, **data: Any) -> VisitRequest:
    """Record a school's request. The dates must lie ahead, and the time window must overlap an opening
    window of the site on at least one weekday in the range."""
    school = site.school
    if school is None:
        raise ValidationError({"site": [_("Only a school's site can be requested.")]})
    if user.is_school_contact and user.school_id != school.id:
        raise ValidationError({"site": [_("You can request visits only for your own school.")]})
    errors = {}
    today = timezone.localdate()
    if data.get("preferred_from") and data["preferred_from"] <= today:
        errors["preferred_from"] = [_("Choose a date after today.")]
    if errors:
        raise ValidationError(errors)
    request = VisitRequest(site=site, school=school, created_by=user, **data)
    request.full_clean()
    _require_opening_overlap(request)
    return clean_and_save(request)


def _require_opening_overlap(request: VisitRequest) -> None:
    span = (request.preferred_until - request.preferred_from).days + 1
    weekdays = {(request.preferred_from + datetime.timedelta(days=n)).weekday() for n in range(min(span, 7))}
    for window in request.site.windows.filter(weekday__in=weekdays):
        if window.opens_at < request.window_end and request.window_start < window.closes_at:
            return
    raise ValidationError({"window_start": [_("The school's site is not open at this time on any of these days.")]})


@transaction.atomic
def visit_request_decline(*, request: VisitRequest, reason: str) -> VisitRequest:
    """A coordinator declines a submitted request, saying why; the school is told."""
    request = VisitRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.SUBMITTED:
        raise RequestStateError(_("Only a submitted request can be declined."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the request is declined.")]})
    request.status, request.decline_reason = RequestStatus.DECLINED, reason
    request.save(update_fields=["status", "decline_reason", "updated_at"])
    notification_send_to_school(
        school=request.school,
        kind=NotificationKind.REQUEST_STATUS,
        subject=_("Your visit request was declined"),
        body=reason,
        data={"request": request.id},
    )
    return request


@transaction.atomic
def visit_request_cancel(*, request: VisitRequest) -> VisitRequest:
    """The school (or a coordinator) cancels; a booked visit is taken out of the published plan's route."""
    request = VisitRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (RequestStatus.SUBMITTED, RequestStatus.SCHEDULED):
        raise RequestStateError(_("This request can no longer be cancelled."))
    visit = request.scheduled_visit
    request.status, request.scheduled_visit = RequestStatus.CANCELLED, None
    request.save(update_fields=["status", "scheduled_visit", "updated_at"])
    if visit is not None and visit.status == "planned":
        visit.delete()
    return request
