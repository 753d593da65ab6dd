"""The daily figures follow the records: every write to a record a report counts marks its days stale in the same
transaction, and the days are computed again once it commits (by the Celery worker when there is one).

Signals, not calls from the services, because these records are written from many places (crew events, the phone's
sync, the console, the admin, the stock services, imports, the demo) by apps below the reports, and a missed mark
would leave a report wrong. Writes in bulk send ``records_changed`` (``backend.core.signals``).
"""

import datetime

from django.db.models import QuerySet
from django.db.models.functions import TruncDate
from django.db.models.signals import post_save, pre_delete, pre_save
from django.utils import timezone

from backend.core.signals import records_changed
from backend.crew.models import VisitReport
from backend.places.models import ServiceSite
from backend.planning.models import Plan, PlannedVisit, PlanRoute, PlanStatus
from backend.stock.models import CollectionStay, CollectionUse, Loan, Movement, Reader

from .daily import report_days_mark_stale
from .models import DayFigures
from .tasks import report_days_deferring, report_days_refresh_on_commit


def _local_day(field: str):
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _plan_days(plans: QuerySet) -> set[datetime.date]:
    days = set()
    for first, last in plans.exclude(status=PlanStatus.DRAFT).values_list("starts_on", "ends_on"):
        days.update(first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return days


# The days a model's rows count on, in the reports: each query takes the rows' primary keys.
DAYS_OF = {
    Plan: lambda pks: _plan_days(Plan.objects.filter(pk__in=pks)),
    PlanRoute: lambda pks: PlanRoute.objects.filter(pk__in=pks).values_list("date", flat=True),
    PlannedVisit: lambda pks: PlannedVisit.objects.filter(pk__in=pks).values_list("route__date", flat=True),
    VisitReport: lambda pks: VisitReport.objects.filter(pk__in=pks).values_list("visit__route__date", flat=True),
    Loan: lambda pks: [
        day
        for pair in Loan.objects.filter(pk__in=pks).annotate(d=_local_day("lent_at")).values_list("d", "due_on")
        for day in pair
    ],
    Movement: lambda pks: Movement.objects.filter(pk__in=pks).annotate(d=_local_day("at")).values_list("d", flat=True),
    Reader: lambda pks: (
        Reader.objects.filter(pk__in=pks).annotate(d=_local_day("registered_at")).values_list("d", flat=True)
    ),
    CollectionStay: lambda pks: [
        day
        for pair in CollectionStay.objects.filter(pk__in=pks).values_list("deposited_on", "collected_on")
        for day in pair
    ],
    CollectionUse: lambda pks: CollectionUse.objects.filter(pk__in=pks).values_list("stay__collected_on", flat=True),
}


def report_days_changed(*, model, pks) -> None:
    """Mark the days of ``model``'s rows ``pks`` stale and compute them again after the commit."""
    pks = [pk for pk in pks if pk is not None]
    if not pks or report_days_deferring():
        return
    days = {day for day in DAYS_OF[model](pks) if day is not None}
    if days:
        report_days_mark_stale(dates=days)
        report_days_refresh_on_commit()


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        report_days_changed(model=sender, pks=[instance.pk])


def _before_save(sender, instance, raw=False, **kwargs):
    # A loan's due date may move (and a stay's dates be corrected): the days it leaves count again too.
    if not raw and instance.pk is not None:
        report_days_changed(model=sender, pks=[instance.pk])


def _deleted(sender, instance, **kwargs):
    report_days_changed(model=sender, pks=[instance.pk])


def _bulk(sender, *, pks, **kwargs):
    if sender in DAYS_OF:
        report_days_changed(model=sender, pks=list(pks))


def _site_before_save(sender, instance, raw=False, **kwargs):
    # Reader visits in priority areas are counted by the site's groups: when those change, its days count again.
    if raw or instance.pk is None or report_days_deferring():
        return
    before = ServiceSite.objects.filter(pk=instance.pk).values_list("priority_groups", flat=True).first()
    if before is not None and sorted(before) != sorted(instance.priority_groups or []):
        report_days_mark_stale(dates=DayFigures.objects.filter(site_id=instance.pk).values_list("date", flat=True))
        report_days_refresh_on_commit()


def connect() -> None:
    for model in DAYS_OF:
        name = model.__name__
        post_save.connect(_saved, sender=model, dispatch_uid=f"report-days-save-{name}")
        pre_delete.connect(_deleted, sender=model, dispatch_uid=f"report-days-delete-{name}")
    for model in (Loan, CollectionStay, Reader):
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"report-days-before-{model.__name__}")
    records_changed.connect(_bulk, dispatch_uid="report-days-bulk")
    pre_save.connect(_site_before_save, sender=ServiceSite, dispatch_uid="report-days-site-priority")
