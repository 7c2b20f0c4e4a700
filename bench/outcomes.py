"""Benchmark: the outcome estimates at organisation scale.

    .venv/bin/python bench/outcomes.py
    .venv/bin/python bench/outcomes.py --people 20000 --programmes 4

An organisation of 100,000 people, 10,000 of them participants across 20
programmes (mentees and mentors apart, so 40 cohorts), each compared on
three outcomes (retention at 6 and 12 months, promotion with the year
before for a difference in differences): every propensity model and
estimate the report needs, timed together, with the process's peak memory.
The synthetic organisation is the calibration tests' (selection on level
and tenure), so the figures come with the share of intervals that cover
the planted effect."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from kindred.engines.outcomes.comparison import Cohort, Comparison, Outcome, compare
from kindred.engines.outcomes.synthetic import organisation

PLANTED = 0.05


def cohorts(people: int, programmes: int, participants: int) -> list[tuple[Cohort, dict]]:
    """One cohort per programme and side: the organisation as it stood at
    the programme's start, its participants on that side marked."""
    made = []
    share = participants / people / (2 * programmes)
    for index in range(2 * programmes):
        cohort, stayed = organisation(index, people=people, effect=PLANTED, share=share)
        rng = np.random.default_rng(10_000 + index)
        early = np.where(stayed.after == 0, rng.random(people) < 0.5, 0.0)  # left within 6 months
        promoted_before = (rng.random(people) < 0.1).astype(float)
        promoted = (rng.random(people) < 0.1).astype(float)
        outcomes = {
            "retained_6": Outcome(1.0 - early),
            "retained_12": stayed,
            "promoted": Outcome(promoted, promoted_before),
        }
        made.append((cohort, outcomes))
    return made


def run(people: int, programmes: int, participants: int) -> dict[str, object]:
    made = cohorts(people, programmes, participants)
    started = time.perf_counter()
    found = [compare(cohort, outcomes) for cohort, outcomes in made]
    seconds = time.perf_counter() - started
    compared = [c for c in found if isinstance(c, Comparison)]
    covered = [
        c.effects["retained_12"].effect.low <= PLANTED <= c.effects["retained_12"].effect.high
        for c in compared
    ]
    return {
        "people": people,
        "cohorts": len(made),
        "participants": sum(c.participants for c in compared),
        "seconds": round(seconds, 2),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "balanced": sum(c.balanced for c in compared),
        "covered_12_month_effect": f"{sum(covered)} of {len(covered)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--programmes", type=int, default=20)
    parser.add_argument("--participants", type=int, default=10_000)
    args = parser.parse_args()
    print(json.dumps(run(args.people, args.programmes, args.participants), indent=2))


if __name__ == "__main__":
    main()
