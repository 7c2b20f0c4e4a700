"""Why a pair was matched, and what they share, in each reader's language:
the engine gives codes and plain values; the words are chosen when shown."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.utils import translation

from kindred.conftest import World, client_for
from kindred.matching.tests.access import Setup
from kindred.matching.tests.access import setup as _setup
from kindred.matching.words import join_words, reason_text
from kindred.relationships.models import Relationship


@pytest.fixture
def setup(world: World, request: Any) -> Setup:
    return _setup(world, request)


def prefer(person: Any, language: str) -> None:
    person.language = language
    person.save(update_fields=["language"])


def test_each_side_reads_why_in_their_own_language(world: World, setup: Setup) -> None:
    prefer(world.owner, "ja")
    prefer(world.partner, "de")
    proposal = setup.proposal
    for person, language, reasons in (
        (world.owner, "ja", proposal.mentee_reasons),
        (world.partner, "de", proposal.mentor_reasons),
    ):
        page = unescape(client_for(person).get("/matches/").content.decode())
        with translation.override(language):
            said = [reason_text(r) for r in reasons]
        with translation.override("en-gb"):
            english = [reason_text(r) for r in reasons]
        assert said and all(sentence in page for sentence in said), language
        assert not any(sentence in page for sentence in english), language
    with translation.override("ja"):
        assert "上位3つの価値観" in reason_text(proposal.mentee_reasons[1])


def test_a_reason_stored_before_codes_keeps_its_words() -> None:
    old = {"component": "fit", "text": "Pat offers 2 of the 2 skills you want.", "weight": 0.2}
    assert reason_text(old) == "Pat offers 2 of the 2 skills you want."
    odd = {**old, "code": "fit", "params": {"role": "mentee"}}  # a shape this version lacks
    assert reason_text(odd) == old["text"]


def test_lists_are_joined_as_each_language_joins_them() -> None:
    assert join_words(["a", "b", "c"]) == "a, b and c"
    with translation.override("ja"):
        assert join_words(["A", "B", "C"]) == "A、BとC"
    with translation.override("fr"):
        assert join_words(["a", "b"]) == "a et b"


def test_what_a_pair_shares_reads_in_each_ones_language(
    world: World, pair_with_intakes: Relationship
) -> None:
    prefer(world.owner, "fr")
    url = f"/relationships/{pair_with_intakes.pk}/similarities/"
    french = unescape(client_for(world.owner).get(url).content.decode())
    english = unescape(client_for(world.partner).get(url).content.decode())
    assert "Qu'est-ce qui vous a surpris dans ce que vous avez en commun ?" in french
    assert "What surprised you about what you have in common?" in english
    assert "<h1>Ce que vous partagez</h1>" in french and "<h1>What you share</h1>" in english
