"""The words off-limits lines may be written with, in every language Kindred
speaks.

A signed agreement's off-limits hours are lines of text ("Quiet hours
22:00-07:00", "School run Mon-Fri 15:00-16:00 (flexible)") that scheduling
reads back. A German mentee writes "Ruhezeit 22:00-07:00" and "Kita Mo-Fr
08:00-09:00 (flexibel)", a Japanese one "静かな時間 22:00-07:00": each line is
read whatever language its reader uses, so the words of every shipped
language are known at once. Day names come from Django's own catalogues
(WEEKDAYS and WEEKDAYS_ABBR), the rest from Kindred's."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from django.conf import settings
from django.utils import translation
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop, pgettext

T = TypeVar("T")

# Also the label the scheduling engine gives quiet hours (kindred.meetings.times
# translates it where it names a refusal).
QUIET_HOURS = gettext_noop("quiet hours")
ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# People abbreviate English days freely ("Tues", "Thurs"); other languages'
# days are read as Django's catalogues spell them, in full or abbreviated.
SHORTEST_ENGLISH_PREFIX = 3


@dataclass(frozen=True)
class Vocabulary:
    quiet: frozenset[str]
    flexible: frozenset[str]
    days: dict[str, int]  # a day's name or abbreviation, lower case: 0 is Monday
    day_sets: dict[str, tuple[int, ...]]  # "every day", "weekdays"... in each language
    labels: dict[str, str]  # a profile label as read in any language: its key


def _in_every_language(entries: Callable[[], Iterable[tuple[object, T]]]) -> dict[str, T]:
    """{word: value} for the (word, value) pairs `entries` gives in each
    shipped language, words lower case (a trailing abbreviation dot dropped)."""
    table: dict[str, T] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for word, value in entries():
                table[str(word).strip().lower().rstrip(".")] = value
    return table


@cache
def vocabulary() -> Vocabulary:
    from kindred.profiles.logistics import BLOCK_LABELS

    every, weekdays, weekends = tuple(range(7)), tuple(range(5)), (5, 6)
    return Vocabulary(
        quiet=frozenset(_in_every_language(lambda: [(gettext(QUIET_HOURS), True)])),
        flexible=frozenset(
            _in_every_language(lambda: [(pgettext("boundary line", "flexible"), True)])
        )
        | {"soft"},
        days=_in_every_language(
            lambda: [(WEEKDAYS[n], n) for n in range(7)] + [(WEEKDAYS_ABBR[n], n) for n in range(7)]
        ),
        day_sets=_in_every_language(
            lambda: [
                (pgettext("boundary line", "every day"), every),
                (pgettext("boundary line", "daily"), every),
                (pgettext("boundary line", "weekdays"), weekdays),
                (pgettext("boundary line", "weekends"), weekends),
            ]
        ),
        labels=_in_every_language(lambda: [(label, key) for key, label in BLOCK_LABELS.items()]),
    )


def day_number(token: str) -> int | None:
    """Which day a word names (0 is Monday), or None."""
    word = token.strip().lower().rstrip(".")
    found = vocabulary().days.get(word)
    if found is not None:
        return found
    if len(word) >= SHORTEST_ENGLISH_PREFIX:
        for number, name in enumerate(ENGLISH_DAYS):
            if name.startswith(word):
                return number
    return None


def _alternation(words: frozenset[str] | set[str] | list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@cache
def patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(quiet hours line, block line), for lines written in any language."""
    words = vocabulary()
    quiet = re.compile(rf"^(?:{_alternation(words.quiet)})\s+(.+)$", re.IGNORECASE)
    # A day is a run of anything but spaces, digits and separators: Hindi's
    # vowel signs and joiners are not "word" characters to re.
    day = r"[^\s\d,\u3001\u060c\-\u2013~\u301c()\uff08\uff09]+"
    days = rf"{day}(?:\s*[-\u2013~〜]\s*{day})?"
    # Japanese writes ranges with 〜 and brackets full width; Arabic lists with ،.
    block = re.compile(
        rf"^(?P<label>.+?)\s+(?P<days>{_alternation(set(words.day_sets))}|"
        rf"{days}(?:\s*[,、،]\s*{days})*)\s+"
        r"(?P<start>\d{1,2}:\d{2})\s*[-\u2013~〜]\s*(?P<end>\d{1,2}:\d{2})"
        rf"\s*(?P<soft>[(\uff08]\s*(?:{_alternation(words.flexible)})\s*[)\uff09])?$",
        re.IGNORECASE,
    )
    return quiet, block


def quiet_line(start: str, end: str) -> str:
    """A quiet-hours line in the active language."""
    return f"{capfirst(gettext(QUIET_HOURS))} {start}-{end}"


def block_line(label: str, days: list[int], start: str, end: str, *, hard: bool) -> str:
    """A block line in the active language."""
    flexible = "" if hard else f" ({pgettext('boundary line', 'flexible')})"
    return f"{label} {named_days(days)} {start}-{end}{flexible}"


def named_days(days: list[int]) -> str:
    """[0, 1, 2, 3, 4] as "Mon-Fri", [1, 3] as "Tue, Thu"."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(
        f"{WEEKDAYS_ABBR[run[0]]}-{WEEKDAYS_ABBR[run[-1]]}"
        if len(run) > 2
        else ", ".join(str(WEEKDAYS_ABBR[d]) for d in run)
        for run in runs
    )


def example() -> str:
    """How a line is written, in the active language."""
    return gettext("“%(quiet)s” or “%(block)s”") % {
        "quiet": quiet_line("22:00", "07:00"),
        "block": block_line(
            pgettext("boundary line", "School run"), [0, 1, 2, 3, 4], "15:00", "16:00", hard=False
        ),
    }
