"""The intake's instruments stay valid in every language: the Japanese TIPI
is the published TIPI-J (Oshio, Abe & Cutrone, 2012) word for word, the
other languages say on the page that they read Kindred's own translation,
and the same answers give the same scores whatever language they were
given in (scoring reads positions, never words)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from kindred.accounts.services import language_set
from kindred.conftest import World, client_for
from kindred.profiles import instruments
from kindred.profiles.models import Profile

# 小塩真司・阿部晋吾・カトローニ ピノ (2012). 日本語版Ten Item Personality
# Inventory (TIPI-J) 作成の試み. パーソナリティ研究, 21(1), 40-52: its items
# in order, and its seven answers from 1 to 7.
TIPI_J_ITEMS = [
    "活発で、外向的だと思う",
    "他人に不満をもち、もめごとを起こしやすいと思う",
    "しっかりしていて、自分に厳しいと思う",
    "心配性で、うろたえやすいと思う",
    "新しいことが好きで、変わった考えをもつと思う",
    "ひかえめで、おとなしいと思う",
    "人に気をつかう、やさしい人間だと思う",
    "だらしなく、うっかりしていると思う",
    "冷静で、気分が安定していると思う",
    "発想力に欠けた、平凡な人間だと思う",
]
TIPI_J_ANSWERS = [
    "全く違うと思う",
    "おおよそ違うと思う",
    "少し違うと思う",
    "どちらでもない",
    "少しそう思う",
    "まあまあそう思う",
    "強くそう思う",
]
LANGUAGES = [code for code, _ in settings.LANGUAGES]
ANSWERS = [7, 2, 6, 3, 5, 1, 6, 2, 5, 3]


def test_the_japanese_tipi_is_the_published_tipi_j_word_for_word() -> None:
    with translation.override("ja"):
        assert [str(item) for item in instruments.TIPI_ITEMS] == TIPI_J_ITEMS
        assert [str(instruments.TIPI_LABELS[n]) for n in range(1, 8)] == TIPI_J_ANSWERS
    assert instruments.tipi_source("ja") == (instruments.TIPI_VALIDATED["ja"], True)
    assert instruments.tipi_source("en-gb") == (instruments.TIPI_ORIGINAL, True)
    assert instruments.tipi_source("es") == (instruments.TIPI_ORIGINAL, False)


def _personality_page(world: World, language: str) -> str:
    language_set(actor=world.owner, language=language)
    return client_for(world.owner).get("/intake/personality/").content.decode()


def test_the_japanese_page_asks_the_tipi_j_items_and_cites_it(world: World) -> None:
    page = _personality_page(world, "ja")
    assert "1. 活発で、外向的だと思う" in page and "10. 発想力に欠けた、平凡な人間だと思う" in page
    assert "7 · 強くそう思う" in page and "TIPI-J" in page
    assert "Kindred が翻訳" not in page


@pytest.mark.parametrize("language", ["es", "fr", "de", "pt-br", "hi", "ar"])
def test_a_language_without_a_validated_tipi_says_so_on_the_page(
    world: World, language: str
) -> None:
    page = _personality_page(world, language)
    with translation.override(language):
        said = translation.gettext(
            "No published, validated translation of the Ten-Item Personality Inventory is used "
            "for your language: this wording is Kindred's own translation of the original "
            "(%(citation)s). Your answers are scored exactly as in every other language."
        ) % {"citation": instruments.TIPI_ORIGINAL}
        first_item = str(instruments.TIPI_ITEMS[0])
    assert escape(said) in page
    assert first_item in page and "Extraverted" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_same_answers_score_the_same_in_every_language(world: World, language: str) -> None:
    page = _personality_page(world, language)
    # The form as the person sees it: ten questions of seven answers, named by position.
    assert sorted(set(re.findall(r'name="(item_\d+)"', page))) == sorted(
        f"item_{n}" for n in range(1, 11)
    )
    answers = {f"item_{n}": str(a) for n, a in enumerate(ANSWERS, start=1)}
    posted = client_for(world.owner).post("/intake/personality/", answers)
    assert posted.status_code == 302
    profile = Profile.objects.get(user=world.owner)
    assert profile.tipi_answers == ANSWERS
    assert profile.big_five == instruments.score_tipi(ANSWERS)
    assert profile.big_five == {
        "extraversion": 7.0,
        "agreeableness": 6.0,
        "conscientiousness": 6.0,
        "emotional_stability": 5.0,
        "openness": 5.0,
    }
