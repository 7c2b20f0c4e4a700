"""A programme's outcomes: its mentees, and apart its mentors, against
colleagues who never took part, as they stood on the programme's first
day (the index date), on retention at 6 and 12 months and promotion
within 12 months (with the year before, for a difference in differences)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q

from kindred.engines.outcomes.comparison import (
    Cohort,
    Comparison,
    Interval,
    Outcome,
    TooSmall,
    compare,
    pooled,
)
from kindred.lib.privacy import enough_people
from kindred.outcomes.timelines import MISSING, Timelines
from kindred.programs.models import Membership, Programme
from kindred.relationships.models import CloseOut, Objective, Relationship, SkillRating

YEAR = 365
RETENTION = {"retained_6": 182, "retained_12": YEAR}  # outcome: days after the index date
PROMOTED = "promoted_12"
SIDES = ("mentee", "mentor")
PRIOR_YEARS = 3  # promotions counted before the index date


@dataclass(frozen=True)
class Side:
    side: str  # mentee or mentor
    result: Comparison | TooSmall
    waiting: list[str] = field(default_factory=list)  # outcomes whose time has not come
    without_history: int = 0  # participants with no HR record on the index date


@dataclass(frozen=True)
class SkillChange:
    """How ratings of where mentees stand in their objectives moved from the
    start to the end, in one view (the mentees' own, or their mentors'):
    pooled over the people who rated both times, and only when they are at
    least the minimum group."""

    view: str  # mentee or mentor: whose view
    people: int
    change: float | None  # mean of end minus start, on the 1-7 scale


@dataclass(frozen=True)
class CloseOuts:
    """The close-outs pooled: each share only from the minimum group of
    people up (None below it); what people wrote is never here."""

    people: int
    recommend: float | None  # share who would recommend the programme
    mentor_next: float | None  # share who would mentor next time
    early_reasons: list[tuple[str, int]] = field(default_factory=list)  # when enough answered


@dataclass(frozen=True)
class ProgrammeOutcomes:
    programme: Programme
    index: dt.date
    sides: list[Side]
    skills: list[SkillChange] = field(default_factory=list)
    close_outs: CloseOuts | None = None
    objectives_reached: tuple[int, int] = (0, 0)  # reached, all


def programme_outcomes(
    programme: Programme,
    timelines: Timelines,
    *,
    today: dt.date,
    ever: np.ndarray | None = None,
) -> ProgrammeOutcomes:
    """`ever` (from `took_part`) may be given by a caller reporting on many
    programmes, who reads it once."""
    ever = took_part() if ever is None else ever
    index = programme.start_date
    employed = timelines.employed(index.toordinal())  # both sides start from the same day
    sides = [_side(programme, side, timelines, ever, employed, index, today) for side in SIDES]
    return ProgrammeOutcomes(
        programme,
        index,
        sides,
        skill_changes(programme),
        close_outs_of(programme),
        _reached(programme),
    )


def close_outs_of(programme: Programme) -> CloseOuts:
    rows = list(
        CloseOut.objects.filter(relationship__programme=programme).values_list(
            "person_id", "recommend", "mentor_next", "ended_early_why"
        )
    )
    people = len({person for person, *_ in rows})
    if not enough_people(people):
        return CloseOuts(0, None, None)
    early = [(person, why) for person, _r, _m, why in rows if why]
    reasons = Counter(why for _person, why in early)
    shown = enough_people(len({person for person, _why in early}))
    return CloseOuts(
        people,
        sum(recommend for _p, recommend, _m, _w in rows) / len(rows),
        sum(again == CloseOut.Again.YES for _p, _r, again, _w in rows) / len(rows),
        sorted(reasons.items(), key=lambda item: -item[1]) if shown else [],
    )


@dataclass(frozen=True)
class Rated:
    """One person's rating of one objective, given at the start and the end."""

    relationship: int
    rater: int
    view: str  # mentee or mentor: whose view, in the pair it was given in
    change: int  # end minus start, on the 1-7 scale


def rated_twice(programme: Programme) -> list[Rated]:
    rows = SkillRating.objects.filter(objective__relationship__programme=programme).values_list(
        "objective_id", "objective__relationship_id", "rater_id",
        "objective__relationship__mentee_id", "moment", "rating",
    )  # fmt: skip
    moments: dict[tuple[int, int], dict[str, int]] = {}
    # Whose view a rating is belongs to the pair it was given in: someone
    # can mentor in one pair and be mentored in another.
    about: dict[tuple[int, int], tuple[int, str]] = {}
    for objective, relationship, rater, mentee, moment, rating in rows:
        moments.setdefault((objective, rater), {})[moment] = rating
        about[(objective, rater)] = (relationship, "mentee" if rater == mentee else "mentor")
    return [
        Rated(about[key][0], key[1], about[key][1], both["end"] - both["start"])
        for key, both in moments.items()
        if {"start", "end"} <= set(both)
    ]


