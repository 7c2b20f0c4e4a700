"""The competence self-assessment: scoring per area (property-tested),
the moment it was taken, and the comparison with the mentees' view, which
appears only once a mentee has rated the mentor and never shows one
mentee's answers."""

from __future__ import annotations

import datetime as dt
from statistics import fmean

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from kindred.conftest import World, client_for, make_user
from kindred.development import assessment
from kindred.development.models import SelfAssessment
from kindred.engines.health.surveys import AREAS, scales
from kindred.health.models import SurveyResponse
from kindred.lib.errors import Forbidden, InvalidInput
from kindred.meetings.models import Meeting
from kindred.practice import services
from kindred.practice.selectors import MENTEE_VIEW_DELAY, mentee_view
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

answers_strategy = st.dictionaries(
    st.sampled_from(sorted(assessment.STATEMENT_KEYS)), st.integers(1, 7), min_size=1
)


@given(answers_strategy)
def test_each_area_is_the_mean_of_its_answered_statements(answers: dict[str, int]) -> None:
    scored = assessment.area_scores(assessment.validate(answers))
    for area in AREAS:
        mine = [
            v
            for k, v in answers.items()
            if next(s for s in assessment.STATEMENTS if s.key == k).area == area
        ]
        if mine:
            assert scored[area] == pytest.approx(fmean(mine), abs=0.005)
            assert 1 <= scored[area] <= 7
        else:
            assert area not in scored  # missing, never zero


@given(st.dictionaries(st.text(max_size=5), st.one_of(st.integers(), st.text(), st.booleans())))
def test_anything_else_is_refused(answers: dict[str, object]) -> None:
    clean = (
        answers
        and set(answers) <= assessment.STATEMENT_KEYS
        and all(type(v) is int and 1 <= v <= 7 for v in answers.values())
    )
    if clean:
        assert assessment.validate(answers)
    else:
        with pytest.raises(ValueError):
            assessment.validate(answers)


def test_three_statements_in_each_of_the_six_areas() -> None:
    assert len(assessment.STATEMENTS) == 18
    for area in AREAS:
        assert sum(s.area == area for s in assessment.STATEMENTS) == 3


def test_no_gap_without_a_mentee_rating_and_words_only_under_three() -> None:
    assert assessment.gaps({"communication": 5.0}, {}) == []
    rows = {g.area: g for g in assessment.gaps({"communication": 5.0}, {"communication": (6.0, 1)})}
    assert rows["communication"].difference == -1.0
    assert rows["communication"].mentee_view_shown is None
    assert rows["communication"].reading.startswith("Your mentees rate you higher")
    assert rows["addressing diversity"].difference is None
    three = assessment.gaps({"communication": 5.0}, {"communication": (5.2, 3)})[0]
    assert three.mentee_view_shown == 5.2 and "much the same" in three.reading


@pytest.fixture
def pair(world: World) -> Relationship:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    Relationship.objects.filter(pk=pair.pk).update(
        started_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
    )
    return pair


ALL_FIVES = dict.fromkeys(assessment.STATEMENT_KEYS, 5)


def test_only_mentors_take_it_and_bad_answers_save_nothing(
    world: World, pair: Relationship
) -> None:
    with pytest.raises(Forbidden):
        services.self_assessment_submit(actor=world.owner, answers=ALL_FIVES)
    for bad in ({}, {"co1": 8}, {"co1": "5"}, {"zz": 3}, {"co1": True}):
        with pytest.raises(InvalidInput):
            services.self_assessment_submit(actor=world.partner, answers=bad)
    assert not SelfAssessment.objects.exists()


def test_the_moment_follows_the_mentors_meetings(world: World, pair: Relationship) -> None:
    june = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)  # the programme ends on 31 December

    def moment() -> str:
        return services.self_assessment_submit(
            actor=world.partner, answers=ALL_FIVES, now=june
        ).moment

    assert moment() == "before"
    start = june - dt.timedelta(days=3)
    Meeting.objects.create(
        relationship=pair, start=start, end=start + dt.timedelta(hours=1), zone="UTC",
        status="held", proposed_by=world.partner,
    )  # fmt: skip
    assert moment() == "during"
    assert (
        services.self_assessment_submit(
            actor=world.partner, answers=ALL_FIVES, now=dt.datetime(2026, 12, 10, tzinfo=dt.UTC)
        ).moment
        == "end"
    )  # the programme ends within a month
    Relationship.objects.filter(pk=pair.pk).update(status="completed")
    assert moment() == "end"


def rate(
    pair: Relationship, competence: dict[str, int], *, days_ago: int, round_day: int = 30
) -> None:
    SurveyResponse.objects.create(
        relationship=pair,
        respondent=pair.mentee,
        role="mentee",
        round_day=round_day,
        answers=competence,
        scales=scales(competence),
        submitted_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago),
    )


