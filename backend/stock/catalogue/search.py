"""Ranked catalogue search, fast enough to search as the librarian types (issue 21).

A query is an exact barcode, an ISBN (hyphens or not, ISBN-10 or -13), or words, each of which matches the start of
any word of the title, subtitle, authors, series or subjects, diacritics and case ignored ("đ" too). Word hits come
in four tiers, each in folded title order: the exact title, titles starting with the query, titles holding every
word, then records holding every word anywhere (the author, the series, the subjects).

Fewer than ``PROBE_ROWS`` hits are read whole through the GIN index and ranked here, with an exact total. More are
walked tier by tier in title order, each walk stopping at the rows the page needs: nothing counts or sorts every hit
of a one-letter prefix, and the total is then estimated (README, "Catalogue search").
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Count, F, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate
from stdnum import isbn as stdnum_isbn

from backend.core.text import fold_words
from backend.stock.models import Copy, CopyStatus, Record

_ISBN_LIKE = re.compile(r"^[0-9Xx][0-9Xx\- ]{8,16}$")
MAX_LIMIT = 100
# Fewer hits than this are all read (through the GIN index) and ranked at once; more, and tiers are walked in title
# order, where hits are dense enough to fill a page after a few rows each.
PROBE_ROWS = 1000
# The expression of the GIN index record_search_terms_idx (migration stock 0003), so that the planner uses it.
_TERMS_SQL = "catalogue_search_terms(title_key, search_text) @> %s::text[]"
# Evaluated once per query (an InitPlan), for the estimate of a total from the share of the table a probe spans.
_TABLE_PAGES_SQL = "(SELECT greatest(relpages, 1) FROM pg_class WHERE oid = 'catalogue_record'::regclass)"


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
    ``vehicle_id``). Each result carries ``copies_total`` and ``copies_available``. At most eight queries, none
    reading more than 1,000 hits or the rows the page needs (``total_is_estimate`` says whether ``total`` is one).
    """
    page, limit = max(1, int(page)), min(max(1, int(limit)), MAX_LIMIT)
    records = _filtered(reading_level=reading_level, status=status, library_id=library_id, vehicle_id=vehicle_id)
    text = (query or "").strip()
    wanted = page * limit + 1  # one more than the page shows, to know whether a next page exists
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
        found, _exhausted = _walk([_in_title_order(records.filter(pk__in=coded))], wanted)
        return found, len(found), False
    if not words:
        found, exhausted = _walk([_in_title_order(records)], wanted)
        return found, (len(found) if exhausted else max(len(found), _planner_estimate(records))), not exhausted
    _exact, starts, in_title, anywhere = _word_tiers(words)
    # The planner's estimate multiplies the words' shares, so it can only be too low ("khu vườn" always go together):
    # when even it says many, the probe, which would read long posting lists to stop after PROBE_ROWS, is skipped.
    # (Of the index condition alone: with the LIKEs it would count each word twice.)
    indexed = records.filter(_terms(words)) if connection.vendor == "postgresql" else records.filter(anywhere)
    estimate = _planner_estimate(indexed)
    hits, estimate = _probe(records.filter(anywhere)) if estimate < PROBE_ROWS else (None, estimate)
    if hits is not None:
        # Few hits: every one came back, ranked here from its folded title.
        key = " ".join(words)
        hits.sort(key=lambda hit: (_title_rank(hit[1], key, words), hit[1], hit[0]))
        return [pk for pk, _title in hits[:wanted]], len(hits), False
    # Many hits (a letter or two, a common word): each tier in title order stops at the rows the page needs.
    like_title, like_anywhere = _rank_conditions(words)[2:]
    tiers = [
        _in_title_order(records.filter(starts)),  # the exact title is the first title starting with itself
        _probed(records.filter(in_title), records.filter(like_title)),
        _in_title_order(records.filter(like_anywhere)),  # dense: a walk in title order meets a hit every few rows
    ]
    found, exhausted = _walk(tiers, wanted)
    return found, (len(found) if exhausted else max(len(found), estimate)), not exhausted


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
    if len(text) >= 4 and " " not in text and any(ch.isdigit() for ch in text):  # barcodes carry digits
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
        in_title &= _terms(words, tag="t:")
        anywhere &= _terms(words)
    return [exact, starts, in_title, anywhere]


