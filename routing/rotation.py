"""Rotation pairing: which rotating collection goes to which site next cycle, solved with OR-Tools CP-SAT.

Plain data in, plain data out, so the model is tested on small named cases; the backend builds the input from its
database and stores the answer.

Rules (hard): a site never receives a collection it had within its last N stays; the collection's reading level must
fit the site (primary schools get children's or all-age collections); the collection's size must fit the site; each
collection goes to at most one site and each site gets at most one collection.
Goal: serve as many sites as possible, weighted by priority, then maximise novelty (titles the site has never had).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

# A served site is worth more than any amount of novelty, so coverage comes first.
COVERAGE_WEIGHT = 10_000


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
    """

    id: int
    name: str
    levels: frozenset[str]
    max_books: int
    priority: int = 3
    recent_collections: frozenset[int] = frozenset()
    seen_records: frozenset[int] = frozenset()


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
    """

    id: int
    code: str
    level: str
    records: frozenset[int]
    books: int


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
        ``size:<books>/<max>``, ``priority:<priority>``.
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
    sites: Sequence[SiteIn], collections: Sequence[CollectionIn], *, time_limit_s: float = 10.0, seed: int = 0
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
    x, gains = {}, {}
    for s in sites:
        for c in collections:
            if why_not(s, c) is None:
                new = len(c.records - s.seen_records)
                x[s.id, c.id] = model.new_bool_var(f"x_{s.id}_{c.id}")
                gains[s.id, c.id] = (new, COVERAGE_WEIGHT * s.priority + new)
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
        result.pairings.append(Pairing(c.id, s.id, new, score, _reasons(s, c, new)))
    return result


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
