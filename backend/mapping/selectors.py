"""The plain data the map renderers draw, read from the database."""

import datetime

from django.db.models import Max, Q

import maps
from backend.places.models import ServiceSite
from backend.tours.models import VisitStatus

SITE_KINDS = ("school", "public", "commune", "learning_centre", "private", "post_office")


def site_kind(site: ServiceSite) -> str:
    """Schools first (a site may also have a library), then the kind of its library."""
    return "school" if site.school_id else site.library.kind


def coverage_sites(*, kinds: list[str] | None = None) -> list[maps.CoverageSite]:
    """Every active site with the date of its last real visit (reported done by the crew)."""
    sites = (
        ServiceSite.objects.filter(is_active=True)
        .select_related("library")
        .annotate(last_visit=Max("planned_visits__route__date", filter=Q(planned_visits__status=VisitStatus.DONE)))
        .order_by("name")
    )
    result = [
        maps.CoverageSite(
            f"site:{s.id}", s.name, site_kind(s), s.latitude, s.longitude, s.last_visit, s.target_interval_days
        )
        for s in sites
    ]
    return [s for s in result if not kinds or s.kind in kinds]


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
