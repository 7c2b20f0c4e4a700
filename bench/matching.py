"""Benchmark: certified-optimal matching at programme scale, on a realistic
cohort and on the degenerate families that break search engines.

    .venv/bin/python bench/matching.py          # everything, about 5 minutes
    .venv/bin/python bench/matching.py --sizes 10000x3000 --families none
    .venv/bin/python bench/matching.py --sizes none --families identical --family-sizes 3000x1000

The random cohort has realistic structure: values and goals in clusters,
skewed demand (a few mentors offer the most wanted skills, so they are
oversubscribed), languages and time zones that rule out a good share of pairs,
reporting lines, capacity 4. The families start from it with capacities of
0 to 3 (oversubscribed) and change the mentees:

- identical: every mentee has the same answers (an unfinished intake);
- near-identical: the same answers, each with one value a step off and the
  personality scores jittered, so that no two rows are equal;
- celebrity: 2% of mentors speak every language, work all day and share
  everyone's values and skills, so everyone's best mentors are the same few;
- discrete: two-level answers, no free text and one skill, so scores tie;
- forbidden: everyone speaks one of five languages, so about 80% of pairs
  are ruled out, and 1% of mentees are pinned to a mentor by a manager.

Each run is its own process, so its peak memory is its own. Beside the
engine: the floor (a dense float32 product of the same size and the kernel's
feature width, timed in the same process), scipy's exact
linear_sum_assignment on the capacity-expanded matrix where it fits
(10,000 mentees or fewer), and, for the random cohort, a greedy baseline."""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from kindred.engines.matching import Person, Settings, match

ZONES = (
    ("America/Los_Angeles", ("en", "es")),
    ("America/New_York", ("en", "es")),
    ("America/Sao_Paulo", ("pt", "en")),
    ("Europe/London", ("en",)),
    ("Europe/Berlin", ("de", "en")),
    ("Africa/Lagos", ("en", "yo")),
    ("Asia/Kolkata", ("en", "hi")),
    ("Asia/Tokyo", ("ja", "en")),
    ("Australia/Sydney", ("en",)),
)
WINDOWS = (
    tuple((d, "09:00", "17:00") for d in range(5)),
    tuple((d, s, e) for d in range(5) for s, e in (("08:30", "12:00"), ("13:00", "17:30"))),
    tuple((d, "07:00", "15:00") for d in range(5)),
    tuple((d, "10:00", "18:30") for d in range(4)),
    tuple((d, s, e) for d in range(5) for s, e in (("10:00", "14:00"), ("19:00", "21:00"))),
)
SKILLS = tuple(f"skill {n}" for n in range(30))
GOALS = tuple(f"goal {n}" for n in range(12))
WORDS = [
    "lead",
    "teams",
    "remote",
    "culture",
    "trust",
    "product",
    "design",
    "research",
    "data",
    "writing",
    "coaching",
    "growth",
    "customers",
    "strategy",
    "engineering",
    "quality",
    "craft",
    "fairness",
    "inclusion",
    "learning",
    "family",
    "balance",
    "impact",
    "community",
    "mentoring",
    "health",
    "education",
    "climate",
    "finance",
    "operations",
    "sales",
    "marketing",
]
ARCHETYPES = (
    (5, 4, 3, 4, 2, 3, 2, 2, 5, 6),
    (4, 3, 3, 6, 5, 4, 3, 2, 3, 3),
    (3, 2, 3, 4, 2, 6, 5, 4, 5, 4),
    (6, 6, 5, 4, 3, 2, 2, 1, 4, 5),
)


def synthetic(
    mentees: int, mentors: int, seed: int = 1
) -> tuple[list[Person], list[Person], dict[str, str]]:
    rng = random.Random(seed)
    # Skewed demand: mentees mostly want the first few skills.
    demand = [1 / (n + 1) ** 1.1 for n in range(len(SKILLS))]

    def one(pid: int, capacity: int) -> Person:
        zone, languages = rng.choice(ZONES)
        cluster = rng.randrange(4)
        values = tuple(max(1, min(6, v + rng.choice((-1, 0, 0, 1)))) for v in ARCHETYPES[cluster])
        topic = WORDS[cluster * 8 : cluster * 8 + 8]
        words = rng.sample(topic, 4) + rng.sample(WORDS, 3)
        return Person(
            id=pid,
            values=values,
            big_five=tuple(round(rng.uniform(1, 7) * 2) / 2 for _ in range(5)),
            text=" ".join(words),
            skills_sought=frozenset(rng.choices(SKILLS, weights=demand, k=3)),
            skills_offered=frozenset(rng.sample(SKILLS, 4)),
            goals=frozenset(rng.sample(GOALS[cluster * 3 : cluster * 3 + 3] + GOALS, 2)),
            languages=frozenset(rng.sample(languages, rng.randint(1, len(languages)))),
            timezone=zone,
            windows=rng.choice(WINDOWS),
            sync_channels=frozenset(rng.sample(["video", "phone", "internal"], 2)),
            email=f"p{pid}@bench.example",
            department=f"dept {rng.randrange(20)}",
            level=rng.randint(1, 8),
            capacity=capacity,
        )

    people = [one(n, 0) for n in range(mentees)]
    guides = [one(10_000_000 + n, 4) for n in range(mentors)]
    everyone = people + guides
    lines = {p.email: rng.choice(everyone).email for p in everyone if rng.random() < 0.8}
    return people, guides, lines


