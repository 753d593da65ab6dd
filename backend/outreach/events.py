"""Events: recorded with their points and days, planned as the bus's sessions there (the published plan's visits
on those days, or a visit request for a school's point, which the planner or slot booking then schedules), and
reported afterwards (participants, activities held)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.exceptions import ConflictError
from backend.places.models import ServiceSite
from backend.planning.models import PlannedVisit, PlanStatus, RequestStatus, VisitStatus
from backend.planning.services import visit_request_create

from .models import PARTICIPANT_GROUPS, Event

EVENT_FIELDS = ("kind", "name", "starts_on", "ends_on", "activities", "expected_participants", "notes")
REPORT_FIELDS = ("participants_total", *PARTICIPANT_GROUPS, "activities", "notes")
OPEN_REQUESTS = (RequestStatus.SUBMITTED, RequestStatus.SCHEDULED)


class EventNotOverError(ConflictError):
    code = "event_not_over"


def _save(event: Event, sites: Iterable[ServiceSite] | None) -> Event:
    if sites is not None:
        sites = list(sites)
        if not sites:
            raise ValidationError({"sites": [_("Choose at least one service point.")]})
    event.full_clean()
    event.save()
    if sites is not None:
        event.sites.set(sites)
    return event


@transaction.atomic
def event_create(*, sites: Iterable[ServiceSite], **data: Any) -> Event:
    """Record a planned event at ``sites``. Raises ``ValidationError`` (nothing saved) for a bad field."""
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    return _save(Event(**data), sites)


@transaction.atomic
def event_update(*, event: Event, sites: Iterable[ServiceSite] | None = None, **data: Any) -> Event:
    """Change an event's description, days or points."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    for name, value in data.items():
        if name not in EVENT_FIELDS:
            raise ValidationError({name: [_("Unknown field.")]})
        setattr(event, name, value)
    return _save(event, sites)


@transaction.atomic
def event_report(*, event: Event, by, today: datetime.date | None = None, **data: Any) -> Event:
    """Record what happened: participants (in all and by priority group), the activities held, notes. Allowed
    from the event's first day on (409 before); reporting again corrects the figures."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.starts_on > (today or timezone.localdate()):
        raise EventNotOverError(_("An event is reported once it has started."))
    if data.get("participants_total") is None:
        raise ValidationError({"participants_total": [_("Give the number of participants.")]})
    for name, value in data.items():
        if name not in REPORT_FIELDS:
            raise ValidationError({name: [_("Unknown field.")]})
        setattr(event, name, value)
    event.reported_at, event.reported_by = timezone.now(), by
    event.full_clean()
    event.save()
    return event


@dataclass
class EventPlanning:
    """What ``event_plan_visits`` did: sessions attached, requests made, and the points left without a session
    (each with the reason)."""

    attached: list[PlannedVisit] = field(default_factory=list)
    requested: list = field(default_factory=list)
    unplanned: list[tuple[ServiceSite, str]] = field(default_factory=list)


def _window_for(site: ServiceSite, first: datetime.date, last: datetime.date):
    """The first opening window of ``site`` on a weekday within the days (``None`` if it is closed on all)."""
    weekdays = {(first + datetime.timedelta(days=n)).weekday() for n in range(min((last - first).days + 1, 7))}
    return site.windows.filter(weekday__in=weekdays).order_by("weekday", "opens_at").first()


@transaction.atomic
def event_plan_visits(*, event: Event, by, today: datetime.date | None = None) -> EventPlanning:
    """Plan the event as the bus's sessions: attach the published plan's visits to its points on its days; for a
    school's point with none, ask for one by a visit request (as schools do; the planner or slot booking
    schedules it, and its visit is attached when this runs again); other points are listed as unplanned. Safe to
    run again."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    today = today or timezone.localdate()
    done = EventPlanning()
    visits = list(
        PlannedVisit.objects.filter(
            site__in=event.sites.all(),
            route__plan__status=PlanStatus.PUBLISHED,
            route__date__range=(event.starts_on, event.ends_on),
        ).exclude(status=VisitStatus.SKIPPED)
    )
    open_requests = list(event.requests.filter(status__in=OPEN_REQUESTS))
    visits += [r.scheduled_visit for r in open_requests if r.scheduled_visit_id and r.scheduled_visit not in visits]
    event.visits.add(*visits)
    done.attached = visits
    covered = {v.site_id for v in visits} | {r.site_id for r in open_requests}
    first = max(event.starts_on, today + datetime.timedelta(days=1))
    for site in event.sites.select_related("school").order_by("name"):
        if site.id in covered:
            continue
        if event.ends_on < first:
            done.unplanned.append((site, _("the event's days have passed")))
        elif site.school_id is None:
            done.unplanned.append((site, _("not a school's point: add a session in the next plan")))
        elif (window := _window_for(site, first, event.ends_on)) is None:
            done.unplanned.append((site, _("the point is not open on the event's days")))
        else:
            request = visit_request_create(
                user=by, site=site, preferred_from=first, preferred_until=event.ends_on,
                window_start=window.opens_at, window_end=window.closes_at,
                students=max(1, event.expected_participants), theme=event.name[:200],
                notes=_("Event: %(name)s") % {"name": event.name},
            )  # fmt: skip
            event.requests.add(request)
            done.requested.append(request)
    return done
