"""Rotation pairing: which rotating collection goes to which site next cycle, solved with OR-Tools CP-SAT.

Plain data in, plain data out, so the model is tested on small named cases; the backend builds the input from its
database and stores the answer.

Rules (hard): a site never receives a collection it had within its last N stays; the collection's reading level must
fit the site (primary schools get children's or all-age collections); the collection's size must fit the site; each
collection goes to at most one site and each site gets at most one collection.
Goal: serve as many sites as possible, weighted by priority, then maximise novelty (titles the site has never had)
and usage (Circular 05/2022: how much a point used its batch guides its next one): prefer for each site what similar
sites (the same ``group``) used most, prefer collections like the ones the site itself used heavily and avoid ones
like those it hardly used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

# A served site is worth more than any amount of novelty and usage, so coverage comes first.
COVERAGE_WEIGHT = 10_000
# Uses per 100 books during a stay: at or above HEAVY a batch was used heavily, at or below LIGHT hardly at all.
HEAVY_USE = 100
LIGHT_USE = 20
# Usage terms are capped so that together they weigh about as much as a whole collection of new titles.
MAX_USE_SCORE = 300


@dataclass(frozen=True)
class SiteIn:
    """A site waiting for a collection.

    Parameters
    ----------
    id, name
        The site's identity, handed back in pairings and reasons.
    levels
        Reading levels of collections that fit the site.
    max_books
        The largest collection the site can take, in books.
    priority
        Weight of serving the site (higher first).
    recent_collections
        Ids of the collections it had within its last stays: never sent again.
    seen_records
        Ids of the titles it has already had: a collection is worth its titles outside this set.
    group
        Sites of the same group are similar (e.g. ``school:primary``): what one used guides the others.
    """

    id: int
    name: str
    levels: frozenset[str]
    max_books: int
    priority: int = 3
    recent_collections: frozenset[int] = frozenset()
    seen_records: frozenset[int] = frozenset()
    group: str = ""


@dataclass(frozen=True)
class CollectionIn:
    """A collection free to go.

    Parameters
    ----------
    id, code
        The collection's identity.
    level
        Its reading level.
    records
        Ids of the titles in it.
    books
        Its size in books (copies that can travel).
    profile
        What it is about (e.g. subjects and DDC classes): two collections are similar by the share they have in
        common.
    """

    id: int
    code: str
    level: str
    records: frozenset[int]
    books: int
    profile: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PastUse:
    """How much a site used a collection during one of its stays there.

    Parameters
    ----------
    site_id, site_group
        The stay's site and its group (see :class:`SiteIn`).
    collection_id, collection_code, profile
        The collection used and what it is about (see :class:`CollectionIn`).
    uses_per_100_books
        Loans and reading uses during the stay, per 100 books deposited.
    """

    site_id: int
    site_group: str
    collection_id: int
    collection_code: str
    profile: frozenset[str]
    uses_per_100_books: int


@dataclass(frozen=True)
class Pairing:
    """One collection sent to one site, with what it brings and why it was chosen.

    Parameters
    ----------
    new_titles
        Titles of the collection the site has never had.
    score
        The pairing's weight in the objective (coverage, then novelty).
    reasons
        Machine-readable reasons: ``novelty:<new>/<total>:<percent>``, ``level:<level>``,
        ``size:<books>/<max>``, ``priority:<priority>``; from past uses ``peers:<stays>:<uses per 100 books>``
        (similar sites' use of this collection), ``like_heavy:<collection code>:<uses>:<similarity %>`` (like a
        collection the site used heavily) and ``like_light:<collection code>:<uses>:<similarity %>`` (like one it
        hardly used).
    """

    collection_id: int
    site_id: int
    new_titles: int
    score: int
    reasons: tuple[str, ...]


@dataclass
class RotationResult:
    """The solver's answer.

    Parameters
    ----------
    status
        CP-SAT's status name (``OPTIMAL``, ``FEASIBLE``, ``INFEASIBLE``...).
    objective
        The objective's value (0 without a solution).
    pairings
        The chosen pairings, in the order of the sites given.
    unserved_sites
        Site id to the reason it got nothing: ``no_collection``, ``collections_used_elsewhere`` or
        ``no_fitting_collection:<rules>`` (the rules of :func:`why_not` that forbade every collection).
    """

    status: str
    objective: int
    pairings: list[Pairing] = field(default_factory=list)
    unserved_sites: dict[int, str] = field(default_factory=dict)


def why_not(site: SiteIn, collection: CollectionIn) -> str | None:
    """The rule that forbids sending ``collection`` to ``site``.

    Returns
    -------
    str or None
        ``had_recently``, ``reading_level``, ``too_big`` or ``empty``; None when the pairing is allowed.
    """
    if collection.id in site.recent_collections:
        return "had_recently"
    if collection.level not in site.levels:
        return "reading_level"
    if collection.books > site.max_books:
        return "too_big"
    if collection.books == 0:
        return "empty"
    return None


def solve_rotation(
    sites: Sequence[SiteIn],
    collections: Sequence[CollectionIn],
    *,
    past_uses: Sequence[PastUse] = (),
    time_limit_s: float = 10.0,
    seed: int = 0,
) -> RotationResult:
    """Assign collections to sites, at most one each way.

    Parameters
    ----------
    sites, collections
        The sites waiting and the collections free to go.
    time_limit_s
        CP-SAT's time budget, in seconds.
    seed
        CP-SAT's random seed; with one worker the answer is deterministic for a given seed.

    Returns
    -------
    RotationResult
        The pairings and, for every site left without a collection, the reason.
    """
    model = cp_model.CpModel()
    x, gains, usage = {}, {}, UsageGuide(past_uses)
    for s in sites:
        for c in collections:
            if why_not(s, c) is None:
                new = len(c.records - s.seen_records)
                x[s.id, c.id] = model.new_bool_var(f"x_{s.id}_{c.id}")
                gains[s.id, c.id] = (new, COVERAGE_WEIGHT * s.priority + new + usage.score(s, c))
    for s in sites:
        model.add_at_most_one(x[s.id, c.id] for c in collections if (s.id, c.id) in x)
    for c in collections:
        model.add_at_most_one(x[s.id, c.id] for s in sites if (s.id, c.id) in x)
    model.maximize(sum(gains[key][1] * var for key, var in x.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    result = RotationResult(solver.status_name(status), 0)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return result
    result.objective = int(solver.objective_value)
    chosen = {key for key, var in x.items() if solver.value(var)}
    by_id = {c.id: c for c in collections}
    for s in sites:
        match = next((cid for sid, cid in chosen if sid == s.id), None)
        if match is None:
            result.unserved_sites[s.id] = _unserved_reason(s, collections, chosen)
            continue
        c = by_id[match]
        new, score = gains[s.id, c.id]
        result.pairings.append(Pairing(c.id, s.id, new, score, _reasons(s, c, new) + usage.reasons(s, c)))
    return result


class UsageGuide:
    """The usage terms of the goal for each (site, collection) pairing, and the reasons behind them.

    Similar sites' use of a collection: the mean uses per 100 books at other sites of the site's group. The site's
    own past: for each collection it used heavily (``HEAVY_USE``) a similar collection gains its similarity; for
    each it hardly used (``LIGHT_USE``) a similar one loses it. Each term is capped at ``MAX_USE_SCORE``.
    """

    def __init__(self, past_uses: Sequence[PastUse]):
        self.peer_rates: dict[tuple[str, int], list[tuple[int, int]]] = {}
        self.own: dict[int, list[PastUse]] = {}
        for use in past_uses:
            self.own.setdefault(use.site_id, []).append(use)
            if use.site_group:
                key = (use.site_group, use.collection_id)
                self.peer_rates.setdefault(key, []).append((use.site_id, use.uses_per_100_books))

    def peer_use(self, site: SiteIn, collection: CollectionIn) -> tuple[int, int]:
        """How many stays at similar sites, and their mean uses per 100 books, for this collection."""
        rates = [rate for sid, rate in self.peer_rates.get((site.group, collection.id), []) if sid != site.id]
        return len(rates), (sum(rates) // len(rates) if rates else 0)

    def likeness(self, site: SiteIn, collection: CollectionIn) -> list[tuple[str, PastUse, int]]:
        """The site's heavily and hardly used past collections that this one resembles, with the similarity."""
        found = []
        for use in self.own.get(site.id, []):
            if use.collection_id == collection.id or not (collection.profile and use.profile):
                continue
            union = collection.profile | use.profile
            similar = round(100 * len(collection.profile & use.profile) / len(union))
            if similar and use.uses_per_100_books >= HEAVY_USE:
                found.append(("like_heavy", use, similar))
            elif similar and use.uses_per_100_books <= LIGHT_USE:
                found.append(("like_light", use, similar))
        return found

    def score(self, site: SiteIn, collection: CollectionIn) -> int:
        _stays, peer = self.peer_use(site, collection)
        own = sum(sim if kind == "like_heavy" else -sim for kind, _use, sim in self.likeness(site, collection))
        return min(peer, MAX_USE_SCORE) + max(-MAX_USE_SCORE, min(MAX_USE_SCORE, own))

    def reasons(self, site: SiteIn, collection: CollectionIn) -> tuple[str, ...]:
        stays, peer = self.peer_use(site, collection)
        reasons = [f"peers:{stays}:{peer}"] if stays else []
        for kind, use, similar in self.likeness(site, collection):
            reasons.append(f"{kind}:{use.collection_code}:{use.uses_per_100_books}:{similar}")
        return tuple(reasons)


def _reasons(site: SiteIn, collection: CollectionIn, new: int) -> tuple[str, ...]:
    share = round(100 * new / len(collection.records)) if collection.records else 0
    return (
        f"novelty:{new}/{len(collection.records)}:{share}",
        f"level:{collection.level}",
        f"size:{collection.books}/{site.max_books}",
        f"priority:{site.priority}",
    )


def _unserved_reason(site: SiteIn, collections: Sequence[CollectionIn], chosen: set) -> str:
    allowed = [c for c in collections if why_not(site, c) is None]
    if not allowed:
        reasons = {why_not(site, c) for c in collections}
        return "no_fitting_collection:" + ",".join(sorted(r for r in reasons if r)) if collections else "no_collection"
    return "collections_used_elsewhere"
