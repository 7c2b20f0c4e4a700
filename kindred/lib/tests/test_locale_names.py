"""Languages and time zones named in the reader's language (CLDR, through
Babel), while their codes stay what HR exports, calendars and the API use."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from kindred.lib.languages import language_choices, language_names, reader_language_names
from kindred.lib.timezones import zone_choices


def test_languages_are_named_and_ordered_in_the_readers_language() -> None:
    names = {}
    for language in ("en-gb", "de", "ja", "ar", "hi", "pt-br"):
        with translation.override(language):
            names[language] = reader_language_names()["ja"]
            choices = language_choices()
        assert [code for code, _ in choices].count("ja") == 1
        assert {code for code, _ in choices} == set(language_names())  # every code, still
    assert names == {
        "en-gb": "Japanese",
        "de": "Japanisch",
        "ja": "日本語",
        "ar": "اليابانية",
        "hi": "जापानी",
        "pt-br": "japonês",
    }
    with translation.override("de"):
        ordered = [name for _, name in language_choices()]
    assert ordered == sorted(ordered, key=str.casefold)


def test_the_languages_filter_names_them_for_the_reader() -> None:
    page = Template("{% load words %}{{ codes|languages }}")
    with translation.override("fr"):
        assert page.render(Context({"codes": ["en", "ja", "xx"]})) == "anglais, japonais, xx"


def test_a_zone_keeps_its_iana_name_and_gains_the_readers() -> None:
    with translation.override("de"):
        german = dict(zone_choices())
    with translation.override("ja"):
        japanese = dict(zone_choices())
    assert german["Europe/Berlin"] == "Europe/Berlin · Mitteleuropäische Zeit"
    assert japanese["Asia/Tokyo"] == "Asia/Tokyo · 日本時間"
    assert set(german) == set(japanese)  # the same zones, whatever the language
