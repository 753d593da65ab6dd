"""Ranked catalogue search, fast enough to search as the librarian types (issue 21).

A query is an exact barcode, an ISBN (hyphens or not, ISBN-10 or -13), or words, each of which matches the start of
any word of the title, subtitle, authors, series or subjects, diacritics and case ignored ("đ" too). Word hits come
in four tiers, each in folded title order: the exact title, titles starting with the query, titles holding every
word, then records holding every word anywhere (the author, the series, the subjects).

The index statistics (``search_index``) say about how many records hold each word. When the rarest word is in few
(under ``PROBE_ROWS``), every hit is read through the GIN index and ranked here, with an exact total. Otherwise each
tier is walked in title order on the B-tree, stopping at the rows the page needs, or read through the GIN index when
it turns out sparse; the total is then estimated. Nothing counts or sorts every hit of a one-letter prefix (README,
"Catalogue search").
"""

import math
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Collate
from stdnum import isbn as stdnum_isbn

from backend.core.text import fold_words
from backend.stock.catalogue.search_index import PREFIX, TITLE_TAG, WordStatistics, word_statistics, words_condition
from backend.stock.models import Copy, CopyStatus, Record

_ISBN_LIKE = re.compile(r"^[0-9Xx][0-9Xx\- ]{8,16}$")
MAX_LIMIT = 100
# A query whose rarest word the statistics put in fewer records than this is read whole and ranked at once.
PROBE_ROWS = 2000
# A walk in title order reads at most this many records: a tier with fewer hits than the page needs among them is
# sparse (under about 20 in 1,000) and is read through the GIN index instead.
WALK_ROWS = 1000
# A walk that met some hits goes on when they say the page needs at most this many records (twice their share).
LONG_WALK_ROWS = 12000
# A tier a walk found sparse is read whole up to this many hits (more only on a deep page of a dense tier).
SPARSE_ROWS = 20 * PROBE_ROWS
# The GIN index looks up at most this many words of a query, the rarest: LIKE checks the others on the rows it found.
# Exact terms are intersected cheaply, and the rarest words often go together ("những người bạn"), so several narrow
# the rows to check far more than the rarest alone.
LOOKED_UP = 6
# A word shorter than the index's terms is looked up only when in fewer records than this (its prefix query merges the
# posting lists of every term it starts).
SHORT_WORD_ROWS = 5 * PROBE_ROWS


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
    ``vehicle_id``). Each result carries ``copies_total`` and ``copies_available``. Usually three to six small
    queries (at most a dozen), none reading more than 2,000 hits or the rows the page needs, except a tier that is
    sparse (``total_is_estimate`` says whether ``total`` is exact; with the copy filters the estimate is the
    catalogue's).
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
    if coded is not None:
        found = _in_title_order(records.filter(pk__in=coded), wanted)
        return found, len(found), False
    words = fold_words(text)
    statistics = word_statistics()
    if not words:
        found = _in_title_order(records, wanted + 1)
        if len(found) <= wanted:
            return found, len(found), False
        return found[:wanted], max(wanted + 1, statistics.records if statistics else records.count()), True
    # Per word: about how many records hold it anywhere, and in the title ([] without statistics).
    holding = (
        [(statistics.holding(word[:PREFIX]), statistics.holding(TITLE_TAG + word[:PREFIX])) for word in words]
        if statistics
        else []
    )
    probed_all = not holding or _likely_few(holding, in_title=False)
    if probed_all:
        probed = _probe(records, words, holding, in_title=False, cap=PROBE_ROWS, reach=wanted)
        if probed is not None:  # few: ranked and counted whole
            return probed[0], probed[1], False
    # Many hits (a letter or two, a common word): the tiers in title order, each stopping at the rows the page needs.
    # Each tier holds the one before (a title starting with the words holds every word), so ``wanted`` of each do.
    found = _in_title_order(records.filter(title_c__startswith=" ".join(words)), wanted)
    if len(found) < wanted:
        in_title = [] if holding and _likely_few(holding, in_title=True) else _walk(records, words, True, wanted)
        if len(in_title) < wanted and not probed_all and _candidates(words, holding) <= 5 * PROBE_ROWS:
            # Few titles hold the words: the hits may be few enough to rank whole after all ("phan thao vy").
            probed_all = True
            probed = _probe(records, words, holding, in_title=False, cap=PROBE_ROWS, reach=wanted)
            if probed is not None:
                return probed[0], probed[1], False
        if len(in_title) < wanted:
            in_title = _sparse(records, words, holding, in_title=True, reach=wanted)
        found = _merged(found, in_title)
    if len(found) < wanted:
        anywhere = _walk(records, words, False, wanted)
        if len(anywhere) < wanted:
            anywhere = _sparse(records, words, holding, in_title=False, reach=wanted)
        found = _merged(found, anywhere)
    if len(found) < wanted:
        return found, len(found), False
    floor = PROBE_ROWS + 1 if probed_all else wanted + 1
    return found[:wanted], max(floor, _estimate(holding, statistics)), True


def _merged(found: list[int], more: list[int]) -> list[int]:
    seen = set(found)
    return found + [pk for pk in more if pk not in seen]


def record_text_match(text: str) -> Q:
    """Records matching ``text`` as ``catalogue_search`` does (barcode, ISBN or every word), unranked."""
    coded = _code_match(text.strip())
    if coded is not None:
        return Q(pk__in=coded)
    words = fold_words(text)
    if not words:
        return Q()
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=" " + word)  # search_text starts with a space: the start of a word
    if connection.vendor == "postgresql":
        condition &= words_condition(words, in_title=False)
    return condition


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


