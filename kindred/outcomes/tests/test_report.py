"""A programme's outcomes read from the database: who was employed on its
first day, what was known of them, and what happened after."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from kindred.accounts.models import HrChange
from kindred.conftest import World
from kindred.engines.outcomes.comparison import Comparison, TooSmall
from kindred.outcomes import timelines
from kindred.outcomes.report import programme_outcomes
from kindred.outcomes.tests.organisation import build
from kindred.programs.models import Programme

TODAY = dt.date(2027, 6, 1)


@pytest.fixture
def programme(world: World) -> Programme:
    world.programme.start_date = dt.date(2026, 1, 5)
    world.programme.save()
    return world.programme


def test_the_state_of_everyone_on_a_day_and_what_came_after(world: World) -> None:
    person, other = world.owner, world.partner
    HrChange.objects.bulk_create(
        [
            HrChange(person=person, on=dt.date(2020, 1, 1), kind="hired"),
            HrChange(person=person, on=dt.date(2020, 1, 1), kind="level", value="2"),
            HrChange(person=person, on=dt.date(2023, 1, 1), kind="level", value="3"),
            HrChange(person=person, on=dt.date(2024, 1, 1), kind="level", value="2"),
            HrChange(person=person, on=dt.date(2025, 6, 1), kind="left", value="voluntary"),
            HrChange(person=other, on=dt.date(2022, 1, 1), kind="hired"),
        ]
    )
    found = timelines.load()
    both = found.index_of(np.array([person.pk, other.pk]))
    day = dt.date(2023, 6, 1).toordinal()
    assert found.level.latest(both, day).tolist() == [3, timelines.MISSING]
    assert found.promoted.count(both, 0, day).tolist() == [1, 0]  # the step down is no promotion
    assert sorted(found.people[found.employed(day)]) == sorted([person.pk, other.pk])
    later = dt.date(2025, 7, 1).toordinal()
    assert found.people[found.employed(later)].tolist() == [other.pk]
    assert found.left.count(both, day, later).tolist() == [1, 0]


def test_participants_who_stay_more_show_an_effect_with_an_interval(
    programme: Programme,
) -> None:
    build(programme)
    report = programme_outcomes(programme, timelines.load(), today=TODAY)
    mentees = report.sides[0]
    assert mentees.side == "mentee" and isinstance(mentees.result, Comparison)
    stayed = mentees.result.effects["retained_12"]
    assert stayed.participant_mean > stayed.comparison_mean
    assert stayed.effect.low > 0  # 95 % against 60 %, on 40 and 160 people
    assert mentees.result.participants == 40 and mentees.waiting == []
    assert stayed.did is None and mentees.result.effects["promoted_12"].did is not None
    # The mentors' own cohort: their twelve against the same colleagues.
    assert isinstance(report.sides[1].result, Comparison)
    assert report.sides[1].result.participants == 12


def test_outcomes_whose_time_has_not_come_wait(programme: Programme) -> None:
    build(programme)
    report = programme_outcomes(programme, timelines.load(), today=dt.date(2026, 9, 1))
    mentees = report.sides[0]
    assert mentees.waiting == ["retained_12", "promoted_12"]
    assert isinstance(mentees.result, Comparison)
    assert set(mentees.result.effects) == {"retained_6"}


def test_fewer_than_ten_on_a_side_shows_nothing(programme: Programme) -> None:
    build(programme, mentees=9, mentors=3)
    report = programme_outcomes(programme, timelines.load(), today=TODAY)
    assert [side.result for side in report.sides] == [TooSmall(), TooSmall()]


def test_participants_without_hr_history_are_counted_apart(
    programme: Programme, world: World
) -> None:
    made = build(programme)
    HrChange.objects.filter(person__in=made["mentee"][:5]).delete()
    report = programme_outcomes(programme, timelines.load(), today=TODAY)
    assert report.sides[0].without_history == 5
    assert report.sides[0].result.participants == 35  # type: ignore[union-attr]