def more_mentees(world: World, count: int) -> list[Relationship]:
    """Other mentees of the same mentor, each in a pair of their own."""
    pairs = []
    for n in range(count):
        mentee = make_user(f"mentee{n}@test.example", f"Mentee {n}")
        pairs.append(
            Relationship.objects.create(
                programme=world.programme, mentor=world.partner, mentee=mentee
            )
        )
    return pairs


def test_the_gap_appears_only_once_five_mentees_have_rated(
    world: World, pair: Relationship
) -> None:
    """A mentor with one mentee never reads that mentee's ratings, however
    many rounds they answered (issue 20, finding 7)."""
    services.self_assessment_submit(actor=world.partner, answers=ALL_FIVES | {"co1": 7})
    client = client_for(world.partner)
    page = client.get("/develop/self-assessment/").content.decode()
    assert "Your view and your mentees' view" not in page
    assert "Communication" in page and "5.67" in page
    for n in range(5):
        rate(
            pair, {"m1": 2, "m4": 7}, days_ago=MENTEE_VIEW_DELAY.days + 1 + n, round_day=30 + 60 * n
        )
    assert mentee_view(world.partner, now=dt.datetime.now(dt.UTC)) == {}
    page = client.get("/develop/self-assessment/").content.decode()
    assert "Your view and your mentees' view" not in page
    assert "higher than" not in page and "five different mentees" in page
    others = more_mentees(world, 4)
    rate(others[0], {"m1": 2, "m4": 7}, days_ago=3)  # too recent to join the view
    for other in others[1:]:
        rate(other, {"m1": 2, "m4": 7}, days_ago=MENTEE_VIEW_DELAY.days + 1)
    assert mentee_view(world.partner, now=dt.datetime.now(dt.UTC)) == {}
    rate(others[0], {"m1": 2, "m4": 7}, days_ago=MENTEE_VIEW_DELAY.days + 2, round_day=90)
    page = client.get("/develop/self-assessment/").content.decode()
    assert "Your view and your mentees' view" in page
    assert "You rate yourself higher than your mentees do." in page
    assert "Your mentees rate you higher than you rate yourself." in page


def test_pooled_numbers_come_from_five_mentees(world: World, pair: Relationship) -> None:
    services.self_assessment_submit(actor=world.partner, answers=ALL_FIVES)
    for n, other in enumerate([pair, *more_mentees(world, 4)]):
        rate(other, {"m1": (4, 6, 5, 5, 5)[n]}, days_ago=30 + n)
    assert mentee_view(world.partner, now=dt.datetime.now(dt.UTC)) == {"communication": (5.0, 5)}
    page = client_for(world.partner).get("/develop/self-assessment/").content.decode()
    assert "(5 ratings)" in page and "much the same way" in page


@pytest.mark.parametrize(
    "actor", ["owner", "participant", "outsider", "manager", "other_manager", "admin"]
)
def test_a_self_assessment_is_private_to_the_mentor(
    world: World, pair: Relationship, actor: str
) -> None:
    services.self_assessment_submit(actor=world.partner, answers=ALL_FIVES | {"co1": 1, "co2": 1})
    assert "2.33" in client_for(world.partner).get("/develop/self-assessment/").content.decode()
    page = client_for(world.actors()[actor]).get("/develop/self-assessment/").content.decode()
    assert "2.33" not in page
    admin = client_for(world.admin).get("/admin/development/selfassessment/").content.decode()
    assert "2.33" not in admin and "co1" not in admin


def test_the_form_saves_and_shows_the_profile(world: World, pair: Relationship) -> None:
    client = client_for(world.partner)
    response = client.post(
        "/develop/self-assessment/new/", {"co1": "6", "co2": "4", "fi1": "3"}, follow=True
    )
    html = response.content.decode()
    assert "Only you can see your self-assessment" in html
    assert "5.0" in html or ">5<" in html or "5</td>" in html
    assert SelfAssessment.objects.get().areas == {
        "communication": 5.0,
        "fostering independence": 3.0,
    }
    refused = client_for(world.owner).post("/develop/self-assessment/new/", {"co1": "6"})
    assert "for mentors" in refused.content.decode()
    empty = client.post("/develop/self-assessment/new/", {})
    assert "Rate at least one statement" in empty.content.decode()
    world.partner.language = "de"
    world.partner.save()
    refused = client_for(world.partner).post("/develop/self-assessment/new/", {})
    assert "Bewerten Sie mindestens eine Aussage." in refused.content.decode()
    assert SelfAssessment.objects.count() == 1
