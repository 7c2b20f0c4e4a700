"""The comparison's parts on small, hand-checked data."""

from __future__ import annotations

import numpy as np
import pytest

from kindred.engines.outcomes.comparison import (
    MAX_POOL,
    MINIMUM_GROUP,
    Cohort,
    Comparison,
    Interval,
    Outcome,
    TooSmall,
    att_weights,
    compare,
    design_matrix,
    difference,
    pooled,
)
from kindred.engines.outcomes.synthetic import organisation


def cohort(participants: int, others: int) -> tuple[Cohort, dict[str, Outcome]]:
    rng = np.random.default_rng(7)
    n = participants + others
    made = Cohort(
        participant=np.arange(n) < participants,
        numeric={"tenure_years": rng.gamma(2.0, 2.0, n)},
    )
    return made, {"stayed": Outcome(rng.integers(0, 2, n).astype(float))}


@pytest.mark.parametrize(
    ("participants", "others"), [(MINIMUM_GROUP - 1, 500), (300, MINIMUM_GROUP - 1), (0, 0)]
)
def test_fewer_than_the_minimum_on_either_side_gives_no_estimate(
    participants: int, others: int
) -> None:
    assert compare(*cohort(participants, others)) == TooSmall()


def test_unweighted_difference_is_the_difference_in_means() -> None:
    outcome = np.array([1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0])
    treated = np.array([True, True, True, True, False, False, False, False])
    found = difference(outcome, treated, np.ones(8))
    assert found.estimate == pytest.approx(0.75 - 0.25)
    assert found.low < found.estimate < found.high


def test_the_comparison_group_weighs_as_much_as_the_participants() -> None:
    score = np.array([0.5, 0.2, 0.8, 0.1, 0.4])
    treated = np.array([True, False, False, False, True])
    weights = att_weights(score, treated)
    assert weights[treated].tolist() == [1.0, 1.0]
    assert weights[~treated].sum() == pytest.approx(2.0)
    # A non-participant who looks likely to have joined counts for more.
    assert weights[2] > weights[1] > weights[3]


def test_each_category_becomes_columns_and_numbers_stay() -> None:
    names, design = design_matrix(
        Cohort(
            participant=np.array([True, False, False]),
            categorical={"level": np.array(["L2", "L1", "L2"])},
            numeric={"tenure_years": np.array([1.5, 3.0, 4.0])},
        )
    )
    assert names == ["level=L1", "level=L2", "tenure_years"]
    assert design.tolist() == [[0, 1, 1.5], [1, 0, 3.0], [0, 1, 4.0]]


def test_counts_and_means_of_a_comparison() -> None:
    made, stayed = organisation(3, people=3000, effect=0.1)
    found = compare(made, {"stayed": stayed, "twice": Outcome(stayed.after * 2)})
    assert isinstance(found, Comparison)
    assert found.participants + found.comparison <= 3000
    assert found.effective_comparison <= found.comparison
    one, two = found.effects["stayed"], found.effects["twice"]
    assert one.effect.estimate == pytest.approx(one.participant_mean - one.comparison_mean)
    assert two.effect.estimate == pytest.approx(2 * one.effect.estimate)
    assert one.did is None


def test_a_large_pool_is_sampled_the_same_way_each_time() -> None:
    made, stayed = organisation(4, people=MAX_POOL + 5000, share=0.02)
    first, again = compare(made, {"s": stayed}), compare(made, {"s": stayed})
    assert isinstance(first, Comparison) and first == again
    assert first.comparison <= MAX_POOL


def test_programmes_pool_by_their_participants() -> None:
    one = Interval(0.10, 0.02, 0.18)
    both = pooled([(50, one), (50, one)])
    assert both is not None and both.estimate == pytest.approx(0.10)
    assert both.high - both.low == pytest.approx((one.high - one.low) / 2**0.5)
    leaning = pooled([(90, Interval(0.1, 0.0, 0.2)), (10, Interval(-0.1, -0.3, 0.1))])
    assert leaning is not None and leaning.estimate == pytest.approx(0.08)
    assert pooled([]) is None
