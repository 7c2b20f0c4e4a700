"""The fast all-pairs kernel gives the plain scorer's quality: the same hard
rules exactly, and the same quantised score up to float rounding (one step
of 1/65534 at most)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from kindred.engines.matching import Person, Settings, kernel
from kindred.engines.matching.problem import build_problem
from kindred.engines.matching.scoring import score_block
from kindred.engines.matching.solver import quantise
from kindred.engines.matching.tests.factories import programme


def _both(mentees: list[Person], mentors: list[Person], config: Settings):
    problem = build_problem(mentees, mentors, config)
    plain = score_block(problem, slice(0, len(mentees)))
    expected = np.where(plain.feasible, quantise(plain.score), 0).astype(np.int64)
    fast = kernel.build(problem)
    return expected, kernel.quality(fast, slice(0, len(mentees))).astype(np.int64), fast


def _partly_answered(mentees: list[Person], mentors: list[Person]):
    mentees = [
        dataclasses.replace(p, values=None)
        if n % 3 == 0
        else dataclasses.replace(p, big_five=None, skills_sought=frozenset())
        if n % 3 == 1
        else p
        for n, p in enumerate(mentees)
    ]
    mentors = [dataclasses.replace(p, text="") if n % 2 else p for n, p in enumerate(mentors)]
    return mentees, mentors


def _with_vectors(people: list[Person]) -> list[Person]:
    """Sentence vectors can point away from each other: meaning is clipped at 0."""
    return [
        dataclasses.replace(p, text_vector=tuple(np.random.default_rng(p.id).normal(size=8)))
        for p in people
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    "variant",
    ["complete", "rules", "reverse", "partly answered", "sentence vectors", "zero weights"],
)
def test_the_kernel_gives_the_plain_scorers_quality(seed: int, variant: str) -> None:
    mentees, mentors = programme(seed, 120, 40, max_capacity=3)
    config = Settings(min_overlap_hours=3, exclusions=frozenset({(0, 1000), (5, 1003)}))
    if variant == "rules":
        config = dataclasses.replace(config, allow_same_department=False, min_level_gap=1)
    if variant == "reverse":
        config = dataclasses.replace(config, min_level_gap=1, reverse=True)
    if variant == "partly answered":
        mentees, mentors = _partly_answered(mentees, mentors)
    if variant == "sentence vectors":
        mentees, mentors = _partly_answered(_with_vectors(mentees), _with_vectors(mentors))
    if variant == "zero weights":
        weights = dataclasses.replace(config.weights, personality=0.0, meaning=0.0)
        config = dataclasses.replace(config, weights=weights)
    expected, fast, built = _both(mentees, mentors, config)
    assert ((expected > 0) == (fast > 0)).all()
    assert np.abs(expected - fast).max() <= 1
    assert (expected != fast).mean() < 0.01
    assert (built.total_weight is None) == (
        variant in {"complete", "rules", "reverse", "zero weights"}
    )
    assert (built.meaning is None) == (variant != "sentence vectors")


@pytest.mark.parametrize("width", [7, 40, 1000, 1001, 4099])
def test_best_columns_finds_each_rows_largest_values(width: int) -> None:
    rng = np.random.default_rng(width)
    block = rng.integers(0, 65535, size=(9, width)).astype(np.uint16)
    block[block < 30000] = 0
    block[3] = 7  # a row of ties
    k = min(5, width)
    chosen = kernel.best_columns(block, k)
    expected = np.sort(np.partition(block, width - k, axis=1)[:, width - k :], axis=1)
    found = np.sort(np.take_along_axis(block, chosen, axis=1), axis=1)
    assert (found == expected).all()
    assert all(len(set(row)) == k for row in chosen.tolist())