def _title_column():
    # The folded title in byte order on PostgreSQL: the order of record_title_key_idx, in which LIKE 'de m%' is a
    # range and every tier is walked.
    return Collate(F("title_key"), "C") if connection.vendor == "postgresql" else F("title_key")


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


def _like(words: list[str], *, in_title: bool) -> Q:
    """Every word starts a word of the title (``in_title``) or of any searched field."""
    condition = Q()
    for word in words:
        if in_title:
            condition &= Q(title_key__startswith=word) | Q(title_key__contains=" " + word)
        else:
            condition &= Q(search_text__contains=" " + word)  # search_text starts with a space: a word's start
    return condition


def _sparse(records, words, holding, *, in_title: bool, reach: int) -> list[int]:
    """The first ``reach`` ids of a tier a walk found sparse, in title order, read through the GIN index."""
    probed = _probe(records, words, holding, in_title=in_title, cap=SPARSE_ROWS, reach=reach)
    if probed is None:  # a deep page of a dense tier: walk the whole of it
        return _in_title_order(records.filter(_like(words, in_title=in_title)), reach)
    return probed[0]


def _walk(records: QuerySet[Record], words: list[str], in_title: bool, reach: int) -> list[int]:
    """Up to ``reach`` ids of the tier in title order, walking at most ``WALK_ROWS`` records, then, if the hits met
    so far say the page is within ``LONG_WALK_ROWS``, that many: fewer than ``reach`` means that the tier is sparse."""
    ids = _walk_window(records, words, in_title, reach, WALK_ROWS)
    if 0 < len(ids) < reach and WALK_ROWS * reach * 2 // len(ids) <= LONG_WALK_ROWS:
        ids = _walk_window(records, words, in_title, reach, WALK_ROWS * reach * 2 // len(ids))
    return ids


def _walk_window(records: QuerySet[Record], words: list[str], in_title: bool, reach: int, rows: int) -> list[int]:
    """Up to ``reach`` ids of the tier among the first ``rows`` records in title order."""
    window = records.annotate(walk_title=_title_column()).order_by("walk_title", "pk")
    sql, params = window.values_list("pk", "walk_title", "search_text")[:rows].query.sql_with_params()
    if in_title:
        conditions = ["(walk.walk_title LIKE %s OR walk.walk_title LIKE %s)"] * len(words)
        patterns = [pattern for word in words for pattern in (f"{word}%", f"% {word}%")]
    else:
        conditions = ["walk.search_text LIKE %s"] * len(words)  # search_text starts with a space
        patterns = [f"% {word}%" for word in words]
    with connection.cursor() as cursor:
        # The window comes in the index's order and the filter keeps it: no sort, and the scan stops at ``reach``.
        cursor.execute(
            f"SELECT walk.pk FROM ({sql}) AS walk WHERE {' AND '.join(conditions)} "
            "ORDER BY walk.walk_title, walk.pk LIMIT %s",
            [*params, *patterns, reach],
        )
        return [row[0] for row in cursor.fetchall()]


def _probe(records, words, holding, *, in_title: bool, cap: int, reach: int) -> tuple[list[int], int] | None:
    """The first ``reach`` ids of the words' hits (in the title, or anywhere, then ranked by tier) in title order, and
    how many hits there are; ``None`` if over ``cap``.

    On PostgreSQL the GIN index looks up the rarest words and LIKE checks them all on the rows it finds; the database
    ranks and counts them, so that only the page's ids come back. SQLite reads every record.
    """
    matching = records.filter(_like(words, in_title=in_title))
    if connection.vendor == "postgresql":
        matching = matching.filter(words_condition(_looked_up(words, holding, in_title=in_title), in_title=in_title))
    sql, params = matching.order_by().values_list("pk", "title_key")[: cap + 1].query.sql_with_params()
    order = ['hit.title_key COLLATE "C"' if connection.vendor == "postgresql" else "hit.title_key", "hit.pk"]
    if not in_title:  # the tiers: exact title, title start, every word in the title, the rest
        every_word = " AND ".join(["(hit.title_key LIKE %s OR hit.title_key LIKE %s)"] * len(words))
        order.insert(
            0,
            f"CASE WHEN hit.title_key = %s THEN 0 WHEN hit.title_key LIKE %s THEN 1 "
            f"WHEN {every_word} THEN 2 ELSE 3 END",
        )
        key = " ".join(words)
        params = (*params, key, key + "%", *(pattern for word in words for pattern in (f"{word}%", f"% {word}%")))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT hit.pk, count(*) OVER () FROM ({sql}) AS hit ORDER BY {', '.join(order)} LIMIT %s",
            [*params, reach],
        )
        rows = cursor.fetchall()
    total = rows[0][1] if rows else 0
    return None if total > cap else ([pk for pk, _total in rows], total)