def greedy(result_quality: np.ndarray, capacity: np.ndarray, k: int = 64) -> tuple[float, int]:
    n_e, n_m = result_quality.shape
    k = min(k, n_m)
    best = np.argpartition(result_quality, n_m - k, axis=1)[:, n_m - k :]
    rows = np.repeat(np.arange(n_e), k)
    cols = best.ravel()
    q = result_quality[rows, cols]
    order = np.argsort(-q.astype(np.int64), kind="stable")
    left, taken, total, matched = capacity.copy(), np.zeros(n_e, bool), 0, 0
    for index in order:
        if q[index] == 0:
            break
        r, c = rows[index], cols[index]
        if not taken[r] and left[c] > 0:
            taken[r], left[c] = True, left[c] - 1
            total += int(q[index]) - 1
            matched += 1
    return total / 65534, matched


def exact(quality: np.ndarray, capacity: np.ndarray) -> tuple[float, int, float]:
    from scipy.optimize import linear_sum_assignment

    started = time.perf_counter()
    n = quality.shape[0]
    slots = np.repeat(np.arange(quality.shape[1]), capacity)
    bonus = 65535 * (n + 1)
    weights = np.zeros((n, len(slots) + n), dtype=np.float64)
    block = quality[:, slots].astype(np.float64)
    weights[:, : len(slots)] = np.where(block > 0, bonus + block, 0)
    del block
    rows, cols = linear_sum_assignment(weights, maximize=True)
    chosen = weights[rows, cols]
    matched = int((chosen > 0).sum())
    return (chosen.sum() - (bonus + 1) * matched) / 65534, matched, time.perf_counter() - started


FAMILIES = ("identical", "near-identical", "celebrity", "discrete", "forbidden")
LANGUAGES = ("en", "es", "pt", "de", "ja")


def cohort(family: str, mentees: int, mentors: int) -> tuple[list[Person], list[Person], dict]:
    people, guides, lines = synthetic(mentees, mentors)
    if family == "random":
        return people, guides, lines
    return (*_family(family, people, guides), lines)


