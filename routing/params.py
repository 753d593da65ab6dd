"""Search parameters for :func:`routing.solve`."""

from __future__ import annotations

from dataclasses import dataclass

FIRST_SOLUTIONS = (
    "automatic",
    "parallel_cheapest_insertion",
    "local_cheapest_insertion",
    "path_cheapest_arc",
    "savings",
    "christofides",
    "global_cheapest_arc",
    "sequential_cheapest_insertion",
)
METAHEURISTICS = ("guided_local_search", "simulated_annealing", "tabu_search", "greedy_descent", "automatic")


@dataclass(frozen=True)
class SolveParams:
    """How long and how to search.

    Parameters
    ----------
    time_limit_s
        Wall-clock budget of the whole solve, in seconds.
    seed
        Seeds the node order handed to OR-Tools (its local search is deterministic for a given
        model, so permuting the nodes is what varies the trajectory). Same seed, same model,
        same limit: same plan, up to timing.
    first_solution
        OR-Tools first-solution strategy, lower case (see ``FIRST_SOLUTIONS``).
    metaheuristic
        OR-Tools local-search metaheuristic, lower case (see ``METAHEURISTICS``).
    gls_lambda
        Guided local search penalty coefficient; 0.3 measured better than OR-Tools' 0.1 on
        Solomon and no different on province instances.
    operators
        ``"default"`` (OR-Tools' set) or ``"vrptw"``: without the pickup-and-delivery, subtrip and
        insertion-LNS operators, which only slow guided local search down on pure VRPTW
        (measured on Solomon; see ``LEAN_OFF`` in :mod:`routing.search`).
    lns_share
        Share of the time limit (Solomon path only) spent after guided local search on a
        ruin-and-recreate loop: remove a customer and its 10 nearest, let OR-Tools reinsert them
        with a short descent, accept by a shrinking threshold.
    restarts
        Number of runs with different node orders sharing the time budget; the best is kept.
        1 (default) measured best on Solomon at 10 s.
    log_search
        Let OR-Tools print its search log.
    stall_share
        Solomon path: when > 0, guided local search stops once its best has not improved for this
        share of the time limit (instead of after ``1 - lns_share`` of it); ruin and recreate runs
        for the rest.
    route_ruin_every
        Solomon path: every k-th ruin-and-recreate move removes the shortest route (0: never).
    pyvrp_share
        Share of the time limit given first to PyVRP's hybrid genetic search (same data, same
        rounding, same seed) when PyVRP's model holds the problem exactly: always on the Solomon
        path; for :func:`routing.solve`, see :func:`routing.pyvrp_days.why_not_pyvrp` (no lunch in
        the shifts, no trips, no ferry, one window...). OR-Tools then continues from PyVRP's routes
        on the full model for the rest; otherwise, or with 0, OR-Tools alone.
    workers
        Best of this many seeds (``seed``, ``seed + 1``...), each in its own process with the whole
        time limit: one core each. 1 (default) solves in the calling process.
    """

    time_limit_s: float = 10.0
    seed: int = 0
    first_solution: str = "parallel_cheapest_insertion"
    metaheuristic: str = "guided_local_search"
    gls_lambda: float = 0.3
    operators: str = "default"
    lns_share: float = 0.0
    restarts: int = 1
    log_search: bool = False
    stall_share: float = 0.0
    route_ruin_every: int = 0
    pyvrp_share: float = 0.5
    workers: int = 1

    def __post_init__(self) -> None:
        if not self.time_limit_s > 0:
            raise ValueError(f"time_limit_s must be positive, got {self.time_limit_s}")
        if self.first_solution not in FIRST_SOLUTIONS:
            raise ValueError(f"unknown first_solution {self.first_solution!r}; use one of {FIRST_SOLUTIONS}")
        if self.metaheuristic not in METAHEURISTICS:
            raise ValueError(f"unknown metaheuristic {self.metaheuristic!r}; use one of {METAHEURISTICS}")
        if self.operators not in ("default", "vrptw"):
            raise ValueError(f"unknown operators {self.operators!r}; use 'default' or 'vrptw'")
        if not 0 <= self.lns_share < 1:
            raise ValueError("lns_share must be in [0, 1)")
        if not 0 <= self.pyvrp_share < 1:
            raise ValueError("pyvrp_share must be in [0, 1)")
        if self.restarts < 1:
            raise ValueError("restarts must be at least 1")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")


# Measured on Solomon subsets at 10 s (routing/README.md): savings + GLS with lambda 0.3 beat
# parallel cheapest insertion, other lambdas, extra operators, restarts and OR-Tools' ILS; lean
# operators and 40 % of the time on our ruin-and-recreate loop after GLS each helped again. PyVRP's
# search for the first 85 % of the time, OR-Tools continuing from its solution, beat all of them
# (0.7 left PyVRP too little on 200 customers; OR-Tools rarely improves a PyVRP solution by much).
VRPTW_PARAMS = SolveParams(first_solution="savings", gls_lambda=0.3, operators="vrptw", lns_share=0.4, pyvrp_share=0.85)
