"""The conversation guide in each reader's language: Kindred's own question
bank, the stage, and the first-meeting, reverse, peer and circle tips are
in the catalogues, so a mentor and a mentee who prefer different languages
each read their own."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from kindred.conftest import World, client_for, page_words
from kindred.guides import selectors
from kindred.guides.bank import QUESTIONS
from kindred.guides.models import Question
from kindred.guides.tips import (
    FIRST_MEETING_GUIDE,
    GROUP_GUIDE,
    PEER_FIRST_MEETING,
    PEER_GUIDE,
    REVERSE_GUIDE,
    STAGES,
)
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start


@pytest.fixture
def pair(world: World) -> Relationship:
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )


def guide_words() -> list[str]:
    """Every sentence of the guide Kindred ships, in English."""
    tips = [*FIRST_MEETING_GUIDE, *PEER_FIRST_MEETING, *PEER_GUIDE, *GROUP_GUIDE.values()]
    tips += [*REVERSE_GUIDE["mentor"], *REVERSE_GUIDE["mentee"]]
    stages = [(s.name, s.boundary_tip, s.peer_tip) for s in STAGES]
    with translation.override("en"):
        return [text for _, text, _ in QUESTIONS] + [
            str(words) for group in [*tips, *stages] for words in group
        ]


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES if code != "en-gb"])
def test_every_question_and_tip_is_translated(language: str) -> None:
    with translation.override(language):
        missing = [text for text in guide_words() if translation.gettext(text) == text]
    assert missing == []


def test_the_mentee_and_the_mentor_each_read_the_guide_in_their_own(
    world: World, pair: Relationship
) -> None:
    world.owner.language = "ja"  # the mentee
    world.owner.save()
    url = f"/relationships/{pair.pk}/guide/"
    japanese = page_words(client_for(world.owner).get(url).content)
    english = page_words(client_for(world.partner).get(url).content)
    offered = selectors.guide_for(pair).suggested
    assert offered and all(q.programme_id is None for q in offered)
    for question in offered:
        assert question.text in english and question.text not in japanese
        with translation.override("ja"):
            assert question.reader_text in japanese
    assert "お互いを知る" in japanese and "Getting to know each other" in english
    # The mentor leads, so the first-meeting steps are on the mentor's page.
    assert "Reach out first" in english


def test_a_shared_question_is_stored_once_in_english(world: World) -> None:
    """The bank is written in English and translated when read, so a pair's
    record of what they asked does not depend on who asked it."""
    question = Question.objects.filter(programme=None, relationship=None).first()
    assert question is not None
    with translation.override("fr"):
        assert question.reader_text != question.text
    assert question.text in {text for _, text, _ in QUESTIONS}