def _terms(words: list[str], tag: str = "") -> Q:
    """The GIN index's condition: every word's first three letters among the record's terms (PostgreSQL)."""
    return Q(RawSQL(_TERMS_SQL, [sorted({f"{tag}{word[:3]}" for word in words})], output_field=BooleanField()))


def _rank_conditions(words: list[str]) -> list[Q]:
    key = " ".join(words)
    in_title, anywhere = Q(), Q()
    for word in words:
        in_title &= Q(title_key__startswith=word) | Q(title_key__contains=" " + word)
        anywhere &= Q(search_text__contains=" " + word)  # search_text starts with a space: the start of a word
    return [Q(title_c=key), Q(title_c__startswith=key), in_title, anywhere]


def _title_rank(title_key: str, key: str, words: list[str]) -> int:
    """The tier of a hit, as ``_word_tiers`` orders them: 0 exact title, 1 title start, 2 words in the title, 3 rest."""
    if title_key == key:
        return 0
    if title_key.startswith(key):
        return 1
    title_words = title_key.split()
    return 2 if all(any(t.startswith(word) for t in title_words) for word in words) else 3


def _in_title_order(records: QuerySet[Record]) -> Callable[[int], list[int]]:
    return lambda reach: list(records.order_by("title_c", "pk").values_list("pk", flat=True)[:reach])


def _probed(indexed: QuerySet[Record], walked: QuerySet[Record]) -> Callable[[int], list[int]]:
    """A tier read through the GIN index when it has few hits, else walked in title order (``walked``: no GIN)."""

    def ids(reach: int) -> list[int]:
        hits, _estimate = _probe(indexed)
        if hits is None:
            return _in_title_order(walked)(reach)
        return [pk for pk, _title in sorted(hits, key=lambda hit: (hit[1], hit[0]))[:reach]]

    return ids


def _probe(records: QuerySet[Record]) -> tuple[list[tuple[int, str]] | None, int]:
    """Every hit as ``(id, title_key)`` if there are fewer than ``PROBE_ROWS``, else ``None`` and an estimate.

    Unordered, the bitmap scan of the GIN index stops after ``PROBE_ROWS`` rows. Those come in the table's physical
    order, so the share of the table they span gives the estimate of the total without reading further.
    """
    if connection.vendor != "postgresql":
        hits = list(records.values_list("pk", "title_key")[:PROBE_ROWS])
        return (hits if len(hits) < PROBE_ROWS else None), len(hits)
    rows = list(
        records.annotate(block=RawSQL("(ctid::text::point)[0]::int", [], output_field=IntegerField()))
        .annotate(pages=RawSQL(_TABLE_PAGES_SQL, [], output_field=IntegerField()))
        .values_list("pk", "title_key", "block", "pages")
        .order_by()[:PROBE_ROWS]
    )
    if len(rows) < PROBE_ROWS:
        return [(pk, title) for pk, title, _block, _pages in rows], len(rows)
    pages = rows[0][3]
    spanned = max(row[2] for row in rows) + 1
    return None, max(PROBE_ROWS, round(PROBE_ROWS * pages / spanned))


def _walk(tiers: list[Callable[[int], list[int]]], wanted: int) -> tuple[list[int], bool]:
    """The first ``wanted`` ids over the tiers in rank order, and whether every tier ran out before that."""
    found: list[int] = []
    seen: set[int] = set()
    for number, tier in enumerate(tiers):
        # A tier repeats at most every id already found (a title start is also an exact title's tier): read that many
        # more, and it yields every new id the page still needs.
        reach = wanted - len(found) + len(seen)
        ids = tier(reach)
        for pk in ids:
            if pk not in seen:
                seen.add(pk)
                found.append(pk)
        if len(found) >= wanted:
            return found[:wanted], len(ids) < reach and number == len(tiers) - 1
    return found, True


def _planner_estimate(records: QuerySet[Record]) -> int:
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
