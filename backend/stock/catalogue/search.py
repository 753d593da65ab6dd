"""Ranked catalogue search, fast enough to search as the librarian types (issue 21).

A query is an exact barcode, an ISBN (hyphens or not, ISBN-10 or -13), or words, each of which matches the start of
any word of the title, subtitle, authors, series, subjects or publisher, diacritics and case ignored ("đ" too).
Word hits come in four tiers, each in title order: the exact title, titles starting with the query, titles holding
every word, then records holding every word anywhere (the author, the subjects…).

Every tier is read in the order of an index and stops at the rows the page needs: no query sorts or counts every
hit of a one-letter prefix. The total is exact when the hits ran out on this page, and otherwise the planner's
estimate (PostgreSQL) or a count capped at ``CATALOGUE_SEARCH_COUNT_CAP`` (SQLite, the quickstart).
"""

import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate
from stdnum import isbn as stdnum_isbn

from backend.core.text import fold_words
from backend.stock.models import Copy, CopyStatus, Record

_ISBN_LIKE = re.compile(r"^[0-9Xx][0-9Xx\- ]{8,16}$")
MAX_LIMIT = 100
# Up to this many estimated hits, rank them all in one query; past it, walk the tiers in title order.
SORT_MAX_ROWS = 5000
# The expression of the GIN index record_search_terms_idx (migration stock 0003), so that the planner uses it.
_TERMS_SQL = "catalogue_search_terms(title_key, search_text) @> %s::text[]"


@dataclass(frozen=True)
class CatalogueSearchPage:
    """One page of ranked records; ``total`` is exact unless ``total_is_estimate``."""

    results: list[Record]
    total: int
    total_is_estimate: bool
    page: int
    limit: int
    has_next: bool


def catalogue_search(
    *,
    query: str = "",
    page: int = 1,
    limit: int = 20,
    reading_level: str | None = None,
    status: str | None = None,
    library_id: int | None = None,
    vehicle_id: int | None = None,
) -> CatalogueSearchPage:
    """Page ``page`` (from 1) of ``limit`` records (at most 100) matching ``query``, best first, with a total.

    ``query`` is an exact copy barcode, an ISBN ("978-604-2-12345-6", "604212345X") or words: "de men" finds
    "Dế Mèn phiêu lưu ký", "Đất" finds "đất", "ng nh a" finds "Nguyễn Nhật Ánh". Ranking: the exact title, titles
    starting with the words, titles holding all the words, then records holding them in the author, series, subjects
    or elsewhere; each tier by title. An empty query lists the catalogue by title.

    Optional filters: ``reading_level``; and, through the copies, ``status`` and the holder (``library_id`` or
    ``vehicle_id``). Each result carries ``copies_total`` and ``copies_available``. At most seven queries, none of
    them counting past the rows this page needs (``total_is_estimate`` says whether ``total`` is an estimate).
    """
    page, limit = max(1, int(page)), min(max(1, int(limit)), MAX_LIMIT)
    records = _filtered(reading_level=reading_level, status=status, library_id=library_id, vehicle_id=vehicle_id)
    text = (query or "").strip()
    wanted = page * limit + 1  # one more than the page shows, to know whether a next page exists
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Parallel workers cost more to start than these few-millisecond plans take (SET LOCAL: this transaction).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        found, total, estimated = _ranked_ids(records, text, wanted)
    start = (page - 1) * limit
    return CatalogueSearchPage(
        results=_with_counts(found[start : start + limit]),
        total=total,
        total_is_estimate=estimated,
        page=page,
        limit=limit,
        has_next=len(found) > start + limit,
    )


def _ranked_ids(records: QuerySet[Record], text: str, wanted: int) -> tuple[list[int], int, bool]:
    """The first ``wanted`` ids in rank order, the total, and whether the total is an estimate."""
    coded = _code_match(text)
    words = fold_words(text)
    if coded is not None:
        tiers, matches = [records.filter(pk__in=coded)], None
    elif words:
        tiers = [records.filter(match) for match in _word_tiers(words)]
        matches = tiers[-1]
    else:
        tiers, matches = [records], records
    estimate = _estimate(matches) if matches is not None else 0
    if words and coded is None and estimate <= SORT_MAX_ROWS:
        # Few enough hits to rank them all in one query (one bitmap scan of the GIN index, one top-N sort) rather
        # than one query per tier.
        found = list(
            matches.annotate(rank=_rank(words)).order_by("rank", "title_c", "pk").values_list("pk", flat=True)[:wanted]
        )
        exhausted = len(found) < wanted
    else:
        # Many hits (a letter or two): each tier in title order stops at the rows the page needs.
        found, exhausted = _walk(tiers, wanted)
    if exhausted:
        return found, len(found), False
    return found, max(len(found), estimate), True


