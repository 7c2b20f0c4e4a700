"""A matching problem as arrays: each side's features (values, personality,
calling, skills, goals, availability) encoded once, and the pairs the
programme's rules exclude. `scoring` scores it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from kindred.engines.matching import availability, text
from kindred.engines.matching.model import COMPONENTS, Person, Settings

MAX_BIG_FIVE_DISTANCE = (
    6 * 5**0.5
)  # opposite corners of the 1-7 cube (a Python float keeps float32)


OVERLAP_SHARE_OF_LOGISTICS = 0.75


@dataclass
class Side:
    """One side's features as arrays, rows in the order people were given."""

    ids: np.ndarray
    values: np.ndarray
    has_values: np.ndarray
    big_five: np.ndarray
    has_big_five: np.ndarray
    meaning: np.ndarray
    has_meaning: np.ndarray
    sought: np.ndarray
    sought_count: np.ndarray
    offered: np.ndarray
    goals: np.ndarray
    goal_count: np.ndarray
    fit_left: np.ndarray  # mentee side of the fit product (weighted shares)
    fit_right: np.ndarray  # mentor side: what they offer and can help with
    has_fit: np.ndarray
    languages: np.ndarray
    channels: np.ndarray
    pattern: np.ndarray
    department: np.ndarray
    level: np.ndarray
    capacity: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Problem:
    mentees: Side
    mentors: Side
    overlap: np.ndarray  # weekly hours between mentee and mentor availability patterns
    overlap_score: np.ndarray  # the same, as the overlap part of logistics in [0, 1]
    banned: tuple[np.ndarray, np.ndarray]  # (mentee rows sorted, mentor cols) ruled out one by one
    settings: Settings
    text_method: str
    weights: np.ndarray  # in COMPONENTS order


def _vocabulary(sets: Sequence[frozenset[str]]) -> dict[str, int]:
    return {item: n for n, item in enumerate(sorted(set().union(*sets)))} if sets else {}


def _one_hot(sets: Sequence[frozenset[str]], vocabulary: Mapping[str, int]) -> np.ndarray:
    matrix = np.zeros((len(sets), max(len(vocabulary), 1)), dtype=np.float32)
    rows, cols = [], []
    for row, items in enumerate(sets):
        known = [vocabulary[item] for item in items if item in vocabulary]
        rows += [row] * len(known)
        cols += known
    matrix[np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)] = 1
    return matrix


def _centred_values(people: Sequence[Person]) -> tuple[np.ndarray, np.ndarray]:
    width = max((len(p.values) for p in people if p.values), default=10)
    return _rows(people, "values", width, centre=True)


def _big_five(people: Sequence[Person]) -> tuple[np.ndarray, np.ndarray]:
    return _rows(people, "big_five", 5, centre=False)


def _rows(
    people: Sequence[Person], field: str, width: int, *, centre: bool
) -> tuple[np.ndarray, np.ndarray]:
    """A float32 row per person of a fixed-width answer (zeros where it is
    missing or of another width) and whether it is known. Centred rows are
    scaled to unit length: rating every value the same says nothing about
    priorities, so such a row is not known."""
    matrix = np.zeros((len(people), width), dtype=np.float32)
    answers_of = [getattr(p, field) for p in people]
    given = [n for n, answer in enumerate(answers_of) if answer and len(answer) == width]
    known = np.zeros(len(people), dtype=bool)
    if not given:
        return matrix, known
    answers = np.array([answers_of[n] for n in given], dtype=np.float64)
    if centre:
        answers -= answers.mean(axis=1, keepdims=True)
        norms = np.linalg.norm(answers, axis=1, keepdims=True)
        spread = norms[:, 0] > 0
        answers = np.divide(answers, norms, out=np.zeros_like(answers), where=norms > 0)
        given_rows = np.array(given)[spread]
        matrix[given_rows] = answers[spread]
        known[given_rows] = True
    else:
        matrix[given] = answers
        known[given] = True
    return matrix, known


def _meaning(mentees: Sequence[Person], mentors: Sequence[Person]) -> tuple[np.ndarray, str]:
    everyone = [*mentees, *mentors]
    if everyone and all(p.text_vector is not None for p in everyone if p.text.strip()):
        width = max((len(p.text_vector) for p in everyone if p.text_vector is not None), default=0)
        if width:
            matrix = np.zeros((len(everyone), width), dtype=np.float32)
            for row, person in enumerate(everyone):
                if person.text_vector is not None and len(person.text_vector) == width:
                    matrix[row] = person.text_vector
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            np.divide(matrix, norms, out=matrix, where=norms > 0)
            return matrix, "semantic"
    return text.tfidf_matrix([p.text for p in everyone]), "tfidf"


def _codes(labels: Sequence[str], table: dict[str, int]) -> np.ndarray:
    return np.array([table.setdefault(label, len(table)) if label else -1 for label in labels])


def _side(
    people: Sequence[Person],
    meaning: np.ndarray,
    patterns: np.ndarray,
    vocabularies: dict[str, dict[str, int]],
    departments: dict[str, int],
) -> Side:
    values, has_values = _centred_values(people)
    big_five, has_big_five = _big_five(people)
    sought = _one_hot([p.skills_sought for p in people], vocabularies["skills"])
    offered = _one_hot([p.skills_offered for p in people], vocabularies["skills"])
    goals = _one_hot([p.goals for p in people], vocabularies["goals"])
    fit_left, has_fit = _fit_features(sought, goals)
    return Side(
        ids=np.array([p.id for p in people], dtype=np.int64),
        values=values,
        has_values=has_values,
        big_five=big_five,
        has_big_five=has_big_five,
        meaning=meaning,
        has_meaning=np.linalg.norm(meaning, axis=1) > 0 if len(people) else np.zeros(0, bool),
        sought=sought,
        sought_count=sought.sum(axis=1),
        offered=offered,
        goals=goals,
        goal_count=goals.sum(axis=1),
        fit_left=fit_left,
        fit_right=np.hstack([offered, goals]),
        has_fit=has_fit,
        languages=_one_hot([p.languages for p in people], vocabularies["languages"]),
        channels=_one_hot([p.sync_channels for p in people], vocabularies["channels"]),
        pattern=patterns,
        department=_codes([p.department.strip().lower() for p in people], departments),
        level=np.array([np.nan if p.level is None else p.level for p in people], dtype=np.float32),
        capacity=np.array([max(p.capacity, 0) for p in people], dtype=np.int64),
    )


