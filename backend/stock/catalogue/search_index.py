"""The PostgreSQL indexes behind the catalogue search, and what their statistics say of a query (issue 21).

Two indexes serve it (migration stock 0007; README, "Catalogue search"):

- ``record_title_key_idx``, a B-tree on ``title_key COLLATE "C"``: exact titles and title starts are ranges of it,
  and it is the title order that dense tiers are walked in.
- ``record_search_words_idx``, a GIN index of ``catalogue_search_words(title_key, search_text)``: a ``tsvector``
  whose terms are the first three letters of every searched word ("men" for "mèn", "nguyen" as "ngu"), and those of
  the title's words once more tagged "~" ("~men"). A word of three letters or more is one exact term (``'men'``,
  ``'~men'`` in the title; LIKE checks the rest of the word), a shorter one a prefix query (``'m':*``), which merges
  the posting lists of every term it starts and is looked up only when rare.

How many records hold a word start is estimated from the statistics ANALYZE keeps of that ``tsvector`` (its most
common words and their frequencies), read once every few minutes: nothing is counted per query.
"""

import bisect
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

TITLE_TAG = "~"
# The index holds each word cut to its first PREFIX letters (migration stock 0007): "nguyen" is there as "ngu".
PREFIX = 3
SEARCH_INDEXES = (
    ("record_title_key_idx", 'CREATE INDEX record_title_key_idx ON catalogue_record ((title_key COLLATE "C"))'),
    (
        "record_search_words_idx",
        "CREATE INDEX record_search_words_idx ON catalogue_record "
        "USING gin (catalogue_search_words(title_key, search_text)) WITH (fastupdate = off)",
    ),
)
# The expression of record_search_words_idx, so that the planner uses it.
_WORDS_SQL = "catalogue_search_words(title_key, search_text) @@ %s::tsquery"
_STATISTICS_SQL = """
    SELECT most_common_elems::text::text[], most_common_elem_freqs,
        (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'catalogue_record'::regclass)
    FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'record_search_words_idx'
"""
_STATISTICS_SECONDS = 300


@dataclass(frozen=True)
class WordStatistics:
    """The index's most common words (sorted) with the share of records holding each, and the table's rows."""

    words: list[str]
    shares: list[float]
    rarest_share: float
    records: int
    read_at: float

    def holding(self, start: str) -> int:
        """About how many records hold a word starting with ``start`` (tag it with ``TITLE_TAG`` for the title)."""
        first = bisect.bisect_left(self.words, start)
        last = bisect.bisect_left(self.words, start + "\U0010ffff")
        share = sum(self.shares[first:last]) or self.rarest_share  # a word not listed is rarer than every listed one
        return round(min(1.0, share) * self.records)


_cached: dict[str, WordStatistics | None] = {}


def word_statistics() -> WordStatistics | None:
    """The index's statistics, or ``None`` (SQLite, or the table never analysed)."""
    if connection.vendor != "postgresql":
        return None
    cached = _cached.get(connection.alias)
    if cached is not None and time.monotonic() - cached.read_at < _STATISTICS_SECONDS:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(_STATISTICS_SQL)
        row = cursor.fetchone()
    statistics = None
    if row and row[0]:
        words, shares, records = row
        pairs = sorted(zip(words, shares[: len(words)], strict=True))
        statistics = WordStatistics(
            words=[word for word, _share in pairs],
            shares=[share for _word, share in pairs],
            rarest_share=min(shares[: len(words)]),
            records=int(records),
            read_at=time.monotonic(),
        )
    _cached[connection.alias] = statistics
    return statistics


def words_condition(words: list[str], *, in_title: bool) -> Q:
    """The GIN index's condition: each of ``words`` starts a word of the title (``in_title``) or of any field."""
    terms = []
    for word in words:
        # Three letters or more: the one term of the word's first three; fewer: every term they start.
        match = f"'{{}}{word[:PREFIX]}'" if len(word) >= PREFIX else f"'{{}}{word}':*"
        terms.append(match.format(TITLE_TAG if in_title else ""))
    return Q(RawSQL(_WORDS_SQL, [" & ".join(terms)], output_field=BooleanField()))
