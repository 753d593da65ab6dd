"""The catalogue search part of ``manage.py stock_bench`` (issue 21): a mix of queries as typed, timed by class.

Each search is timed on the wall clock and by the CPU it took: this process's and the PostgreSQL backend's (read
from ``/proc/<pid>/schedstat``, so only when the server runs on this machine). On a machine shared with other work
the wall clock mostly measures the wait for a core; the CPU time is close to what a quiet machine takes. A fixed
reference query (``REFERENCE_SQL``), timed before each search, gives a second estimate: the wall times divided by how
much slower the reference ran at its median than at its fastest (a search makes several round trips to the server,
each of which waits for a core on a busy machine, so this one stays pessimistic).
"""

import gc
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Max, Min
from stdnum import isbn as stdnum_isbn

from backend.core.text import fold
from backend.stock.catalogue.search import catalogue_search
from backend.stock.catalogue.search_index import SEARCH_INDEXES
from backend.stock.models import Copy, Record

GOAL_P95_MS = 25.0
GOAL_MAX_MS = 60.0
GOAL_INDEX_SHARE = 0.30
CLASSES = ("1 letter", "2 letters", "word prefix", "words", "ISBN", "barcode")
# About a millisecond of the server's CPU through the same paths as a search (B-tree range, heap rows, LIKE).
REFERENCE_SQL = (
    "SELECT count(*) FROM (SELECT search_text FROM catalogue_record WHERE id BETWEEN 1000 AND 3000) AS r "
    "WHERE search_text LIKE '%% ngu%%'"
)


@dataclass
class Timings:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    scaled: list[float] = field(default_factory=list)


def bench_search(rng: random.Random, count: int, search: Callable = catalogue_search) -> list[tuple[str, str, str]]:
    """Rows for the benchmark's table: each class of queries, all of them, the quiet estimates, the index disk."""
    queries = mixed_queries(rng, count)
    # As the web server does after loading the app (backend/config/wsgi.py): the objects made at start-up are never
    # garbage again, so a full collection does not walk them in the middle of a search.
    gc.collect()
    gc.freeze()
    by_class: dict[str, Timings] = {name: Timings() for name in CLASSES}
    totals, references = [], []
    for query_class, query in queries:
        references.append(_wall_ms(_reference))
        cpu_before = _cpu_ns()
        started = time.perf_counter()
        found = search(query=query, page=1, limit=20)  # as the API and the console ask for it
        wall = (time.perf_counter() - started) * 1000
        cpu_after = _cpu_ns()
        timings = by_class[query_class]
        timings.wall.append(wall)
        timings.cpu.append((cpu_after - cpu_before) / 1e6 if cpu_before is not None else float("nan"))
        totals.append(found.total)
    # How much slower the machine ran than at its fastest moment of the run: the reference's median over its fastest.
    slowdown = statistics.median(references) / min(references)
    for timings in by_class.values():
        timings.scaled = [wall / slowdown for wall in timings.wall]
    everything = Timings(
        *([t for c in by_class.values() for t in getattr(c, name)] for name in ("wall", "cpu", "scaled"))
    )
    rows = [
        (f"search: {name}", f"{len(t.wall)} queries", _spread(t.wall) + f"; CPU {_spread(t.cpu)}")
        for name, t in by_class.items()
        if t.wall
    ]
    rows += [
        (
            "search: all",
            f"{len(queries)} queries as typed, a page of 20 + estimated total; median total "
            f"{statistics.median(totals):,.0f}; load average {os.getloadavg()[0]:.1f}",
            _spread(everything.wall) + " " + _verdict(everything.wall),
        ),
        (
            "search: quiet est.",
            "by CPU time (client + server)",
            _spread(everything.cpu) + " " + _verdict(everything.cpu),
        ),
        (
            "search: quiet est.",
            "by the reference query",
            _spread(everything.scaled) + " " + _verdict(everything.scaled),
        ),
        index_disk(),
    ]
    return rows


