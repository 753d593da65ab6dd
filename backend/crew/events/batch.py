"""What every event kind is applied to: one ``Batch`` per batch of phone events, with a bounded number of queries.

A ``Batch`` loads (and locks, in id order) every visit and visit report the batch names in a few queries, each
event is checked and then changes those objects in memory, and ``flush`` writes them with one bulk query per
table. An event is checked completely before it changes anything, so it is applied whole or not at all. Stock
events (``events.moves``, ``events.loans``, ``events.condition``) go through the stock services one by one; what
they need is preloaded by ``events.stock.preload``. The kinds themselves are listed in ``backend.crew.kinds``.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.signals import records_changed
from backend.crew.models import PositionPing, SyncConflict, VisitReport
from backend.crew.validate import HEADCOUNT_PARTS
from backend.places.selectors import vehicles_crewed_by
from backend.planning.models import PlannedVisit, PlanStatus
from backend.sync.envelope import Envelope
from backend.sync.exceptions import EventConflict, EventRejected
from backend.sync.models import RawEvent
from backend.sync.outcomes import conflict_outcome


@dataclass(frozen=True)
class Kind:
    """An event kind: ``clean`` reads its data (raising EventRejected), ``apply`` applies it to a Batch."""

    name: str
    clean: Callable[[dict], dict]
    apply: Callable[["Batch", RawEvent, Envelope], dict]
    needs_visit: bool = True
    # Kinds that write through other services at once (the stock ledger) rather than through ``flush``.
    writes_directly: bool = False


# Loads what some kinds of events need besides the visits, e.g. the copies and readers of stock events.
Preloader = Callable[["Batch", list[Envelope]], None]


class Batch:
    """The visits, reports and new rows of one batch, loaded and locked up front and written in bulk."""

    def __init__(
        self, *, user: User, envelopes: list[Envelope], preloaders: Iterable[Preloader] = (), force: bool = False
    ):
        self.user, self.force = user, force
        self.vehicle_ids = set(vehicles_crewed_by(user=user).values_list("id", flat=True))
        self.visits = self._load_visits({env.visit_id for env in envelopes if env.visit_id})
        self.reports = self._load_reports(v for v in self.visits.values() if v.route.vehicle_id in self.vehicle_ids)
        self.dirty_visits: set[int] = set()
        self.dirty_reports: set[int] = set()
        self.pings: list[PositionPing] = []
        self.conflicts: list[tuple[SyncConflict, dict]] = []
        self.after_flush: list[Callable[[], None]] = []
        self.copies: dict = {}
        self.collections: dict = {}
        self.readers: dict = {}
        self.library_ids: set[int] = set()
        self.depot_ids: set[int] = set()  # what a load or an unload may name (events.holdings)
        self.loan_origins: dict[int, tuple] = {}  # loan id -> (bus it was lent from, stop it was lent at)
        self.stop_libraries: dict[int, int | None] = {}  # site id -> the library deposits there go to
        self.reservations: set = set()
        self.stale_copies: set[str] = set()
        self.due_dates: dict = {}  # (site id, lending date) -> due date: every lend at a stop shares it
        self.loan_batch = None  # the batch's plain lends and take-backs, in bulk (events.stock.preload)
        for preload in preloaders:
            preload(self, envelopes)

    def _load_visits(self, ids: set[int]) -> dict[int, PlannedVisit]:
        if not ids:
            return {}
        sent = PlannedVisit.objects.select_related("route__plan", "site").filter(
            id__in=ids, route__plan__status__in=[PlanStatus.PUBLISHED, PlanStatus.SUPERSEDED]
        )
        visits = {visit.id: visit for visit in sent}
        # A phone with an older run sheet names visits of a plan since superseded: find their published successor
        # (same planner key, so the same need; the key is stable across re-plans).
        stale = {visit.key for visit in visits.values() if visit.route.plan.status == PlanStatus.SUPERSEDED}
        self.successors: dict[str, PlannedVisit] = {}
        if stale:
            current = PlannedVisit.objects.select_related("route__plan", "site").filter(
                key__in=stale, route__plan__status=PlanStatus.PUBLISHED
            )
            self.successors = {visit.key: visit for visit in current}
        # Lock every visit this batch may change, in id order (concurrent batches queue instead of deadlocking).
        everything = {**visits, **{visit.id: visit for visit in self.successors.values()}}
        locked = set(
            PlannedVisit.objects.select_for_update()
            .filter(id__in=list(everything))
            .order_by("id")
            .values_list("id", flat=True)
        )
        return {pk: visit for pk, visit in everything.items() if pk in locked}

    def _load_reports(self, visits) -> dict[int, VisitReport]:
        ids = [visit.id for visit in visits]
        if not ids:
            return {}
        VisitReport.objects.bulk_create([VisitReport(visit_id=pk) for pk in ids], ignore_conflicts=True)
        reports = VisitReport.objects.select_for_update().filter(visit_id__in=ids).order_by("visit_id")
        return {report.visit_id: report for report in reports}

    def visit_for(self, env: Envelope) -> PlannedVisit:
        """The visit the event is charged to, checked against the user's vehicles and the visit's day.

        Raises EventRejected (``unknown_visit``, ``not_your_visit``, ``before_visit_day``) or EventConflict (the
        visit was re-planned, or the event is dated after the visit's day).
        """
        visit = self._visit_for(env)
        if not self.force:
            _check_visit_day(visit, env)
        return visit

    def _visit_for(self, env: Envelope) -> PlannedVisit:
        visit = self.visits.get(env.visit_id)
        if visit is None:
            raise EventRejected("unknown_visit", _("No published visit has this id."), status=404)
        if visit.route.vehicle_id not in self.vehicle_ids:
            raise EventRejected("not_your_visit", _("This visit belongs to a vehicle you do not crew."), status=403)
        if visit.route.plan.status == PlanStatus.PUBLISHED:
            return visit
        successor = self.successors.get(visit.key)
        if successor is not None and successor.route.date == visit.route.date:
            return successor
        if self.force:  # a coordinator accepted it: charge the visit the crew actually made
            return successor or visit
        if successor is None:
            raise EventConflict(
                "visit_no_longer_planned",
                _("This visit was dropped from the plan after the phone downloaded its run sheet."),
                details={"visit": visit.id},
            )
        raise EventConflict(
            "visit_moved",
            _("This visit was moved to %(date)s after the phone downloaded its run sheet.")
            % {"date": successor.route.date.strftime("%d/%m/%Y")},
            details={"visit": visit.id, "moved_to": successor.id},
        )

    def report_for(self, visit: PlannedVisit) -> VisitReport:
        return self.reports[visit.id]

    def touch(self, visit: PlannedVisit | None = None, report: VisitReport | None = None) -> None:
        if visit is not None:
            self.dirty_visits.add(visit.id)
        if report is not None:
            self.dirty_reports.add(report.visit_id)

    def conflict(self, row: RawEvent, error: EventConflict, *, visit_id=None, vehicle_id=None) -> dict:
        outcome = conflict_outcome(row.event_id, error)
        if visit_id is None and row.visit_id_sent in self.visits:
            visit_id = row.visit_id_sent
        if vehicle_id is None and visit_id in self.visits:
            vehicle_id = self.visits[visit_id].route.vehicle_id
        record = SyncConflict(
            event=row,
            code=error.code,
            message=error.message,
            details=error.details,
            visit_id=visit_id,
            vehicle_id=vehicle_id,
        )
        self.conflicts.append((record, outcome))
        return outcome

    def flush(self) -> None:
        """Write everything the batch changed: one query per table."""
        PlannedVisit.objects.bulk_update(
            [self.visits[pk] for pk in sorted(self.dirty_visits)],
            ["status", "skip_cause", "skip_reason", "actual_arrival", "actual_departure"],
        )
        now = timezone.now()
        reports = [self.reports[pk] for pk in sorted(self.dirty_reports)]
        for report in reports:
            report.updated_at = now
        VisitReport.objects.bulk_update(
            reports,
            [
                "arrived_at",
                "arrival_latitude",
                "arrival_longitude",
                "left_at",
                "students",
                "adults",
                *HEADCOUNT_PARTS,
                "activity_note",
                "host_name",
                "host_confirmed",
                "versions",
                "updated_at",
            ],
        )
        # Visits and their reports count on the visit's day: the reports' daily figures follow.
        records_changed.send(sender=PlannedVisit, pks=sorted(self.dirty_visits | self.dirty_reports))
        PositionPing.objects.bulk_create(self.pings, ignore_conflicts=True)
        SyncConflict.objects.bulk_create([record for record, _outcome in self.conflicts])
        for record, outcome in self.conflicts:
            outcome["conflict"] = record.pk
        for hook in self.after_flush:
            hook()


def _check_visit_day(visit: PlannedVisit, env: Envelope) -> None:
    """An event belongs to its visit's day, give or take ``SYNC_VISIT_DAY_TOLERANCE_H`` (late stops, midnight).

    Before the day it cannot have happened at this visit (a phone playing a later day's run sheet): refused.
    After the day the crew may really have gone late (a visit made up on another day): a coordinator decides.
    """
    if env.device_time is None:
        return
    tolerance = datetime.timedelta(hours=settings.BOOKBUS["SYNC_VISIT_DAY_TOLERANCE_H"])
    day = visit.route.date
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    ends = starts + datetime.timedelta(days=1)
    when = timezone.localtime(env.device_time).strftime("%d/%m/%Y %H:%M")
    if env.device_time < starts - tolerance:
        raise EventRejected(
            "before_visit_day",
            _("This event is dated %(when)s, before its visit's day (%(day)s).")
            % {"when": when, "day": day.strftime("%d/%m/%Y")},
            fields={"device_time": [_("Not on the visit's day.")]},
            status=409,
        )
    if env.device_time >= ends + tolerance:
        raise EventConflict(
            "after_visit_day",
            _("This event is dated %(when)s, after its visit's day (%(day)s).")
            % {"when": when, "day": day.strftime("%d/%m/%Y")},
            details={"visit": visit.id, "device_time": env.device_time.isoformat(), "visit_day": day.isoformat()},
        )
