"""The mentor's competence self-assessment, written for Kindred: three
statements for each of the six areas of the Mentoring Competency
Assessment, each rated 1-7 for how skilled the mentor feels. An area's
score is the mean of its answered statements; an area with none answered
is missing, never zero. Plain data in and out: its sentences are only
marked for the catalogues here and translated where they are shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

from django.utils.translation import gettext_noop

from kindred.engines.health.surveys import AREAS, validate_ratings

SKILL = {
    1: gettext_noop("Not at all skilled"),
    2: gettext_noop("Slightly"),
    3: gettext_noop("Somewhat"),
    4: gettext_noop("Moderately"),
    5: gettext_noop("Fairly"),
    6: gettext_noop("Very"),
    7: gettext_noop("Extremely skilled"),
}
AREA_NAMES = {
    "communication": gettext_noop("Communication"),
    "aligning expectations": gettext_noop("Aligning expectations"),
    "assessing understanding": gettext_noop("Assessing understanding"),
    "addressing diversity": gettext_noop("Addressing diversity"),
    "fostering independence": gettext_noop("Fostering independence"),
    "professional development": gettext_noop("Professional development"),
}


@dataclass(frozen=True)
class Statement:
    key: str
    area: str
    text: str


STATEMENTS = (
    Statement(
        "co1",
        "communication",
        gettext_noop("Listening without planning my reply while my mentee talks"),
    ),
    Statement(
        "co2",
        "communication",
        gettext_noop("Making my point clearly on a video call or in a message"),
    ),
    Statement(
        "co3",
        "communication",
        gettext_noop("Noticing what my mentee is not saying, even on a screen"),
    ),
    Statement(
        "ae1",
        "aligning expectations",
        gettext_noop("Agreeing with my mentee what each of us expects"),
    ),
    Statement(
        "ae2",
        "aligning expectations",
        gettext_noop("Agreeing how often we meet and on which channels"),
    ),
    Statement(
        "ae3",
        "aligning expectations",
        gettext_noop("Revisiting our agreement when circumstances change"),
    ),
    Statement(
        "au1", "assessing understanding", gettext_noop("Checking that my mentee has understood me")
    ),
    Statement(
        "au2", "assessing understanding", gettext_noop("Judging what my mentee already knows")
    ),
    Statement(
        "au3",
        "assessing understanding",
        gettext_noop("Asking questions that show how my mentee thinks"),
    ),
    Statement(
        "ad1",
        "addressing diversity",
        gettext_noop("Working well with someone whose background differs"),
    ),
    Statement(
        "ad2",
        "addressing diversity",
        gettext_noop("Noticing when my own assumptions shape my advice"),
    ),
    Statement(
        "ad3",
        "addressing diversity",
        gettext_noop("Talking about differences openly and respectfully"),
    ),
    Statement(
        "fi1", "fostering independence", gettext_noop("Helping my mentee find their own answers")
    ),
    Statement(
        "fi2",
        "fostering independence",
        gettext_noop("Letting my mentee lead decisions about their work"),
    ),
    Statement(
        "fi3",
        "fostering independence",
        gettext_noop("Building my mentee's confidence to act alone"),
    ),
    Statement(
        "pd1", "professional development", gettext_noop("Helping my mentee set career goals")
    ),
    Statement(
        "pd2", "professional development", gettext_noop("Introducing my mentee to useful people")
    ),
    Statement(
        "pd3",
        "professional development",
        gettext_noop("Helping my mentee plan how to build a skill"),
    ),
)
STATEMENT_KEYS = frozenset(s.key for s in STATEMENTS)


def validate(answers: Mapping[str, object]) -> dict[str, int]:
    """Answers keyed by statement; unknown keys and values outside 1-7
    raise RatingsRefused. Statements may be skipped, but not all of them."""
    return validate_ratings(answers, STATEMENT_KEYS)


def area_scores(answers: Mapping[str, int]) -> dict[str, float]:
    """The mean of each area's answered statements (missing areas left out)."""
    found = {}
    for area in AREAS:
        values = [answers[s.key] for s in STATEMENTS if s.area == area and s.key in answers]
        if values:
            found[area] = round(fmean(values), 2)
    return found


def pooled(ratings: Iterable[Mapping[str, int | float]]) -> dict[str, tuple[float, int]]:
    """{area: (mean, how many ratings)} over many ratings keyed by area."""
    values: dict[str, list[float]] = {}
    for rating in ratings:
        for area, value in rating.items():
            values.setdefault(area, []).append(float(value))
    return {area: (round(fmean(v), 2), len(v)) for area, v in values.items() if v}


# A mean over one or two ratings is close to naming what one mentee said, so
# below this the gap is given in words only.
NUMBERS_FROM = 3


@dataclass(frozen=True)
class Gap:
    area: str
    self_view: float | None
    mentee_view: float | None  # pooled over every mentee rating the mentor has had
    ratings: int

    @property
    def mentee_view_shown(self) -> float | None:
        return self.mentee_view if self.ratings >= NUMBERS_FROM else None

    @property
    def difference(self) -> float | None:
        if self.self_view is None or self.mentee_view is None:
            return None
        return round(self.self_view - self.mentee_view, 2)

    @property
    def reading(self) -> str:
        """The gap in words; half a point either way counts as agreement."""
        gap = self.difference
        if gap is None:
            return ""
        if gap >= 0.5:
            return gettext_noop("You rate yourself higher than your mentees do.")
        if gap <= -0.5:
            return gettext_noop("Your mentees rate you higher than you rate yourself.")
        return gettext_noop("You and your mentees see this much the same way.")


def gaps(self_view: Mapping[str, float], mentee_view: Mapping[str, tuple[float, int]]) -> list[Gap]:
    """One row per area. Empty when no mentee rating exists at all: the
    comparison is only offered once there is something to compare with."""
    if not mentee_view:
        return []
    return [
        Gap(
            area,
            self_view.get(area),
            mentee_view[area][0] if area in mentee_view else None,
            mentee_view[area][1] if area in mentee_view else 0,
        )
        for area in AREAS
    ]


def change(first: Mapping[str, float], latest: Mapping[str, float]) -> dict[str, float]:
    """Latest minus first, for the areas both assessments scored."""
    return {a: round(latest[a] - first[a], 2) for a in AREAS if a in first and a in latest}