def mixed_queries(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` queries ``(class, text)`` as librarians type them, drawn from the catalogue by ``rng``: the same seed
    on the same catalogue gives the same queries, so that runs and designs compare."""
    sample = [row for _pk, *row in _drawn(rng, Record.objects, count, "title", "authors", "subjects", "isbn")]
    barcodes = [barcode for _pk, barcode in _drawn(rng, Copy.objects, count // 10 + 1, "barcode")]
    isbns = [isbn for *_rest, isbn in sample if isbn]
    return [_query(rng, n, sample[n % len(sample)], barcodes, isbns) for n in range(count)]


def _drawn(rng: random.Random, objects, count: int, *fields: str) -> list[tuple]:
    """About ``count`` rows (id, *fields) drawn by ``rng`` among the ids, in id order."""
    first, last = objects.aggregate(first=Min("pk"), last=Max("pk")).values()
    if first is None:
        return []
    ids = rng.sample(range(first, last + 1), min(count, last - first + 1))
    return list(objects.filter(pk__in=ids).order_by("pk").values_list("pk", *fields))


def _query(rng, n, row, barcodes, isbns) -> tuple[str, str]:
    title, authors, subjects, _isbn = row
    words = fold(title).split()
    long_words = [w for w in words if len(w) > 2] or words
    kind = n % 10
    if kind == 0:
        return "words", " ".join(words[:3])  # folded, no diacritics
    if kind == 1:
        return "words", title  # as typed with diacritics
    if kind == 2:
        return "words", fold(authors)
    if kind == 3:
        return "barcode", barcodes[n % len(barcodes)]
    if kind == 4:
        return "words", " ".join(rng.sample(words, min(2, len(words))))
    if kind == 5:
        return "1 letter", rng.choice(words)[0]  # the first keystroke
    if kind == 6:
        return "2 letters", rng.choice([w for w in words if len(w) > 1] or words)[:2]
    if kind == 7:
        return "words", " ".join(words[:1] + [w[:2] for w in words[1:2]])  # typing the second word of a title
    if kind == 8:
        if n % 20 == 8:
            return "word prefix", rng.choice(subjects.split(";")).strip().split()[0]
        word = rng.choice(long_words)
        return "word prefix", word[: rng.randint(3, max(3, len(word)))]  # one word, typed in part or whole
    if isbns and n % 20 == 9:
        return "ISBN", stdnum_isbn.format(rng.choice(isbns))  # with hyphens, as printed on the book
    return "words", fold(authors)[:-2]  # an author half typed


def index_disk() -> tuple[str, str, str]:
    names = [name for name, _definition in SEARCH_INDEXES]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_table_size('catalogue_record'), "
            "(SELECT coalesce(sum(pg_relation_size(oid)), 0) FROM pg_class WHERE relname = ANY(%s))",
            [names],
        )
        table, indexes = cursor.fetchone()
    share = indexes / table
    return (
        "search index",
        " + ".join(names) + " against catalogue_record",
        f"{indexes / 2**20:.1f} MB for {table / 2**20:.1f} MB = {100 * share:.0f} % more disk "
        + ("PASS" if share <= GOAL_INDEX_SHARE else "FAIL")
        + f" (goal ≤ {100 * GOAL_INDEX_SHARE:.0f} %)",
    )


def _spread(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = statistics.quantiles(ordered, n=100)[94] if len(ordered) > 1 else ordered[0]
    return f"p50 {statistics.median(ordered):.1f} / p95 {p95:.1f} / max {ordered[-1]:.1f} ms"


def _verdict(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95, worst = statistics.quantiles(ordered, n=100)[94], ordered[-1]
    met = p95 <= GOAL_P95_MS and worst <= GOAL_MAX_MS
    return ("PASS" if met else "FAIL") + f" (goal p95 ≤ {GOAL_P95_MS:.0f}, max ≤ {GOAL_MAX_MS:.0f} ms)"


def _reference() -> None:
    with connection.cursor() as cursor:
        cursor.execute(REFERENCE_SQL)
        cursor.fetchone()


def _wall_ms(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


_backend_pid: dict[int, int] = {}


def _cpu_ns() -> int | None:
    """This thread's CPU time plus the PostgreSQL backend's, in ns; ``None`` when the server is not local."""
    connection.ensure_connection()
    key = id(connection.connection)
    if key not in _backend_pid:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _backend_pid[key] = cursor.fetchone()[0]
    try:
        with open(f"/proc/{_backend_pid[key]}/schedstat") as stat:
            server = int(stat.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return time.thread_time_ns() + server