def pins(family: str, mentees: list[Person], mentors: list[Person]) -> tuple[tuple[int, int], ...]:
    if family != "forbidden":
        return ()
    rng = random.Random(9)
    chosen = rng.sample(mentees, len(mentees) // 100)
    return tuple((p.id, rng.choice(mentors).id) for p in chosen)


def _family(
    family: str, people: list[Person], guides: list[Person]
) -> tuple[list[Person], list[Person]]:
    rng = random.Random(5)
    guides = [replace(g, capacity=rng.choice((0, 1, 1, 2, 2, 3))) for g in guides]
    first = people[0]
    if family == "identical":
        people = [replace(first, id=p.id, email=p.email) for p in people]
    elif family == "near-identical":
        people = [_nudged(first, p, rng) for p in people]
    elif family == "celebrity":
        guides = _with_celebrities(guides, people, rng)
    elif family == "discrete":
        people = [_two_level(p, rng) for p in people]
        guides = [_two_level(g, rng) for g in guides]
    elif family == "forbidden":
        people = [replace(p, languages=frozenset({rng.choice(LANGUAGES)})) for p in people]
        guides = [replace(g, languages=frozenset({rng.choice(LANGUAGES)})) for g in guides]
    else:
        raise SystemExit(f"Unknown family {family!r}; choose from {', '.join(FAMILIES)}.")
    return people, guides


def _nudged(first: Person, person: Person, rng: random.Random) -> Person:
    values = list(first.values or ())
    slot = rng.randrange(len(values))
    values[slot] = max(1, min(6, values[slot] + rng.choice((-1, 1))))
    big_five = tuple(min(7.0, max(1.0, x + rng.uniform(-0.3, 0.3))) for x in first.big_five or ())
    return replace(first, id=person.id, email=person.email, values=tuple(values), big_five=big_five)


def _with_celebrities(
    guides: list[Person], people: list[Person], rng: random.Random
) -> list[Person]:
    languages = frozenset(language for _, spoken in ZONES for language in spoken)
    stars = set(rng.sample(range(len(guides)), max(1, len(guides) // 50)))
    star = people[0]
    return [
        replace(
            g,
            languages=languages,
            windows=tuple((d, "06:00", "22:00") for d in range(5)),
            values=star.values,
            big_five=star.big_five,
            text=star.text,
            skills_offered=frozenset(SKILLS[:6]),
        )
        if n in stars
        else g
        for n, g in enumerate(guides)
    ]


def _two_level(person: Person, rng: random.Random) -> Person:
    return replace(
        person,
        values=tuple(rng.choice((1, 6)) for _ in range(10)),
        big_five=tuple(rng.choice((1.0, 7.0)) for _ in range(5)),
        text="",
        skills_sought=frozenset({SKILLS[0]}),
        skills_offered=frozenset({SKILLS[rng.randrange(3)]}),
    )


def dense_floor(mentees: int, mentors: int, width: int) -> float:
    """Seconds for a dense float32 product of the same size: the least any
    all-pairs score of this feature width costs on this machine."""
    rng = np.random.default_rng(0)
    left = rng.random((mentees, width), dtype=np.float32)
    right = rng.random((mentors, width), dtype=np.float32)
    started = time.perf_counter()
    for start in range(0, mentees, 4096):
        left[start : start + 4096] @ right.T
    return time.perf_counter() - started


def run_size(family: str, mentees: int, mentors: int, compare: bool) -> dict[str, object]:
    from kindred.engines.matching import kernel, solver
    from kindred.engines.matching.problem import build_problem

    people, guides, lines = cohort(family, mentees, mentors)
    config = Settings(reporting_lines=lines, pins=pins(family, people, guides))
    started = time.perf_counter()
    result = match(people, guides, config, timer=time.perf_counter)
    wall = time.perf_counter() - started
    figures: dict[str, object] = {
        "cohort": f"{family} {mentees:,} x {mentors:,}",
        "wall_s": round(wall, 2),
        **{f"{phase}_s": round(seconds, 2) for phase, seconds in result.timings.items()},
        "objective": round(result.objective, 3),
        "bound": round(result.bound, 3),
        "gap": result.gap,
        "certified": result.certified,
        "matched": len(result.pairs),
        "unmatched": len(result.unmatched),
        "feasible_share": round(result.feasible_pairs / (mentees * mentors), 3),
        "candidates": result.candidate_pairs,
        "rounds": result.certificate_rounds,
        "oversubscribed_mentors": _oversubscribed(result, guides),
        "peak_mb_engine": _peak_mb(),
    }
    problem = build_problem(people, guides, config)
    floor = dense_floor(mentees, mentors, kernel.build(problem).left.shape[1])
    figures["floor_s"] = round(floor, 3)
    figures["wall_over_floor"] = round(wall / floor, 1)
    figures["scoring_over_floor"] = round(result.timings["scoring"] / floor, 1)
    if compare:
        # The same pool the engine solves: pinned mentees out, their mentors' places used.
        pinned_rows, _, capacity = solver._apply_pins(problem)
        quality, _, _ = solver.score_all(problem, pinned_rows)
        free = result.objective - sum(p.score for p in result.pairs if p.pinned)
        if family == "random":
            greedy_total, greedy_matched = greedy(quality, capacity)
            figures["greedy_objective"] = round(greedy_total, 3)
            figures["greedy_ratio"] = round(greedy_total / free, 4) if free else None
            figures["greedy_matched"] = greedy_matched
        if mentees <= 10_000:
            best, matched, seconds = exact(quality, capacity)
            figures["exact_objective"] = round(best, 3)
            figures["exact_matched"] = matched
            figures["exact_s"] = round(seconds, 1)
            figures["engine_vs_exact"] = round(free / best, 6) if best else None
            figures["engine_matched_unpinned"] = sum(1 for p in result.pairs if not p.pinned)
            figures["peak_mb_with_exact"] = _peak_mb()
    return figures


def _oversubscribed(result, guides: list[Person]) -> int:
    load = Counter(p.mentor_id for p in result.pairs)
    return sum(1 for g in guides if load[g.id] >= g.capacity)


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def embedding_seconds_per_thousand() -> str:
    try:
        from kindred.profiles.embeddings import SemanticEncoder
    except ImportError:
        return "not measured (Django app not importable)"
    encoder = SemanticEncoder.load()
    if encoder is None:
        return "not measured (semantic extra not installed)"
    texts = [" ".join(random.Random(n).sample(WORDS, 12)) for n in range(1000)]
    started = time.perf_counter()
    encoder.encode(texts)
    return f"{time.perf_counter() - started:.1f} s per 1,000 profiles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000x300,10000x3000,50000x15000")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--family-sizes", default="3000x1000,10000x3000")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--no-compare", action="store_true")
    args = parser.parse_args()
    if args.one:
        family, size = args.one.split(":")
        mentees, mentors = (int(x) for x in size.split("x"))
        print(json.dumps(run_size(family, mentees, mentors, not args.no_compare)))
        return
    runs = [("random", size) for size in _listed(args.sizes)]
    runs += [(f, size) for f in _listed(args.families) for size in _listed(args.family_sizes)]
    for family, size in runs:
        command = [sys.executable, __file__, "--one", f"{family}:{size}"]
        command += ["--no-compare"] if args.no_compare else []
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        print(f"matching {figures.pop('cohort')}")
        for key, value in figures.items():
            print(f"  {key:<24} {value}")
    print(f"embedding: {embedding_seconds_per_thousand()}")


def _listed(text: str) -> list[str]:
    return [] if text in ("", "none") else text.split(",")


if __name__ == "__main__":
    main()
