"""Reads of the catalogue. The ranked search, as you type, is ``catalogue_search`` (``search.py``, issue 21)."""

from django.db.models import Count, Q, QuerySet

from backend.stock.catalogue.search import MAX_LIMIT, CatalogueSearchPage, catalogue_search, record_text_match
from backend.stock.models import Copy, CopyStatus, Record

__all__ = ["MAX_LIMIT", "CatalogueSearchPage", "catalogue_search", "copy_search", "record_search", "record_with_counts"]


def record_search(
    *,
    query: str = "",
    reading_level: str | None = None,
    status: str | None = None,
    library_id: int | None = None,
    vehicle_id: int | None = None,
) -> QuerySet[Record]:
    """Every record matching ``query`` as ``catalogue_search`` matches it (a barcode, an ISBN, or a word start for
    each word: "de men" finds "Dế Mèn"), unranked and ordered by title: for exports and imports, not for paging.

    Filters: ``reading_level``; and, through their copies, ``status`` and the holder (``library_id`` or
    ``vehicle_id``).
    """
    records = Record.objects.all()
    text = (query or "").strip()
    if text:
        records = records.filter(record_text_match(text))
    if reading_level:
        records = records.filter(reading_level=reading_level)
    copy_filter = {}
    if status:
        copy_filter["status"] = status
    if library_id:
        copy_filter["holder_library_id"] = library_id
    if vehicle_id:
        copy_filter["holder_vehicle_id"] = vehicle_id
    if copy_filter:
        records = records.filter(pk__in=Copy.objects.filter(**copy_filter).values("record_id"))
    return records.order_by("title", "id")


def record_with_counts(queryset: QuerySet[Record]) -> QuerySet[Record]:
    """Annotate ``copies_total`` and ``copies_available``."""
    return queryset.annotate(
        copies_total=Count("copies"),
        copies_available=Count("copies", filter=Q(copies__status=CopyStatus.AVAILABLE)),
    )


def copy_search(*, query: str = "", queryset: QuerySet[Copy] | None = None) -> QuerySet[Copy]:
    """Copies by exact barcode, or whose record matches ``query`` as ``catalogue_search`` matches it."""
    copies = queryset if queryset is not None else Copy.objects.select_related("record")
    text = (query or "").strip()
    if not text:
        return copies
    return copies.filter(Q(barcode=text) | Q(record__in=Record.objects.filter(record_text_match(text)).values("pk")))
