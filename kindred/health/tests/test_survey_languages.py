"""Kindred's own instruments in every language: the pulse survey and the
mentor's self-assessment read in each respondent's language, say on the
page that the wording is Kindred's own translation, and the same answers
give the same scores whatever language they were given in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from kindred.accounts.models import User
from kindred.conftest import World, client_for, page_words
from kindred.development.assessment import STATEMENTS
from kindred.development.models import SelfAssessment
from kindred.engines.health.surveys import AGREEMENT, ITEMS
from kindred.health.models import SurveyResponse
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

LANGUAGES = [code for code, _ in settings.LANGUAGES]
SURVEY = {"c1": "6", "t1": "2", "t3": "7", "q2": "5", "m1": "4", "m6": "3"}
SELF = {"co1": "6", "co3": "2", "ad2": "7", "pd1": "4"}


@pytest.fixture
def pair(world: World) -> Relationship:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    started = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)  # the first survey is open
    Relationship.objects.filter(pk=pair.pk).update(started_at=started)
    return pair


def speak(person: User, language: str) -> None:
    person.language = language
    person.save(update_fields=["language"])


def test_the_survey_reads_in_the_mentees_language_and_says_whose_wording(
    world: World, pair: Relationship
) -> None:
    speak(world.owner, "pt-br")
    page = page_words(client_for(world.owner).get(f"/relationships/{pair.pk}/survey/").content)
    with translation.override("pt-br"):
        for item in ITEMS:
            assert translation.gettext(item.mentee) in page
        assert f"7 · {translation.gettext(AGREEMENT[7])}" in page
    assert "Meu mentor faz o que diz que vai fazer." in page
    assert "tradução própria do Kindred" in page
    english = page_words(client_for(world.partner).get(f"/relationships/{pair.pk}/survey/").content)
    assert "I listen carefully and explain things clearly." in english
    assert "Kindred's own translation" not in english


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_same_survey_answers_score_the_same_in_every_language(
    world: World, pair: Relationship, language: str
) -> None:
    speak(world.owner, language)
    response = client_for(world.owner).post(f"/relationships/{pair.pk}/survey/", SURVEY)
    assert response.status_code == 302
    assert SurveyResponse.objects.get().scales == {
        "commitment": 6.0,
        "trust": 4.5,
        "quality": 5.0,
        "competence": 3.5,
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_same_self_assessment_scores_the_same_in_every_language(
    world: World, pair: Relationship, language: str
) -> None:
    speak(world.partner, language)
    mentor = client_for(world.partner)
    form = page_words(mentor.get("/develop/self-assessment/new/").content)
    with translation.override(language):
        assert all(translation.gettext(s.text) in form for s in STATEMENTS)
    assert mentor.post("/develop/self-assessment/new/", SELF).status_code == 302
    assert SelfAssessment.objects.get().areas == {
        "communication": 4.0,
        "addressing diversity": 7.0,
        "professional development": 4.0,
    }
