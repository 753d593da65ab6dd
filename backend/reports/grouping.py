"""How report rows are grouped and labelled: the key each grouping groups a source's rows by (an id, or the site
kind), the names of the groups (looked up once, after the aggregates), and the labels of period buckets."""

import datetime

from django.db.models import Case, CharField, F, Value, When
from django.utils import timezone

from backend.places.models import Commune, ServiceSite, Vehicle
from backend.planning.models import PlanRoute

from .periods import Period
from .sources import Source


def join(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def group_key(source: Source, grouping: str):
    """The key a grouping groups rows by: an id (or the site kind). Names are looked up once afterwards
    (``group_labels``), so that no source query joins a table only for a label."""
    if grouping == "total":
        return Value("")
    if grouping == "commune":
        return F(join(source.site, "commune_id"))
    if grouping == "site":
        return F(join(source.site, "id"))
    if grouping == "site_kind":
        return Case(
            When(**{join(source.site, "school__isnull"): False}, then=Value("school")),
            default=F(join(source.site, "library__kind")),
            output_field=CharField(),
        )
    if grouping == "vehicle":
        return F(join(source.vehicle, "id"))
    return F(join(source.trip, "id"))


def group_labels(grouping: str, keys: set) -> dict:
    """Names of the groups: commune and site names, plate numbers, "plate date" for a trip."""
    ids = [k for k in keys if k not in (None, "")]
    if grouping == "commune":
        return dict(Commune.objects.filter(id__in=ids).values_list("id", "name"))
    if grouping == "site":
        return dict(ServiceSite.objects.filter(id__in=ids).values_list("id", "name"))
    if grouping == "vehicle":
        return dict(Vehicle.objects.filter(id__in=ids).values_list("id", "plate_number"))
    if grouping == "trip":
        trips = PlanRoute.objects.filter(id__in=ids).values_list("id", "vehicle__plate_number", "date")
        return {pk: f"{plate} {day.isoformat()}" for pk, plate, day in trips}
    return {k: str(k) for k in keys}


def as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def bucket_label(start: datetime.date, step: str, period: Period) -> str:
    if step == "month":
        return f"{start:%Y-%m}"
    if step == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if step == "year":
        return str(start.year)
    return f"{period.start.isoformat()}/{period.end.isoformat()}"