def skill_changes(programme: Programme) -> list[SkillChange]:
    """Each view's mean change per rated objective, counted in people (a
    person rating five objectives is one person), shown only from the
    minimum group up."""
    rated = rated_twice(programme)
    found = []
    for view in SIDES:
        moved = [r for r in rated if r.view == view]
        people = len({r.rater for r in moved})
        shown = enough_people(people)
        change = sum(r.change for r in moved) / len(moved) if shown else None
        found.append(SkillChange(view, people if shown else 0, change))
    return found


def _reached(programme: Programme) -> tuple[int, int]:
    objectives = Objective.objects.filter(relationship__programme=programme)
    return objectives.filter(progress__gte=100).count(), objectives.count()


def took_part() -> np.ndarray:
    """Everyone ever enrolled in a programme or in a relationship, on either
    side: none of them is a comparison for anyone. Someone who joins a later
    programme was, by joining, still here then: counting them as a
    colleague who stayed would flatter the comparison group."""
    enrolled = Membership.objects.values_list("user_id", flat=True)
    paired = Relationship.objects.values_list("mentor_id", "mentee_id")
    found = [*enrolled, *(person for pair in paired for person in pair)]
    return np.unique(np.array(found, dtype=np.int64))


def participants_of(programme: Programme, side: str) -> np.ndarray:
    began = Relationship.objects.filter(programme=programme).exclude(
        Q(status=Relationship.Status.PROPOSED)
    )
    return np.unique(np.array(list(began.values_list(f"{side}_id", flat=True)), dtype=np.int64))


def _side(
    programme: Programme,
    side: str,
    timelines: Timelines,
    ever: np.ndarray,
    employed: np.ndarray,
    index: dt.date,
    today: dt.date,
) -> Side:
    day = index.toordinal()
    ids = timelines.people[employed]
    chosen = participants_of(programme, side)
    participant = np.isin(ids, chosen)
    rows = employed[participant | ~np.isin(ids, ever)]
    flag = np.isin(timelines.people[rows], chosen)
    outcomes, waiting = _outcomes(timelines, rows, day, today.toordinal())
    result = compare(_cohort(timelines, rows, flag, day), outcomes)
    return Side(side, result, waiting, int(len(chosen) - flag.sum()))


def _cohort(timelines: Timelines, rows: np.ndarray, participant: np.ndarray, day: int) -> Cohort:
    level = timelines.level.latest(rows, day)
    hired = timelines.hired.latest_day(rows, day)
    return Cohort(
        participant=participant,
        categorical={
            "level": np.where(level == MISSING, "?", np.char.add("L", level.astype(str))),
            "department": _named(timelines, timelines.department.latest(rows, day)),
            "location": _named(timelines, timelines.location.latest(rows, day)),
        },
        numeric={
            "tenure_years": (day - hired) / 365.25,
            "prior_promotions": timelines.promoted.count(rows, day - PRIOR_YEARS * YEAR, day),
        },
    )


def _named(timelines: Timelines, codes: np.ndarray) -> np.ndarray:
    names = np.array([*timelines.names, "?"], dtype=object)
    return names[np.where(codes == MISSING, len(timelines.names), codes)].astype(str)


def _outcomes(
    timelines: Timelines, rows: np.ndarray, day: int, today: int
) -> tuple[dict[str, Outcome], list[str]]:
    """The outcomes whose time has come by `today`, and the names of those
    still to come."""
    found: dict[str, Outcome] = {}
    waiting: list[str] = []
    for name, days in RETENTION.items():
        if day + days > today:
            waiting.append(name)
            continue
        left = timelines.left.count(rows, day, day + days) > 0
        found[name] = Outcome((~left).astype(float))
    if day + YEAR > today:
        waiting.append(PROMOTED)
    else:
        after = timelines.promoted.count(rows, day, day + YEAR) > 0
        before = timelines.promoted.count(rows, day - YEAR, day) > 0
        found[PROMOTED] = Outcome(after.astype(float), before.astype(float))
    return found, waiting


@dataclass(frozen=True)
class Pooled:
    side: str
    outcome: str
    programmes: int
    participants: int
    effect: Interval


def rolled_up(reports: list[ProgrammeOutcomes]) -> list[Pooled]:
    """Each side's outcomes across the programmes that show them (ten or
    more on both sides, and their time come), pooled by participants."""
    found = []
    for side in SIDES:
        for outcome in (*RETENTION, PROMOTED):
            parts = [
                (s.result.participants, s.result.effects[outcome].effect)
                for report in reports
                for s in report.sides
                if s.side == side
                and isinstance(s.result, Comparison)
                and outcome in s.result.effects
            ]
            effect = pooled(parts)
            if effect is not None:
                count = sum(n for n, _ in parts)
                found.append(Pooled(side, outcome, len(parts), count, effect))
    return found
