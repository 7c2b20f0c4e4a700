"""Progressive conversation guides: the bank, what a pair is offered as it
meets, and what managers may change."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction

from kindred.conftest import World, client_for, make_meeting
from kindred.guides import selectors, services
from kindred.guides.bank import QUESTIONS
from kindred.guides.models import Question, QuestionUse
from kindred.lib.errors import InvalidInput, NotFound
from kindred.meetings.models import Meeting
from kindred.profiles.models import Profile
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

UTC = dt.UTC


@pytest.fixture
def pair(world: World) -> Relationship:
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )


def hold(pair: Relationship, count: int) -> None:
    for n in range(count):
        start = dt.datetime(2026, 2, 2, 10, tzinfo=UTC) + dt.timedelta(weeks=n)
        make_meeting(
            pair,
            start,
            zone="UTC",
            status="held",
        )


def test_the_bank_has_four_levels_and_tags(world: World) -> None:
    levels = Counter(level for level, _, _ in QUESTIONS)
    assert len(QUESTIONS) >= 80 and set(levels) == {1, 2, 3, 4}
    assert min(levels.values()) >= 20 and all(tags for _, _, tags in QUESTIONS)
    assert Question.objects.filter(programme__isnull=True).count() == len(QUESTIONS)


def test_a_new_pair_starts_with_background_questions(world: World, pair: Relationship) -> None:
    guide = selectors.guide_for(pair)
    assert guide.stage.number == 1 and len(guide.suggested) == 5
    assert {q.level for q in guide.suggested} == {1}


@pytest.mark.parametrize(("held", "deepest"), [(1, 2), (3, 3), (6, 4)])
def test_questions_go_deeper_as_meetings_are_held(
    world: World, pair: Relationship, held: int, deepest: int
) -> None:
    hold(pair, held)
    levels = [q.level for q in selectors.guide_for(pair).suggested]
    assert max(levels) == deepest and levels.count(deepest) >= 3
    assert all(level <= deepest for level in levels)


def test_a_used_question_never_comes_back(world: World, pair: Relationship) -> None:
    hold(pair, 6)
    seen: set[int] = set()
    for _ in range(30):
        suggested = selectors.guide_for(pair).suggested
        if not suggested:
            break
        assert not {q.pk for q in suggested} & seen
        for question in suggested:
            services.question_record(
                actor=world.owner, relationship=pair, question_id=question.pk, outcome="asked"
            )
            seen.add(question.pk)
    assert len(seen) == len(QUESTIONS)  # every question once, then nothing left
    assert QuestionUse.objects.filter(relationship=pair).count() == len(QUESTIONS)


def test_off_limits_topics_never_appear(world: World, pair: Relationship) -> None:
    hold(pair, 6)
    Profile.objects.filter(user=world.owner).update(topics_off_limits=["Family", "Health"])
    Profile.objects.filter(user=world.partner).update(topics_off_limits=["stress"])
    offered: list[Question] = []
    for _ in range(30):
        suggested = selectors.guide_for(pair).suggested
        if not suggested:
            break
        offered += suggested
        for question in suggested:
            services.question_record(
                actor=world.partner, relationship=pair, question_id=question.pk, outcome="skipped"
            )
    banned = {"family", "wellbeing", "stress", "health"}
    assert offered and not [q for q in offered if banned & set(q.tags)]
    assert not [q for q in offered if "stress" in q.text.lower()]
    assert len(offered) < len(QUESTIONS)


def test_a_pairs_own_question_and_a_programmes(world: World, pair: Relationship) -> None:
    own = services.question_add_own(
        actor=world.owner, relationship=pair, text="What did you learn this week?", level=1
    )
    ours = services.question_add(
        actor=world.manager,
        programme=world.programme,
        text="How do you use our learning budget?",
        level=1,
        tags=["Learning", "learning", "career"],
    )
    assert ours.tags == ["learning", "career"]
    assert own in selectors.guide_for(pair).suggested  # a pair's own come first
    assert set(selectors.questions_for(pair)) >= {own, ours}
    services.question_set_retired(
        actor=world.manager, programme=world.programme, question_id=ours.pk, retired=True
    )
    assert ours not in selectors.questions_for(pair)
    with pytest.raises(NotFound):  # another programme's manager
        services.question_edit(
            actor=world.other_manager,
            programme=world.programme,
            question_id=ours.pk,
            text="Changed",
            level=1,
            tags=[],
        )
    with pytest.raises(NotFound):  # the shared bank is not a programme's to edit
        services.question_set_retired(
            actor=world.manager,
            programme=world.programme,
            question_id=Question.objects.filter(programme__isnull=True).first().pk,  # type: ignore[union-attr]
            retired=True,
        )
    with pytest.raises(InvalidInput):
        services.question_add(
            actor=world.manager, programme=world.programme, text="Hm?", level=5, tags=[]
        )


def test_the_pages_record_and_show_the_stage(world: World, pair: Relationship) -> None:
    client = client_for(world.partner)
    page = client.get(f"/relationships/{pair.pk}/guide/").content.decode()
    assert "Your first meeting" in page and "Mentor tip for this stage" in page
    assert (
        "Your first meeting"
        not in client_for(world.owner).get(f"/relationships/{pair.pk}/guide/").content.decode()
    )  # the mentor's guide is for the mentor
    question = selectors.guide_for(pair).suggested[0]
    response = client.post(
        f"/relationships/{pair.pk}/guide/questions/{question.pk}/", {"outcome": "asked"}
    )
    assert response.status_code == 302
    assert QuestionUse.objects.get().outcome == "asked"
    bad = client.post(
        f"/relationships/{pair.pk}/guide/questions/{question.pk}/", {"outcome": "maybe"}
    )
    assert bad.status_code == 422
    manager_page = client_for(world.manager).get(f"/programmes/{world.programme.slug}/questions/")
    assert (
        manager_page.status_code == 200
        and "Kindred's shared questions" in manager_page.content.decode()
    )


def test_a_question_marked_after_a_meeting_belongs_to_it(world: World, pair: Relationship) -> None:
    hold(pair, 2)
    latest = Meeting.objects.order_by("-start").first()
    question = selectors.guide_for(pair).suggested[0]
    client_for(world.owner).post(
        f"/relationships/{pair.pk}/guide/questions/{question.pk}/", {"outcome": "asked"}
    )
    assert QuestionUse.objects.get().meeting == latest
