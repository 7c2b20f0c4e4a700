"""Blocks of rows on every core, with results in block order."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from threadpoolctl import threadpool_limits

T = TypeVar("T")


def in_parallel(work: Callable[[int], T], starts: range, threads: int) -> list[T]:
    """Run blocks on every core: numpy releases the GIL inside its loops, so
    threads share the element-wise work that a single core would do alone.
    Results come back in block order, so the outcome never depends on timing."""
    workers = threads or min(os.cpu_count() or 1, 8)
    if workers == 1 or len(starts) < 2:
        return [work(start) for start in starts]
    # One BLAS thread per worker: nested thread pools would fight for the cores.
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        return list(pool.map(work, starts))