SKILL_SHARE_OF_FIT = 0.7


def _fit_features(sought: np.ndarray, goals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fit is the share of the mentee's sought skills the mentor offers (70%)
    and of the mentee's goals the mentor can help with (30%), over whichever
    the mentee gave. Both shares are linear in the mentor's one-hot row, so
    the mentee side carries the weights and one product computes fit."""
    sought_count, goal_count = sought.sum(axis=1), goals.sum(axis=1)
    skill_weight = SKILL_SHARE_OF_FIT * (sought_count > 0)
    goal_weight = (1 - SKILL_SHARE_OF_FIT) * (goal_count > 0)
    total = skill_weight + goal_weight
    has_fit = total > 0
    scale_skill = np.divide(
        skill_weight, total * sought_count, out=np.zeros_like(total), where=sought_count > 0
    )
    scale_goal = np.divide(
        goal_weight, total * goal_count, out=np.zeros_like(total), where=goal_count > 0
    )
    left = np.hstack([sought * scale_skill[:, None], goals * scale_goal[:, None]])
    return left.astype(np.float32), has_fit


def build_problem(
    mentees: Sequence[Person], mentors: Sequence[Person], settings: Settings
) -> Problem:
    everyone = [*mentees, *mentors]
    vocabularies = {
        "skills": _vocabulary([p.skills_sought | p.skills_offered for p in everyone]),
        "goals": _vocabulary([p.goals for p in everyone]),
        "languages": _vocabulary([p.languages for p in everyone]),
        "channels": _vocabulary([p.sync_channels for p in everyone]),
    }
    meaning, text_method = _meaning(mentees, mentors)
    grid, pattern = availability.pattern_index(
        [(p.timezone, tuple(p.windows)) for p in everyone],
        settings.reference_date,
        settings.horizon_weeks,
    )
    mentee_patterns, mentor_patterns = pattern[: len(mentees)], pattern[len(mentees) :]
    used_e, local_e = np.unique(mentee_patterns, return_inverse=True)
    used_m, local_m = np.unique(mentor_patterns, return_inverse=True)
    overlap = availability.weekly_overlap_hours(grid[used_e], grid[used_m], settings.horizon_weeks)
    departments: dict[str, int] = {}
    weights = np.array([settings.weights.as_dict()[c] for c in COMPONENTS], dtype=np.float32)
    if (weights < 0).any():
        raise ValueError("Weights must not be negative.")
    return Problem(
        mentees=_side(mentees, meaning[: len(mentees)], local_e, vocabularies, departments),
        mentors=_side(mentors, meaning[len(mentees) :], local_m, vocabularies, departments),
        overlap=overlap.astype(np.float32),
        overlap_score=np.minimum(overlap / settings.comfortable_overlap_hours, 1).astype(
            np.float32
        ),
        banned=_banned_pairs(mentees, mentors, settings),
        settings=settings,
        text_method=text_method,
        weights=weights,
    )


def _chain(email: str, lines: Mapping[str, str]) -> set[str]:
    """Everyone above this person in the reporting line (cycles tolerated)."""
    above: set[str] = set()
    current = lines.get(email, "")
    while current and current not in above and current != email:
        above.add(current)
        current = lines.get(current, "")
    return above


def _banned_pairs(
    mentees: Sequence[Person], mentors: Sequence[Person], settings: Settings
) -> tuple[np.ndarray, np.ndarray]:
    lines = dict(settings.reporting_lines)
    for person in [*mentees, *mentors]:
        if person.email and person.manager_email:
            lines.setdefault(person.email, person.manager_email)
    mentee_row = {p.id: n for n, p in enumerate(mentees)}
    mentor_col = {p.id: n for n, p in enumerate(mentors)}
    mentor_by_email = {p.email: n for n, p in enumerate(mentors) if p.email}
    mentee_by_email = {p.email: n for n, p in enumerate(mentees) if p.email}
    banned: dict[int, set[int]] = {}

    def ban(row: int | None, col: int | None) -> None:
        if row is not None and col is not None:
            banned.setdefault(row, set()).add(col)

    for row, mentee in enumerate(mentees):
        for boss in _chain(mentee.email, lines):  # the mentor manages the mentee
            ban(row, mentor_by_email.get(boss))
        ban(row, mentor_col.get(mentee.id))  # the same person on both sides
    for col, mentor in enumerate(mentors):
        for boss in _chain(mentor.email, lines):  # the mentee manages the mentor
            ban(mentee_by_email.get(boss), col)
    for mentee_id, mentor_id in settings.exclusions | settings.previous_pairs:
        ban(mentee_row.get(mentee_id), mentor_col.get(mentor_id))
    rows = np.repeat(np.fromiter(banned, dtype=np.int64), [len(c) for c in banned.values()])
    cols = np.fromiter((col for cols in banned.values() for col in cols), dtype=np.int64)
    order = np.lexsort((cols, rows))  # by row, then column
    return rows[order], cols[order]
