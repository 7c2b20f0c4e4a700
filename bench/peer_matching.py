"""Benchmark: peer matching (issue 26), pairs from one pool with no mentor side.

    .venv/bin/python bench/peer_matching.py [sizes...]

For each size (default 2,000 and 10,000 people; capacities of one, or
one to three where marked "b"), prints the time end to end with its
phases, the pairs formed, the people left without one, the gap between
the matching and the bound proved over every pair, and the peak memory.
Budgets (docs/performance.md): 2,000 people in 10 s with a gap of at most
0.1 %; 10,000 people with the gap reported."""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kindred.engines.matching import Settings
from kindred.engines.matching.peer import match_peers
from kindred.engines.matching.tests.factories import person


def pool(size: int, *, several: bool = False, seed: int = 1) -> list:
    rng = random.Random(seed)
    return [person(rng, n, capacity=rng.randint(1, 3) if several else 1) for n in range(size)]


def run(size: int, *, several: bool = False) -> dict[str, float]:
    people = pool(size, several=several)
    started = time.perf_counter()
    result = match_peers(people, Settings(), timer=time.perf_counter)
    return {
        "seconds": time.perf_counter() - started,
        "pairs": len(result.pairs),
        "unmatched": len(result.unmatched),
        "gap": result.gap,
        "certified": result.certified,
        "more_matchable": result.more_matchable,
        **{f"phase_{k}": v for k, v in result.timings.items()},
    }


def main() -> None:
    sizes = sys.argv[1:] or ["2000", "2000b", "10000"]
    for size in sizes:
        figures = run(int(size.rstrip("b")), several=size.endswith("b"))
        phases = ", ".join(f"{k[6:]} {v:.2f}" for k, v in figures.items() if k.startswith("phase_"))
        kind = "capacities 1-3" if size.endswith("b") else "capacity 1"
        print(
            f"{size.rstrip('b')} people ({kind}): {figures['seconds']:.2f} s ({phases}); "
            f"{figures['pairs']:.0f} pairs, {figures['unmatched']:.0f} without one; "
            f"gap {figures['gap']:.4%}{' (certified optimal)' if figures['certified'] else ''}; "
            f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )


if __name__ == "__main__":
    main()
