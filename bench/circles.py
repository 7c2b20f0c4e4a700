"""Benchmark: forming mentoring circles (issue 26).

    .venv/bin/python bench/circles.py [members facilitators]

10,000 members and 1,500 facilitators by default, circles of 3 to 8:
prints the time, the gap and the circles formed, first on compatibility
alone (budget 5 s, gap 0), then with a weight on diverse backgrounds
within each circle (departments: the figure is reported)."""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kindred.engines.matching import Settings
from kindred.engines.matching.circles import CircleRules, form_circles
from kindred.engines.matching.tests.factories import person

DEPARTMENTS = ("Ops", "Tech", "Sales", "Finance", "People", "Legal", "Design", "Research")


def cohort(members: int, facilitators: int, seed: int = 2) -> tuple[list, list]:
    rng = random.Random(seed)
    return (
        [person(rng, n, department=rng.choice(DEPARTMENTS)) for n in range(members)],
        [person(rng, 100_000 + n) for n in range(facilitators)],
    )


def run(members: int, facilitators: int, weight: float) -> dict[str, float]:
    people, leading = cohort(members, facilitators)
    rules = CircleRules(size=8, min_size=3, diversity_weight=weight)
    started = time.perf_counter()
    result = form_circles(people, leading, Settings(), rules, timer=time.perf_counter)
    return {
        "seconds": time.perf_counter() - started,
        "circles": len(result.circles),
        "placed": sum(len(c) for c in result.circles.values()),
        "gap": result.gap,
        "certified": result.certified,
        "backgrounds": result.backgrounds,
        "not_formed": len(result.not_formed),
    }


def main() -> None:
    members, facilitators = (int(a) for a in (sys.argv[1:3] or ["10000", "1500"]))
    for weight in (0.0, 0.05):
        f = run(members, facilitators, weight)
        print(
            f"{members:,} members, {facilitators:,} facilitators, diversity weight {weight}: "
            f"{f['seconds']:.2f} s; {f['circles']:.0f} circles, {f['placed']:.0f} placed, "
            f"{f['backgrounds'] / max(f['circles'], 1):.2f} departments a circle, "
            f"{f['not_formed']:.0f} too small to form; gap {f['gap']:.4%}"
            f"{' (certified optimal)' if f['certified'] else ''}; peak memory "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )


if __name__ == "__main__":
    main()
