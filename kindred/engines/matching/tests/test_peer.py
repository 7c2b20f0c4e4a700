"""Peer matching (issue 26): pairs from one pool, no mentor side, each
person in up to their capacity of pairs. On small pools the result equals
an exhaustive search of every matching (an oracle that shares no code with
the engine) and is certified; the bound is never below the best matching;
a pair is feasible only both ways; and each pair is explained from each
side."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from kindred.engines.matching import Settings, explain
from kindred.engines.matching.kernel import LEVELS
from kindred.engines.matching.peer import _symmetric_quality, match_peers
from kindred.engines.matching.tests.factories import person

SETTINGS = Settings(min_overlap_hours=0)


def best_by_search(people: list, settings: Settings) -> tuple[int, float]:
    """(pairs, total score) of the best matching, most pairs first, by
    trying every set of pairs."""
    weight, _ = _symmetric_quality(people, settings)
    n = len(people)
    capacity = [max(p.capacity, 1) for p in people]
    edges = [(i, j) for i in range(n) for j in range(i + 1, n) if weight[i, j] > 0]
    best = (0, 0)

    def extend(k: int, load: list[int], count: int, units: int) -> None:
        nonlocal best
        if k == len(edges):
            best = max(best, (count, units))
            return
        extend(k + 1, load, count, units)
        i, j = edges[k]
        if load[i] < capacity[i] and load[j] < capacity[j]:
            load[i] += 1
            load[j] += 1
            extend(k + 1, load, count + 1, units + int(weight[i, j]) - 1)
            load[i] -= 1
            load[j] -= 1

    extend(0, [0] * n, 0, 0)
    return best[0], best[1] / LEVELS


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("capacities", [(1,), (1, 1, 2), (1, 2, 3)])
def test_small_pools_match_an_exhaustive_search_and_are_certified(
    seed: int, capacities: tuple[int, ...]
) -> None:
    rng = random.Random(seed)
    people = [person(rng, n, capacity=rng.choice(capacities)) for n in range(9)]
    result = match_peers(people, SETTINGS)
    pairs, total = best_by_search(people, SETTINGS)
    assert len(result.pairs) == pairs
    assert result.objective == pytest.approx(total, abs=1e-9)
    assert result.bound >= result.objective - 1e-9
    assert result.certified and result.gap == 0.0


def test_capacity_is_kept_and_no_pair_is_used_twice() -> None:
    rng = random.Random(3)
    people = [person(rng, n, capacity=rng.choice([1, 2, 3])) for n in range(40)]
    result = match_peers(people, SETTINGS)
    seen = [frozenset((p.first_id, p.second_id)) for p in result.pairs]
    assert len(seen) == len(set(seen))
    for someone in people:
        count = sum(someone.id in pair for pair in seen)
        assert count <= max(someone.capacity, 1)
    assert all(p.first_id != p.second_id for p in result.pairs)


def test_a_pair_must_work_both_ways() -> None:
    rng = random.Random(4)
    french, english = (
        person(rng, 1, languages=frozenset({"fr"})),
        person(rng, 2, languages=frozenset({"en"})),
    )
    both = person(rng, 3, languages=frozenset({"en", "fr"}))
    result = match_peers([french, english, both], SETTINGS)
    assert len(result.pairs) == 1
    assert set(result.unmatched) | {result.pairs[0].first_id, result.pairs[0].second_id} == {
        1,
        2,
        3,
    }
    assert 3 in (result.pairs[0].first_id, result.pairs[0].second_id)


def test_each_side_gets_its_own_explanation() -> None:
    rng = random.Random(5)
    people = [person(rng, n) for n in range(6)]
    pair = match_peers(people, SETTINGS).pairs[0]
    assert pair.as_first.mentee_id == pair.as_second.mentor_id == pair.first_id
    assert pair.as_first.mentor_id == pair.as_second.mentee_id == pair.second_id
    by_id = {p.id: p for p in people}
    first, second = by_id[pair.first_id], by_id[pair.second_id]
    to_first = explain(pair.as_first, first, second, SETTINGS)
    to_second = explain(pair.as_second, second, first, SETTINGS)
    assert to_first and to_second and to_first != to_second
    assert 0 <= pair.score <= 1


def test_the_level_rule_of_a_mentoring_programme_does_not_apply_to_peers() -> None:
    rng = random.Random(6)
    same: dict[str, Any] = {"languages": frozenset({"en"}), "timezone": "Europe/London"}
    people = [person(rng, 1, level=3, **same), person(rng, 2, level=3, **same)]
    strict = dataclasses.replace(SETTINGS, min_level_gap=2)
    assert len(match_peers(people, strict).pairs) == 1


def test_an_empty_or_single_pool_has_no_pairs() -> None:
    assert match_peers([], SETTINGS).pairs == []
    lone = match_peers([person(random.Random(7), 1)], SETTINGS)
    assert lone.pairs == [] and lone.unmatched == [1] and lone.certified
