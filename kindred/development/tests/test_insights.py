"""The programme dashboard's development charts: module completion and
self-assessment change, as aggregates with groups under five hidden."""

from __future__ import annotations

import datetime as dt

from kindred.conftest import World, client_for, enrol, make_user
from kindred.development.models import ModuleProgress, SelfAssessment
from kindred.development.selectors import module_completion, self_assessment_change

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def mentors(world: World, n: int) -> list:
    people = [make_user(f"m{i}@test.example", f"Mentor {i}") for i in range(n)]
    for person in people:
        enrol(person, world.programme, "mentor")
    return people


def done(person, key: str) -> None:
    ModuleProgress.objects.create(person=person, module=key, scenario_choice="x", completed_at=NOW)


def test_completion_is_a_share_per_role_and_hidden_under_five(world: World) -> None:
    people = mentors(world, 4)  # with the world's partner: five mentors
    for person in people[:2]:
        done(person, "trust")
    done(world.owner, "trust")  # a mentee; there are only two mentees
    done(world.outsider, "trust")  # not in this programme
    chart = module_completion(world.programme)
    assert chart.labels[0] == "Trust"
    assert chart.series["Mentors"][0] == 40.0 and chart.series["Mentors"][1] == 0.0
    assert chart.series["Mentees"] == [None] * 5
    assert "mentees not shown (fewer than 5)" in str(chart.description)


def assess(person, first: float, latest: float) -> None:
    for when, value in ((NOW - dt.timedelta(days=200), first), (NOW, latest)):
        SelfAssessment.objects.create(
            person=person,
            moment="before",
            answers={},
            areas={"communication": value},
            submitted_at=when,
        )


def test_self_assessment_change_needs_five_mentors_with_two_each(world: World) -> None:
    people = mentors(world, 5)
    for person in people[:4]:
        assess(person, 3.0, 5.0)
    chart = self_assessment_change(world.programme)
    assert chart.empty and "4 mentors" in str(chart.description)
    assess(people[4], 4.0, 4.0)
    chart = self_assessment_change(world.programme)
    assert chart.series["First"][0] == 3.2 and chart.series["Latest"][0] == 4.8
    assert chart.series["First"][1] is None  # no one scored that area


def test_the_dashboard_shows_both_charts(world: World) -> None:
    html = client_for(world.manager).get("/programmes/alpha/dashboard/").content.decode()
    assert "Practice modules completed" in html
    assert "Mentor self-assessment: first and latest" in html
