from __future__ import annotations

from kindred.engines.matching import Pair
from kindred.engines.matching.fairness import audit


def pair(mentee: int, mentor: int, score: float = 0.5) -> Pair:
    return Pair(mentee, mentor, score, {}, {}, 5.0)


def test_homophily_ratio_against_random_assignment_with_the_same_capacities() -> None:
    # Ten pairs, all same-group; mentors' slots are half A and half B.
    mentees = list(range(10))
    pairs = [pair(m, 100 + (m % 2)) for m in mentees]
    labels = {m: "A" if m % 2 == 0 else "B" for m in mentees} | {100: "A", 101: "B"}
    result = audit(pairs, mentees, {100: 5, 101: 5}, {"gender": labels})[0]
    assert result.same_group_share == 1.0
    assert result.expected_share == 0.5
    assert result.homophily_ratio == 2.0
    assert [(g.group, g.mentees, g.match_rate) for g in result.groups] == [
        ("A", 5, 1.0),
        ("B", 5, 1.0),
    ]


def test_small_groups_and_few_pairs_are_suppressed() -> None:
    mentees = list(range(7))
    pairs = [pair(0, 100), pair(1, 100)]
    labels = {0: "A", 1: "A", 2: "B", 100: "A"} | dict.fromkeys(range(3, 7), "prefer_not")
    result = audit(pairs, mentees, {100: 2}, {"gender": labels})[0]
    assert result.same_group_share is None and result.homophily_ratio is None  # 2 pairs < 5
    assert [g.group for g in result.groups] == []  # A has 2, B 1, not stated 4: all under 5
    assert result.suppressed_groups == 3


def test_match_rate_and_mean_score_per_group() -> None:
    mentees = list(range(10))
    pairs = [pair(m, 100, 0.8) for m in range(5)] + [pair(5, 100, 0.4)]
    labels = {m: "A" if m < 5 else "B" for m in mentees}
    result = audit(pairs, mentees, {100: 6}, {"age_band": labels})[0]
    rates = {g.group: (g.match_rate, g.mean_score) for g in result.groups}
    assert rates == {"A": (1.0, 0.8), "B": (0.2, 0.4)}
