"""What the disruption pages read: re-plan runs, and a re-plan's changes in words (sites and buses by name, never
the planner's ids), with the schools that publishing will tell."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Role, User
from backend.notifications.models import Notification, NotificationKind
from backend.places.models import School
from backend.planning.models import Plan, PlannedVisit, PlanningRun, PlanStatus, VisitStatus
from backend.planning.selectors import plan_diff
from backend.planning.wording import left_out_reason

# The planner's change kinds, in the order the page lists them; "kept" visits are not listed.
CHANGE_KINDS = {
    "moved": _("moved to another day or bus"),
    "retimed": _("same day, new time"),
    "added": _("added"),
    "dropped": _("dropped"),
}


@dataclass(frozen=True)
class Placement:
    """Where a visit is: a date, a bus and a start time."""

    date: datetime.date
    vehicle: str
    starts_at: str


@dataclass
class ChangeRow:
    key: str
    kind: str
    site: str
    school: str | None
    before: Placement | None
    after: Placement | None
    reason: str = ""
    school_has_contact: bool = False

    @property
    def kind_label(self) -> str:
        return str(CHANGE_KINDS[self.kind])

    @property
    def school_is_told(self) -> bool:
        """Publishing tells the school of a planned visit that moves, changes time or is dropped."""
        return self.school is not None and self.before is not None and self.kind != "added"


@dataclass
class Replan:
    run: PlanningRun
    draft: Plan | None
    changes: list[ChangeRow] = field(default_factory=list)
    notices: list[Notification] = field(default_factory=list)

    @property
    def distance_km(self) -> int:
        return round(self.draft.distance_m / 1000) if self.draft else 0

    @property
    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for c in self.changes if c.kind == kind) for kind in CHANGE_KINDS}

    @property
    def schools_told(self) -> list[str]:
        """Schools whose visit moves or is dropped and who have a contact to tell."""
        return sorted({c.school for c in self.changes if c.school_is_told and c.school_has_contact})

    @property
    def schools_without_contact(self) -> list[str]:
        """Schools whose visit moves too, but with no contact account: someone should phone them."""
        return sorted({c.school for c in self.changes if c.school_is_told and not c.school_has_contact})

    @property
    def dates(self) -> list[datetime.date]:
        """The dates the changes touch, for the day maps."""
        days = {p.date for c in self.changes for p in (c.before, c.after) if p is not None}
        return sorted(days)


def replan_run_list(*, limit: int = 10) -> QuerySet[PlanningRun]:
    """The latest re-plans (runs started from a published plan), newest first, with their draft."""
    runs = PlanningRun.objects.filter(base_plan__isnull=False).select_related("plan", "created_by")
    return runs.prefetch_related("vehicles").order_by("-created_at", "-id")[:limit]


def replan_get(*, run: PlanningRun) -> Replan:
    """A re-plan with its changes in words and, once published, the notices the schools were sent.

    The changes are the plans' own comparison (``plan_diff``), the one the grid, the map and publishing use, so the
    page lists exactly the schools that publishing tells."""
    draft = Plan.objects.filter(run=run).first()
    if draft is None:
        return Replan(run=run, draft=None)
    changes = [c for c in plan_diff(draft=draft) if c.kind in CHANGE_KINDS]
    keys = {c.key for c in changes}
    reasons = dict(draft.left_out.filter(key__in=keys).values_list("key", "reason"))
    schools = School.objects.in_bulk({c.site.school_id for c in changes if c.site.school_id})
    reachable = set(
        User.objects.filter(role=Role.SCHOOL_CONTACT, is_active=True, school_id__in=schools).values_list(
            "school_id", flat=True
        )
    )
    rows = []
    for change in changes:
        site = change.site
        school = schools.get(site.school_id)
        reason = reasons.get(change.key, "")
        rows.append(
            ChangeRow(
                key=change.key,
                kind=change.kind,
                site=site.name,
                # A visit already made is not announced again, as publishing does not.
                school=school.name if school and not _done(change.before) else None,
                before=_placement(change.before),
                after=_placement(change.after),
                reason=left_out_reason(reason) if reason else "",
                school_has_contact=site.school_id in reachable,
            )
        )
    rows.sort(key=lambda r: (list(CHANGE_KINDS).index(r.kind), (r.before or r.after).date, r.site))
    return Replan(run=run, draft=draft, changes=rows, notices=_notices(draft, keys))


def _done(visit: PlannedVisit | None) -> bool:
    return visit is not None and visit.status == VisitStatus.DONE


def _placement(visit: PlannedVisit | None) -> Placement | None:
    if visit is None:
        return None
    return Placement(
        date=visit.route.date, vehicle=visit.route.vehicle.plate_number, starts_at=visit.starts_at.strftime("%H:%M")
    )


def _notices(draft: Plan, keys: set[str]) -> list[Notification]:
    """The notices publishing sent about these visits (none before it is published)."""
    if draft.status == PlanStatus.DRAFT or draft.published_at is None:
        return []
    return list(
        Notification.objects.filter(
            created_at__gte=draft.published_at,
            kind__in=[NotificationKind.VISIT_TIME, NotificationKind.VISIT_CANCELLED],
            data__visit_key__in=list(keys),
        ).select_related("school", "recipient")
    )


def skippable_visits(*, days: int = 14) -> QuerySet[PlannedVisit]:
    """Planned visits of the published plans from today on, for the crew's skip (the next ``days`` days)."""
    today = timezone.localdate()
    return (
        PlannedVisit.objects.filter(
            route__plan__status=PlanStatus.PUBLISHED,
            route__date__gte=today,
            route__date__lt=today + datetime.timedelta(days=days),
            status=VisitStatus.PLANNED,
        )
        .select_related("route__vehicle", "site")
        .only("id", "starts_at", "route__date", "route__vehicle__plate_number", "site__name")
        .order_by("route__date", "route__vehicle__plate_number", "position")
    )
