"""Reads of the catalogue: search by title, author, ISBN, barcode and subject, diacritics ignored."""

import re

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from stdnum import isbn as stdnum_isbn

from backend.core.text import fold
from backend.stock.models import Copy, CopyStatus, Record

_ISBN_LIKE = re.compile(r"^[0-9Xx][0-9Xx\- ]{8,16}$")


def record_search(
    *,
    query: str = "",
    reading_level: str | None = None,
    status: str | None = None,
    library_id: int | None = None,
    vehicle_id: int | None = None,
) -> QuerySet[Record]:
    """Records with a word starting with each word of ``query`` ("de men" finds "Dế Mèn"), an ISBN, or a barcode.

    Filters: ``reading_level``; and, through their copies, ``status`` and the holder (``library_id`` or
    ``vehicle_id``). Ordered by title.
    """
    records = Record.objects.all()
    text = (query or "").strip()
    if text:
        records = records.filter(_text_match(text))
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


def _text_match(text: str) -> Q:
    if _ISBN_LIKE.match(text) and stdnum_isbn.is_valid(text):
        return Q(isbn=stdnum_isbn.to_isbn13(stdnum_isbn.compact(text)))
    if " " not in text:
        # A scanned barcode: one indexed look-up first, so that the word search below stays a pure index scan.
        record_id = Copy.objects.filter(barcode=text).values_list("record_id", flat=True).first()
        if record_id is not None:
            return Q(pk=record_id)
    words_match = Q()
    for word in fold(text).split():
        words_match &= Q(search_text__contains=" " + word)  # the start of a word (search_text begins with a space)
    return words_match


def record_with_counts(queryset: QuerySet[Record]) -> QuerySet[Record]:
    """Annotate ``copies_total`` and ``copies_available``."""
    return queryset.annotate(
        copies_total=Count("copies"),
        copies_available=Count("copies", filter=Q(copies__status=CopyStatus.AVAILABLE)),
    )


def copy_search(*, query: str = "", queryset: QuerySet[Copy] | None = None) -> QuerySet[Copy]:
    """Copies by exact barcode, or whose record matches ``query``."""
    copies = queryset if queryset is not None else Copy.objects.select_related("record")
    text = (query or "").strip()
    if not text:
        return copies
    return copies.filter(Q(barcode=text) | Q(record__in=Record.objects.filter(_text_match(text)).values("pk")))


def capped_count(queryset: QuerySet, *, cap: int | None = None) -> tuple[int, bool]:
    """How many rows match, counting no further than ``cap`` (``CATALOGUE_SEARCH_COUNT_CAP``, 1,000):
    ``(count, capped)``.

    Counting every hit of a one-word search over 200,000 records costs a scan; past ``cap`` the user refines the
    query instead of paging on, so the count stops there (the paged API says ``count_capped``).
    """
    cap = cap if cap is not None else settings.CATALOGUE_SEARCH_COUNT_CAP
    counted = queryset.order_by()[: cap + 1].count()
    return min(counted, cap), counted > cap
