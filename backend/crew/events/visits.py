"""The visit events: arriving and leaving, visitors, the activity note, the host's proof, skipping the visit.

They change the batch's visits and reports in memory; ``Batch.flush`` writes them. Visit-report fields are
last-writer-wins by (device time, event id): whatever order events and batches arrive in, the result is the same.
"""

import datetime

from django.utils.translation import gettext as _

from backend.crew.events.batch import Batch
from backend.crew.models import PositionPing, VisitReport
from backend.crew.validate import HEADCOUNT_PARTS
from backend.planning.models import PlannedVisit, VisitStatus
from backend.sync.envelope import Envelope
from backend.sync.exceptions import EventConflict
from backend.sync.models import RawEvent


def _version(env: Envelope) -> str:
    """Sortable stamp: UTC device time, then the event id to break ties the same way everywhere."""
    return f"{env.device_time.astimezone(datetime.UTC).isoformat(timespec='microseconds')}|{env.event_id}"


def _newer(report: VisitReport, group: str, env: Envelope) -> bool:
    return _version(env) > report.versions.get(group, "")


def _open_visit(batch: Batch, env: Envelope) -> tuple[PlannedVisit, VisitReport]:
    """The visit and its report, refusing (as a conflict) a visit the crew or a coordinator marked skipped."""
    visit = batch.visit_for(env)
    if visit.status == VisitStatus.SKIPPED and not batch.force:
        raise EventConflict(
            "visit_was_skipped",
            _("This visit is recorded as skipped (%(reason)s).") % {"reason": visit.skip_reason or "—"},
            details={"visit": visit.id},
        )
    if visit.status == VisitStatus.SKIPPED:
        visit.status, visit.skip_cause, visit.skip_reason = VisitStatus.PLANNED, "", ""
    return visit, batch.report_for(visit)


def _ping(batch: Batch, visit: PlannedVisit, env: Envelope) -> None:
    data = env.data
    if data.get("latitude") is not None and data.get("longitude") is not None:
        batch.pings.append(
            PositionPing(
                vehicle_id=visit.route.vehicle_id,
                at=env.device_time,
                latitude=data["latitude"],
                longitude=data["longitude"],
                accuracy_m=data.get("accuracy_m"),
            )
        )


def apply_arrive(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    visit, report = _open_visit(batch, env)
    if report.arrived_at is None or env.device_time < report.arrived_at:  # the first arrival counts
        report.arrived_at = env.device_time
        report.arrival_latitude, report.arrival_longitude = env.data.get("latitude"), env.data.get("longitude")
    # Arriving is what makes the visit real for planning's "last real visit".
    visit.status, visit.actual_arrival = VisitStatus.DONE, report.arrived_at
    _ping(batch, visit, env)
    batch.touch(visit, report)
    return {"visit": visit.id, "arrived_at": report.arrived_at.isoformat()}


def apply_leave(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    visit, report = _open_visit(batch, env)
    if report.left_at is None or env.device_time > report.left_at:  # the last departure counts
        report.left_at = env.device_time
    visit.status, visit.actual_departure = VisitStatus.DONE, report.left_at
    _ping(batch, visit, env)
    batch.touch(visit, report)
    return {"visit": visit.id, "left_at": report.left_at.isoformat()}


def apply_visitors(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    visit, report = _open_visit(batch, env)
    if _newer(report, "visitors", env):
        report.students, report.adults = env.data["students"], env.data["adults"]
        for name in HEADCOUNT_PARTS:
            if env.data.get(name) is not None:
                setattr(report, name, env.data[name])
        report.versions = {**report.versions, "visitors": _version(env)}
        batch.touch(report=report)
    return {"visit": visit.id, "students": report.students, "adults": report.adults,
            **{name: getattr(report, name) for name in HEADCOUNT_PARTS}}  # fmt: skip


def apply_activity_note(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    visit, report = _open_visit(batch, env)
    if _newer(report, "activity_note", env):
        report.activity_note = env.data["note"]
        report.versions = {**report.versions, "activity_note": _version(env)}
        batch.touch(report=report)
    return {"visit": visit.id}


def apply_proof(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    visit, report = _open_visit(batch, env)
    if _newer(report, "proof", env):
        report.host_name, report.host_confirmed = env.data["host_name"], env.data["host_confirmed"]
        report.versions = {**report.versions, "proof": _version(env)}
        batch.touch(report=report)
    return {"visit": visit.id, "host_name": report.host_name, "host_confirmed": report.host_confirmed}


def apply_skip(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    visit = batch.visit_for(env)
    report = batch.report_for(visit)
    if (visit.status == VisitStatus.DONE or report.arrived_at) and not batch.force:
        raise EventConflict(
            "visit_already_made",
            _("This visit is recorded as made; it cannot also be skipped."),
            details={"visit": visit.id},
        )
    if visit.status != VisitStatus.SKIPPED or _newer(report, "skip", env):
        visit.status, visit.skip_cause, visit.skip_reason = VisitStatus.SKIPPED, env.data["cause"], env.data["reason"]
        report.versions = {**report.versions, "skip": _version(env)}
        batch.touch(visit, report)
    return {"visit": visit.id, "status": visit.status}
