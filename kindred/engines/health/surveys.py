"""The pulse survey, written for Kindred: fifteen statements on a 1-7
agreement scale, in a mentee and a mentor version. Commitment, trust and
relationship quality have three items each; mentor competence has one item
per area of the Mentoring Competency Assessment (the mentee rates the
mentor, the mentor rates themself). A scale is the mean of its answered
items; a scale with no answered item is missing, never zero."""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from statistics import fmean


def gettext_noop(text: str) -> str:
    """Marks a sentence for the translation catalogues (makemessages finds
    it by this name) without Django: the app translates it where it is shown,
    so the instrument reads in each respondent's language and scores alike."""
    return text


INGREDIENTS = ("commitment", "trust", "quality", "competence")
INGREDIENT_NAMES = {
    "commitment": gettext_noop("Commitment"),
    "trust": gettext_noop("Trust"),
    "quality": gettext_noop("Relationship quality"),
    "competence": gettext_noop("Mentor competence"),
}
AREAS = (
    "communication",
    "aligning expectations",
    "assessing understanding",
    "addressing diversity",
    "fostering independence",
    "professional development",
)
SCALE = range(1, 8)
AGREEMENT = {
    1: gettext_noop("Strongly disagree"),
    2: gettext_noop("Disagree"),
    3: gettext_noop("Somewhat disagree"),
    4: gettext_noop("Neither"),
    5: gettext_noop("Somewhat agree"),
    6: gettext_noop("Agree"),
    7: gettext_noop("Strongly agree"),
}


@dataclass(frozen=True)
class Item:
    key: str
    ingredient: str
    mentee: str  # as the mentee reads it
    mentor: str  # as the mentor reads it
    area: str = ""  # competence items only


ITEMS = (
    Item(
        "c1",
        "commitment",
        gettext_noop("I make time for this mentoring, even in busy weeks."),
        gettext_noop("I make time for this mentoring, even in busy weeks."),
    ),
    Item(
        "c2",
        "commitment",
        gettext_noop("This relationship is a priority for me this quarter."),
        gettext_noop("This relationship is a priority for me this quarter."),
    ),
    Item(
        "c3",
        "commitment",
        gettext_noop("I want to keep meeting until we reach our objectives."),
        gettext_noop("I want to keep meeting until we reach our objectives."),
    ),
    Item(
        "t1",
        "trust",
        gettext_noop("My mentor does what they say they will do."),
        gettext_noop("My mentee does what they say they will do."),
    ),
    Item(
        "t2",
        "trust",
        gettext_noop("I can be open with my mentor about what is hard for me."),
        gettext_noop("My mentee is open with me about what is hard for them."),
    ),
    Item(
        "t3",
        "trust",
        gettext_noop("I feel safe to disagree or admit a mistake in our meetings."),
        gettext_noop("I feel safe to admit what I do not know in our meetings."),
    ),
    Item(
        "q1",
        "quality",
        gettext_noop("We get on well; our meetings feel easy."),
        gettext_noop("We get on well; our meetings feel easy."),
    ),
    Item(
        "q2",
        "quality",
        gettext_noop("I am satisfied with what this relationship gives me."),
        gettext_noop("I am satisfied with what this relationship gives me."),
    ),
    Item(
        "q3",
        "quality",
        gettext_noop("I have learned something from my mentor recently."),
        gettext_noop("I have learned something from my mentee recently."),
    ),
    Item(
        "m1",
        "competence",
        gettext_noop("My mentor listens carefully and explains things clearly."),
        gettext_noop("I listen carefully and explain things clearly."),
        "communication",
    ),
    Item(
        "m2",
        "competence",
        gettext_noop("My mentor and I agreed clearly what we expect of each other."),
        gettext_noop("My mentee and I agreed clearly what we expect of each other."),
        "aligning expectations",
    ),
    Item(
        "m3",
        "competence",
        gettext_noop("My mentor checks that I have understood, without talking down."),
        gettext_noop("I check my mentee has understood, without talking down."),
        "assessing understanding",
    ),
    Item(
        "m4",
        "competence",
        gettext_noop("My mentor respects how my background shapes my experience."),
        gettext_noop("I respect how my mentee's background shapes their experience."),
        "addressing diversity",
    ),
    Item(
        "m5",
        "competence",
        gettext_noop("My mentor helps me find my own answers."),
        gettext_noop("I help my mentee find their own answers."),
        "fostering independence",
    ),
    Item(
        "m6",
        "competence",
        gettext_noop("My mentor helps me plan my professional growth."),
        gettext_noop("I help my mentee plan their professional growth."),
        "professional development",
    ),
)
ITEM_KEYS = {item.key for item in ITEMS}


class RatingsRefused(ValueError):
    """Why ratings were refused, as data the app words for the reader: the
    `unknown` keys, or the key whose answer is `not_a_rating` (a whole
    number from 1 to 7), or, with neither, that nothing was rated."""

    def __init__(self, *, unknown: Set[str] = frozenset(), not_a_rating: str = "") -> None:
        self.unknown = sorted(unknown)
        self.not_a_rating = not_a_rating
        super().__init__(f"unknown {self.unknown}, not a rating {not_a_rating!r}")


def validate(answers: Mapping[str, object]) -> dict[str, int]:
    """Answers keyed by item; items may be skipped, but not all."""
    return validate_ratings(answers, ITEM_KEYS)


def validate_ratings(answers: Mapping[str, object], keys: Set[str]) -> dict[str, int]:
    """Whole-number ratings from 1 to 7 keyed by `keys`, any skipped but
    not all; anything else raises RatingsRefused."""
    unknown = set(answers) - keys
    if unknown:
        raise RatingsRefused(unknown=unknown)
    clean = {}
    for key, value in answers.items():
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            raise RatingsRefused(not_a_rating=key)
        clean[key] = value
    if not clean:
        raise RatingsRefused()
    return clean


def scales(answers: Mapping[str, int]) -> dict[str, float]:
    """The mean of each ingredient's answered items (missing ingredients left out)."""
    found = {}
    for ingredient in INGREDIENTS:
        values = [answers[i.key] for i in ITEMS if i.ingredient == ingredient and i.key in answers]
        if values:
            found[ingredient] = round(fmean(values), 3)
    return found


def competence_areas(answers: Mapping[str, int]) -> dict[str, int]:
    return {item.area: answers[item.key] for item in ITEMS if item.area and item.key in answers}
