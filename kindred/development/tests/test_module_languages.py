"""The five practice modules read in each reader's language: every sentence
of a module (why it matters, what good looks like, how it goes wrong, the
practices, the scenario and its feedback) is in the catalogues."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from kindred.conftest import World, client_for, page_words
from kindred.development.modules import MODULES, Module


def sentences(module: Module) -> list[str]:
    scenario = module.scenario
    with translation.override("en"):
        return [
            str(text)
            for text in (
                module.skill, module.summary, *module.why, *module.good, *module.practices,
                *module.in_reverse, scenario.situation, scenario.question,
                *(part for f in module.failures for part in (f.name, f.description)),
                *(part for c in scenario.choices for part in (c.text, c.feedback)),
            )
        ]  # fmt: skip


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES if code != "en-gb"])
def test_every_sentence_of_every_module_is_translated(language: str) -> None:
    with translation.override(language):
        missing = [
            text
            for module in MODULES
            for text in sentences(module)
            if translation.gettext(text) == text
        ]
    assert missing == []


def test_a_mentor_reads_a_module_and_its_feedback_in_their_own_language(world: World) -> None:
    world.partner.language = "de"
    world.partner.save()
    mentor = client_for(world.partner)
    page = page_words(mentor.get("/develop/modules/trust/").content)
    assert "Vertrauen aufbauen" in page and "Build trust" not in page
    assert "Was tun Sie heute?" in page
    answered = mentor.post("/develop/modules/trust/", {"choice": "write"}, follow=True)
    assert "Die Initiative zu ergreifen zeigt Engagement" in answered.content.decode()


def test_the_practice_page_gives_figures_and_next_steps_in_the_readers_language(
    world: World,
) -> None:
    world.partner.language = "fr"
    world.partner.save()
    page = client_for(world.partner).get("/develop/practice/").content.decode()
    text = page_words(page)
    assert "Bâtir la confiance" in text and "Build trust" not in text
    assert "Rencontres que vous avez proposées en premier" in text
    assert "Meetings you proposed first" not in text