def record_text_match(text: str) -> Q:
    """Records matching ``text`` as ``catalogue_search`` does (barcode, ISBN or every word), unranked."""
    coded = _code_match(text.strip())
    if coded is not None:
        return Q(pk__in=coded)
    words = fold_words(text)
    return _word_tiers(words)[-1] if words else Q()


def _filtered(*, reading_level, status, library_id, vehicle_id) -> QuerySet[Record]:
    # ``title_c`` is the folded title in byte order on PostgreSQL: the order of record_title_key_idx, in which
    # LIKE 'de m%' is a range and every tier is walked.
    title = Collate(F("title_key"), "C") if connection.vendor == "postgresql" else F("title_key")
    records = Record.objects.alias(title_c=title)
    if reading_level:
        records = records.filter(reading_level=reading_level)
    copy_filter = {
        key: value
        for key, value in (("status", status), ("holder_library_id", library_id), ("holder_vehicle_id", vehicle_id))
        if value
    }
    if copy_filter:
        records = records.filter(pk__in=Copy.objects.filter(**copy_filter).values("record_id"))
    return records


def _code_match(text: str) -> list[int] | None:
    """The records of an exact barcode or ISBN, or ``None`` when ``text`` is neither."""
    if _ISBN_LIKE.match(text) and stdnum_isbn.is_valid(text):
        isbn = stdnum_isbn.to_isbn13(stdnum_isbn.compact(text))
        return list(Record.objects.filter(isbn=isbn).values_list("pk", flat=True))
    if text and " " not in text:
        record_id = Copy.objects.filter(barcode=text).values_list("record_id", flat=True).first()
        if record_id is not None:
            return [record_id]
    return None


def _word_tiers(words: list[str]) -> list[Q]:
    """The four tiers' conditions: the exact title, the title's start, every word in the title, every word anywhere."""
    exact, starts, in_title, anywhere = _rank_conditions(words)
    if connection.vendor == "postgresql":
        # The GIN index holds each word's first three letters, "t:"-tagged for the title too; the LIKEs check the rest
        # of a longer word (and are what a walk in title order evaluates first: far cheaper than the function).
        in_title &= Q(RawSQL(_TERMS_SQL, [sorted({f"t:{word[:3]}" for word in words})], output_field=BooleanField()))
        anywhere &= Q(RawSQL(_TERMS_SQL, [sorted({word[:3] for word in words})], output_field=BooleanField()))
    return [exact, starts, in_title, anywhere]


def _rank_conditions(words: list[str]) -> list[Q]:
    key = " ".join(words)
    in_title, anywhere = Q(), Q()
    for word in words:
        in_title &= Q(title_key__startswith=word) | Q(title_key__contains=" " + word)
        anywhere &= Q(search_text__contains=" " + word)  # search_text starts with a space: the start of a word
    return [Q(title_c=key), Q(title_c__startswith=key), in_title, anywhere]


def _rank(words: list[str]) -> Case:
    exact, starts, in_title, _anywhere = _rank_conditions(words)
    return Case(
        When(exact, then=Value(0)), When(starts, then=Value(1)), When(in_title, then=Value(2)), default=Value(3)
    )


def _walk(tiers: list[QuerySet[Record]], wanted: int) -> tuple[list[int], bool]:
    """The first ``wanted`` ids over the tiers in rank order, and whether every tier ran out before that."""
    found: list[int] = []
    seen: set[int] = set()
    for tier in tiers:
        # A tier repeats at most every id already found (a title start is also an exact title's tier): read that many
        # more, and it yields every new id the page still needs.
        reach = wanted - len(found) + len(seen)
        ids = list(tier.order_by("title_c", "pk").values_list("pk", flat=True)[:reach])
        for pk in ids:
            if pk not in seen:
                seen.add(pk)
                found.append(pk)
        if len(found) >= wanted:
            return found[:wanted], len(ids) < reach and tier is tiers[-1]
    return found, True


def _estimate(records: QuerySet[Record]) -> int:
    """How many records match, as the planner estimates it (PostgreSQL: no rows read), or counted up to the cap
    (SQLite)."""
    if connection.vendor == "postgresql":
        plan = json.loads(records.order_by().explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])
    return records.order_by()[: settings.CATALOGUE_SEARCH_COUNT_CAP].count()


def _with_counts(ids: list[int]) -> list[Record]:
    if not ids:
        return []
    by_id = Record.objects.annotate(
        copies_total=Count("copies"),
        copies_available=Count("copies", filter=Q(copies__status=CopyStatus.AVAILABLE)),
    ).in_bulk(ids)
    return [by_id[pk] for pk in ids]
