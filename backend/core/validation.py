"""Validation helpers shared by services and by the inputs of both APIs and the console."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def clean_and_save(instance: models.Model, *, update_fields: list[str] | None = None) -> models.Model:
    """Run every model validation (fields, uniqueness, ``clean``), then save."""
    instance.full_clean()
    instance.save(update_fields=update_fields)
    return instance


def date_bounds(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The dates the library's records may hold: from 1 January of ``BOOKBUS["DATE_MIN_YEAR"]`` to
    ``BOOKBUS["DATE_MAX_YEARS_AHEAD"]`` years after today. A plan, a closure, a loan or a card further ahead is a
    typing mistake, and a date such as 31/12/9999 leaves no room for the day after it (issue 19)."""
    today = today or timezone.localdate()
    ahead = settings.BOOKBUS["DATE_MAX_YEARS_AHEAD"]
    try:
        latest = today.replace(year=today.year + ahead)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + ahead, day=28)
    return datetime.date(settings.BOOKBUS["DATE_MIN_YEAR"], 1, 1), latest


def validate_date_in_bounds(value: datetime.date | datetime.datetime | None) -> None:
    """Raise ValidationError when ``value`` (a date, or a datetime's date as written) is outside ``date_bounds``."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value  # its own offset's day: no overflow
    earliest, latest = date_bounds()
    if not earliest <= day <= latest:
        shown = {
            "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
            "latest": date_format(latest, "SHORT_DATE_FORMAT"),
        }
        raise ValidationError(_("Choose a date from %(earliest)s to %(latest)s.") % shown, code="date_out_of_bounds")
