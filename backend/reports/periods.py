"""What a report covers: a period (first and last date, inclusive), how it is cut (month / quarter / year / whole
period) and how places are grouped. Parsed from plain strings; bad input raises ``ReportParameterError`` (400)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backend.core.exceptions import ApplicationError
from backend.core.validation import validate_date_in_bounds

STEPS = ("month", "quarter", "year", "total")
GROUPINGS = ("total", "commune", "site_kind", "site", "vehicle", "trip")
# Groupings whose figures belong to a place; kilometres there are the legs driven to reach it.
SITE_GROUPINGS = ("commune", "site_kind", "site")
# Longest period one report may span: ten years of history is more than any plan asks for.
MAX_DAYS = 3700

GROUPING_LABELS = {
    "total": _("whole network"),
    "commune": _("commune"),
    "site_kind": _("site kind"),
    "site": _("site"),
    "vehicle": _("vehicle"),
    "trip": _("trip"),
}
STEP_LABELS = {"month": _("month"), "quarter": _("quarter"), "year": _("year"), "total": _("whole period")}


class ReportParameterError(ApplicationError):
    code = "invalid_report_parameters"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def year_before(self) -> "Period":
        return Period(shift_years(self.start, -1), shift_years(self.end, -1))

    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


@dataclass(frozen=True)
class ReportQuery:
    period: Period
    step: str = "month"
    grouping: str = "total"
    # Only these trips (a page of the report by trip: a year of a big network has over a hundred thousand).
    trip_ids: tuple[int, ...] | None = None
    # Only the aggregates these indicators need (``indicators.raw_keys``); None: every indicator.
    only: frozenset[str] | None = None


def shift_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def year_period(year: int, *, sector: bool = False) -> Period:
    """A calendar year, or the library sector's evaluation year (1 December of the year before – 30 November)."""
    if sector:
        return Period(datetime.date(year - 1, 12, 1), datetime.date(year, 11, 30))
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _date(value, field: str, errors: dict) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = [_("Enter a date as YYYY-MM-DD.")]
        return None
    try:
        validate_date_in_bounds(day)
    except ValidationError as exc:
        errors[field] = exc.messages
        return None
    return day


def report_query_parse(
    *,
    start=None,
    end=None,
    year=None,
    year_kind: str | None = None,
    step: str | None = None,
    grouping: str | None = None,
    default_period: Period | None = None,
) -> ReportQuery:
    """Build a ``ReportQuery`` from request values. ``year`` (with ``year_kind`` calendar/sector) or ``start`` and
    ``end`` give the period; without either, ``default_period``.

    Raises ``ReportParameterError`` listing every bad field in ``extra.fields``.
    """
    errors: dict[str, list] = {}
    period = None
    if step not in (None, "") and step not in STEPS:
        errors["step"] = [_("Unknown step; use one of: %(choices)s.") % {"choices": ", ".join(STEPS)}]
    if grouping not in (None, "") and grouping not in GROUPINGS:
        errors["group"] = [_("Unknown grouping; use one of: %(choices)s.") % {"choices": ", ".join(GROUPINGS)}]
    if year_kind not in (None, "", "calendar", "sector"):
        errors["year_kind"] = [_("Use 'calendar' or 'sector' (1 December – 30 November).")]
    if year not in (None, ""):
        if start or end:
            errors["year"] = [_("Give either a year or a start and an end, not both.")]
        elif not str(year).isdigit() or not 2000 <= int(year) <= 2100:
            errors["year"] = [_("Enter a year between 2000 and 2100.")]
        elif "year_kind" not in errors:
            period = year_period(int(year), sector=year_kind == "sector")
    elif start or end:
        if not (start and end):
            errors["start" if not start else "end"] = [_("Give both the first and the last date.")]
        else:
            first, last = _date(start, "start", errors), _date(end, "end", errors)
            if first and last:
                if last < first:
                    errors["end"] = [_("The period cannot end before it starts.")]
                elif (last - first).days >= MAX_DAYS:
                    errors["end"] = [_("A report may span at most ten years.")]
                else:
                    period = Period(first, last)
    else:
        period = default_period
        if period is None:
            errors["start"] = [_("Give a period: a year, or a start and an end.")]
    if errors:
        raise ReportParameterError(str(_("Some report parameters are not valid.")), extra={"fields": errors})
    return ReportQuery(period=period, step=step or "month", grouping=grouping or "total")
