from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindred.profiles.instruments import InstrumentError, describe_trait, score_tipi


def test_published_key_on_a_worked_example() -> None:
    # Items 1..10; reversed items are 2, 4, 6, 8, 10 (scored 8 - x).
    answers = [6, 2, 7, 3, 5, 2, 6, 1, 5, 3]
    assert score_tipi(answers) == {
        "extraversion": (6 + (8 - 2)) / 2,  # 6.0
        "agreeableness": (6 + (8 - 2)) / 2,  # 6.0
        "conscientiousness": (7 + (8 - 1)) / 2,  # 7.0
        "emotional_stability": (5 + (8 - 3)) / 2,  # 5.0
        "openness": (5 + (8 - 3)) / 2,  # 5.0
    }


def test_extremes() -> None:
    # Agreeing strongly with every item: each trait is (7 + 1) / 2.
    assert set(score_tipi([7] * 10).values()) == {4.0}
    assert set(score_tipi([1] * 10).values()) == {4.0}
    highest = [7, 1, 7, 1, 7, 1, 7, 1, 7, 1]
    lowest = [1, 7, 1, 7, 1, 7, 1, 7, 1, 7]
    assert set(score_tipi(highest).values()) == {7.0}
    assert set(score_tipi(lowest).values()) == {1.0}


def test_reversal_is_per_trait() -> None:
    scores = score_tipi([4, 4, 4, 4, 4, 1, 4, 4, 4, 4])  # item 6 is extraversion, reversed
    assert scores["extraversion"] == (4 + 7) / 2
    assert {k: v for k, v in scores.items() if k != "extraversion"} == {
        "agreeableness": 4.0,
        "conscientiousness": 4.0,
        "emotional_stability": 4.0,
        "openness": 4.0,
    }


@pytest.mark.parametrize(
    "answers",
    [[4] * 9, [4] * 11, [0] + [4] * 9, [8] + [4] * 9, ["4"] * 10, [True] * 10, [4.5] * 10],
)
def test_rejects_malformed_answers(answers: list[object]) -> None:
    with pytest.raises(InstrumentError):
        score_tipi(answers)  # type: ignore[arg-type]


@given(st.lists(st.integers(1, 7), min_size=10, max_size=10))
def test_scores_stay_on_the_scale_in_half_steps(answers: list[int]) -> None:
    for score in score_tipi(answers).values():
        assert 1 <= score <= 7
        assert (score * 2).is_integer()


@given(st.lists(st.integers(1, 7), min_size=10, max_size=10))
def test_flipping_every_answer_mirrors_every_trait(answers: list[int]) -> None:
    flipped = score_tipi([8 - a for a in answers])
    for trait, score in score_tipi(answers).items():
        assert flipped[trait] == 8 - score


def test_descriptions_cover_both_ends_and_middle() -> None:
    assert "recharge" in describe_trait("extraversion", 1.0)
    assert "energy" in describe_trait("extraversion", 7.0)
    assert "middle" in describe_trait("extraversion", 4.0)
