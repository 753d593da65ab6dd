"""Best of k seeds, one process each: ``SolveParams.workers`` > 1 (default 1, one core)."""

from __future__ import annotations

import dataclasses
import multiprocessing


def _run(args):
    fn, before, params, after = args
    return fn(*before, params, *after)


def best_of_seeds(fn, before: tuple, params, key, after: tuple = ()):
    """Run ``fn(*before, params, *after)`` with seeds ``params.seed .. + workers - 1`` in parallel
    processes, each with the whole time limit; the result with the smallest ``key`` wins."""
    k = params.workers
    runs = [(fn, before, dataclasses.replace(params, seed=params.seed + i, workers=1), after) for i in range(k)]
    with multiprocessing.get_context("spawn").Pool(k) as pool:
        results = pool.map(_run, runs)
    return min(results, key=key)
