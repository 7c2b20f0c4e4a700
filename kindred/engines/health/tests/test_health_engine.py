"""The survey scales, the health formula and the at-risk rules on
constructed inputs, including missing evidence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindred.engines.health import surveys
from kindred.engines.health.score import (
    NEEDS_CHECK_IN,
    NO_MEETING,
    NO_SHOWS,
    OVERDUE,
    WEIGHTS,
    Contributor,
    Inputs,
    Risk,
    RiskFacts,
    health,
    risks,
)


def test_scales_are_the_mean_of_answered_items() -> None:
    answers = {"c1": 7, "c2": 5, "t1": 2, "m1": 6, "m4": 3}
    assert surveys.scales(answers) == {"commitment": 6.0, "trust": 2.0, "competence": 4.5}
    assert surveys.competence_areas(answers) == {"communication": 6, "addressing diversity": 3}
    assert len(surveys.ITEMS) == 15 and {i.area for i in surveys.ITEMS if i.area} == set(
        surveys.AREAS
    )


@pytest.mark.parametrize(
    ("bad", "unknown", "not_a_rating"),
    [
        ({"zz": 3, "c1": 9}, ["zz"], ""),
        ({"c1": 8}, [], "c1"),
        ({"c1": 0}, [], "c1"),
        ({"c1": True}, [], "c1"),
        ({"c1": "5"}, [], "c1"),
        ({}, [], ""),
    ],
)
def test_bad_answers_are_refused_saying_which(
    bad: dict[str, object], unknown: list[str], not_a_rating: str
) -> None:
    with pytest.raises(surveys.RatingsRefused) as refused:
        surveys.validate(bad)
    assert (refused.value.unknown, refused.value.not_a_rating) == (unknown, not_a_rating)


def test_the_formula_on_a_full_history() -> None:
    inputs = Inputs(
        surveys={"commitment": 7.0, "trust": 4.0, "quality": 5.5, "competence": 1.0},
        cadence_kept=0.5,
        unprompted_share=1.0,
        on_time_share=0.5,
        overdue_now=1,
        attended_share=1.0,
        on_time_to_meetings=0.5,
        comfort_mean=5.0,
        responsiveness=0.25,
        milestones_on_time=1.0,
    )
    result = health(inputs)
    parts = result.components
    assert parts == {
        "commitment": 1.0, "trust": 0.5, "quality": 0.75, "competence": 0.0, "cadence": 0.5,
        "follow_through": 0.6, "reliability": 0.75, "comfort": 1.0, "responsiveness": 0.25,
        "milestones": 1.0,
    }  # fmt: skip
    expected = 100 * sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS.values())
    assert result.score == pytest.approx(round(expected, 1))
    assert result.contributors[0] == Contributor("commitment", strong=True, percent=100)
    assert len(result.contributors) == 3 and len(result.based_on) == 10


def test_missing_inputs_are_left_out_not_counted_as_zero() -> None:
    assert health(Inputs()).score is None and health(Inputs()).based_on == []
    only_cadence = health(Inputs(cadence_kept=0.8))
    assert (only_cadence.score, only_cadence.based_on) == (80.0, ["cadence"])
    # Overdue commitments count even before anything was completed.
    assert health(Inputs(overdue_now=2)).components == {"follow_through": 0.7}


def test_the_pair_view_leaves_out_private_answers() -> None:
    inputs = Inputs(surveys={"trust": 1.0}, comfort_mean=1.0, cadence_kept=1.0)
    assert health(inputs).score == pytest.approx(100 * 15 / 35, abs=0.1)
    shared = health(inputs, for_the_pair=True)
    assert (shared.score, shared.based_on) == (100.0, ["cadence"])


@given(
    st.dictionaries(st.sampled_from(surveys.INGREDIENTS), st.floats(1, 7), max_size=4),
    st.none() | st.floats(0, 1),
    st.integers(0, 10),
    st.none() | st.floats(1, 5),
)
def test_the_score_stays_between_0_and_100(
    scales: dict[str, float], cadence: float | None, overdue: int, comfort: float | None
) -> None:
    result = health(
        Inputs(surveys=scales, cadence_kept=cadence, overdue_now=overdue, comfort_mean=comfort)
    )
    assert result.score is None or 0 <= result.score <= 100


def facts(**changes: object) -> RiskFacts:
    base: dict[str, object] = {
        "days_since_last_meeting": 5.0,
        "meeting_booked": False,
        "cadence_days": 14,
    }
    return RiskFacts(**(base | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"days_since_last_meeting": 20.99}, []),
        ({"days_since_last_meeting": 21.0}, [Risk(NO_MEETING, 21)]),
        ({"days_since_last_meeting": 40.0, "meeting_booked": True}, []),
        ({"days_since_last_meeting": 44.9, "cadence_days": 30}, []),
        ({"survey_drops": {"trust": 0.99}}, []),
        # Rules on private answers name no answer, value or direction.
        ({"survey_drops": {"trust": 1.0}}, [Risk(NEEDS_CHECK_IN)]),
        ({"survey_drops": {"commitment": 2.5, "quality": 3}}, [Risk(NEEDS_CHECK_IN)]),
        ({"survey_drops": {"quality": 3}}, []),
        (
            {"survey_drops": {"trust": 2.0}, "low_comfort_recently": True},
            [Risk(NEEDS_CHECK_IN)],
        ),
        ({"overdue_now": 2}, []),
        ({"overdue_now": 3}, [Risk(OVERDUE, 3)]),
        ({"last_two_missed_by_no_show": True}, [Risk(NO_SHOWS)]),
        ({"low_comfort_recently": True}, [Risk(NEEDS_CHECK_IN)]),
    ],
)
def test_each_risk_rule_fires_exactly_at_its_edge(
    changes: dict[str, object], expected: list[Risk]
) -> None:
    assert risks(facts(**changes)) == expected