def _looked_up(words: list[str], holding, *, in_title: bool) -> list[str]:
    """The words the GIN index looks up: the rarest whole terms (a word of ``PREFIX`` letters or more is one term), and
    a shorter word only if it is rare, since it merges the posting lists of every term it starts."""
    if not holding:
        return words
    side = 1 if in_title else 0
    ranked = sorted((len(word) < PREFIX, counts[side], word) for counts, word in zip(holding, words, strict=True))
    chosen = [word for short, count, word in ranked if not short or count < SHORT_WORD_ROWS]
    return chosen[:LOOKED_UP] or [ranked[0][2]]


def _candidates(words: list[str], holding) -> int:
    """About how many rows the GIN index hands a probe anywhere to check: the fewest of its looked-up words'."""
    looked_up = set(_looked_up(words, holding, in_title=False))
    return min(anywhere for (anywhere, _title), word in zip(holding, words, strict=True) if word in looked_up)


def _likely_few(holding, *, in_title: bool) -> bool:
    """Whether the statistics put fewer than ``PROBE_ROWS`` records in the tier: its rarest word is in fewer. (Not the
    words' shares multiplied: Vietnamese words are syllables, and "hòn đảo" are far more common together than that.)"""
    return min(title if in_title else anywhere for anywhere, title in holding) < PROBE_ROWS


def _estimate(holding: list[tuple[int, int]], statistics: WordStatistics | None) -> int:
    """About how many records hold every word: between the words' shares multiplied (as if independent) and the rarest
    word's count (as if always together, "khu vườn"), their geometric mean."""
    if not holding or statistics is None or statistics.records == 0:
        return 0
    counts = [anywhere for anywhere, _title in holding]
    product = statistics.records * math.prod(count / statistics.records for count in counts)
    return round(min(min(counts), math.sqrt(product * min(counts))))


def _in_title_order(records: QuerySet[Record], reach: int) -> list[int]:
    return list(records.order_by("title_c", "pk").values_list("pk", flat=True)[:reach])


def _with_counts(ids: list[int]) -> list[Record]:
    if not ids:
        return []
    by_id = Record.objects.annotate(
        copies_total=Count("copies"),
        copies_available=Count("copies", filter=Q(copies__status=CopyStatus.AVAILABLE)),
    ).in_bulk(ids)
    return [by_id[pk] for pk in ids]
