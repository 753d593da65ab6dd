"""The rotation planner's model: which collection goes to which site next cycle, solved with OR-Tools CP-SAT.

Plain data in, plain data out (no Django), so it is tested on small named cases.

Rules (hard): a site never receives a collection it had within its last N stays; the collection's reading level must
fit the site (primary schools get children's or all-age collections); the collection's size must fit the site; each
collection goes to at most one site and each site gets at most one collection.
Goal: serve as many sites as possible, weighted by priority, then maximise novelty (titles the site has never had).
"""

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

# A served site is worth more than any amount of novelty, so coverage comes first.
COVERAGE_WEIGHT = 10_000


@dataclass(frozen=True)
class SiteIn:
    id: int
    name: str
    levels: frozenset[str]
    max_books: int
    priority: int = 3
    recent_collections: frozenset[int] = frozenset()
    seen_records: frozenset[int] = frozenset()


@dataclass(frozen=True)
class CollectionIn:
    id: int
    code: str
    level: str
    records: frozenset[int]
    books: int


@dataclass(frozen=True)
class Pairing:
    collection_id: int
    site_id: int
    new_titles: int
    score: int
    reasons: tuple[str, ...]


@dataclass
class RotationResult:
    status: str
    objective: int
    pairings: list[Pairing] = field(default_factory=list)
    unserved_sites: dict[int, str] = field(default_factory=dict)


def why_not(site: SiteIn, collection: CollectionIn) -> str | None:
    """The rule that forbids the pairing, or None when it is allowed."""
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
    sites: list[SiteIn], collections: list[CollectionIn], *, time_limit_s: float = 10.0, seed: int = 0
) -> RotationResult:
    """Assign collections to sites; deterministic for a given ``seed`` and one worker."""
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


def _unserved_reason(site: SiteIn, collections: list[CollectionIn], chosen: set) -> str:
    allowed = [c for c in collections if why_not(site, c) is None]
    if not allowed:
        reasons = {why_not(site, c) for c in collections}
        return "no_fitting_collection:" + ",".join(sorted(r for r in reasons if r)) if collections else "no_collection"
    return "collections_used_elsewhere"
