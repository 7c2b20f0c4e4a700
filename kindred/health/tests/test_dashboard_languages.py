"""The dashboard in each manager's language: the daily run stores what its
charts say as phrases, not as English, so a manager reading in German or
Arabic reads the same stored charts in their own words, dates included."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.utils import translation
from django.utils.formats import date_format

from kindred.conftest import World, client_for, page_words
from kindred.health.services import compute_health
from kindred.lib.charts import Chart
from kindred.lib.phrases import Phrase, phrase, phrases

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def test_a_phrase_is_stored_as_data_and_read_in_the_readers_language() -> None:
    said = phrases(
        "%(count)s meeting held in the last %(weeks)s weeks; %(now)s this week.",
        "%(count)s meetings held in the last %(weeks)s weeks; %(now)s this week.",
        3, weeks=12, now=1,
    )  # fmt: skip
    chart = Chart("m", phrase("Meetings held per week"), said, "Meetings", ["2026-03-02"])
    stored = Chart(**asdict(chart))  # as the daily run keeps it, and reads it back
    assert isinstance(stored.description, Phrase)
    assert str(stored.description) == "3 meetings held in the last 12 weeks; 1 this week."
    with translation.override("de"):
        shown = stored.shown()
    assert shown.title == "Treffen pro Woche"
    assert shown.description == "3 Treffen in den letzten 12 Wochen; 1 diese Woche."
    assert shown.y_label == "Treffen" and shown.labels == ["2 Mär"]
    with translation.override("ar"):
        assert stored.shown().labels == [date_format(dt.date(2026, 3, 2), "j M")] != ["2 Mar"]
    one = phrases("%(count)s relationship scored; %(risky)s at risk.",
                  "%(count)s relationships scored; %(risky)s at risk.", 1, risky=0)  # fmt: skip
    assert str(one) == "1 relationship scored; 0 at risk."


def test_english_stored_before_phrases_still_reads() -> None:
    old = Chart("x", "Match acceptance", "Of 3 published proposals.", "Proposals", ["Accepted"])
    with translation.override("de"):
        shown = old.shown()
    assert shown.description == "Of 3 published proposals."  # as it was written
    assert shown.labels == ["Angenommen"]


def test_a_manager_reads_the_stored_dashboard_in_their_own_language(world: World) -> None:
    compute_health(world.programme, now=NOW)  # the daily run, in no reader's language
    url = f"/programmes/{world.programme.slug}/dashboard/"
    world.manager.language = "de"
    world.manager.save()
    german = page_words(client_for(world.manager).get(url).content)
    assert "Annahme der Matches" in german and "Match acceptance" not in german
    assert "Einschreibung und Aufnahmefragebogen" in german
    world.manager.language = "ar"
    world.manager.save()
    arabic = page_words(client_for(world.manager).get(url).content)
    assert "قبول المطابقات" in arabic and "Enrolment and intake completion" not in arabic
