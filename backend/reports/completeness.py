"""What every report says about its period: whether it has ended, and which of its elapsed months have no service
recorded (a month without a single stop made is far more likely missing data than a month without service)."""

import datetime

from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from .daily_rows import daily_months_with_service
from .periods import Period
from .selectors import _in_period, _scoped, reads_daily_figures
from .sources import DONE, VISITS


def _months(period: Period, until: datetime.date) -> list[datetime.date]:
    months, month = [], period.start.replace(day=1)
    while month <= min(period.end, until):
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def months_with_service(*, period: Period, scope) -> set[datetime.date]:
    """First days of the months of ``period`` in which the scope made at least one stop."""
    if reads_daily_figures(scope):
        return daily_months_with_service(period, scope.vehicle_ids)
    qs = _scoped(VISITS, VISITS.queryset().filter(DONE), scope)
    if qs is None:
        return set()
    rows = _in_period(VISITS, qs, period).annotate(m=TruncMonth("route__date")).values_list("m", flat=True)
    return {m.date() if isinstance(m, datetime.datetime) else m for m in rows.distinct().order_by()}


def period_notes(*, period: Period, scope, today: datetime.date) -> list[str]:
    """Sentences saying how complete the period's figures are; empty when it is over and every month has data."""
    notes = []
    yesterday = today - datetime.timedelta(days=1)
    if period.start > yesterday:
        return [_("This period has not started yet: it has no figures.")]
    if period.end > yesterday:
        notes.append(
            _("The period is not over: figures up to %(day)s; %(days)d days remain.")
            % {"day": f"{yesterday:%d/%m/%Y}", "days": (period.end - yesterday).days}
        )
    served = months_with_service(period=period, scope=scope)
    missing = [m for m in _months(period, yesterday) if m not in served]
    if missing:
        notes.append(
            _("No service recorded in: %(months)s. Check that those months' figures are complete.")
            % {"months": ", ".join(f"{m:%m/%Y}" for m in missing)}
        )
    return notes
