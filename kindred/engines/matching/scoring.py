"""Compatibility between every mentee and every mentor, a block of mentees
at a time so that memory stays flat however large the programme."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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


@dataclass
class Scores:
    """Compatibility of some mentees with mentors: every mentor (a block,
    arrays of shape rows x mentors) or one mentor each (pairs, shape rows)."""

    score: np.ndarray  # float32 in [0, 1]
    feasible: np.ndarray  # bool
    components: dict[str, np.ndarray]
    known: dict[str, np.ndarray]
    overlap_hours: np.ndarray


class _Frame:
    """How mentee features meet mentor features: all against all (outer)
    or row by row (paired). One formula per component serves both."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray | None) -> None:
        self.rows, self.cols = rows, cols
        self.paired = cols is not None

    def mentor(self, array: np.ndarray) -> np.ndarray:
        return array if self.cols is None else array[self.cols]

    def dot(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        left, right = a[self.rows], self.mentor(b)
        return (left * right).sum(axis=1) if self.paired else left @ right.T

    def pair(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        left, right = a[self.rows], self.mentor(b)
        return (left, right) if self.paired else (left[:, None], right[None, :])


def score_block(problem: Problem, rows: slice) -> Scores:
    """Every mentee in `rows` against every mentor."""
    return _score(problem, _Frame(np.arange(len(problem.mentees))[rows], None))


def score_pairs(problem: Problem, rows: np.ndarray, cols: np.ndarray) -> Scores:
    """Mentee rows[k] against mentor cols[k], for each k."""
    return _score(problem, _Frame(np.asarray(rows), np.asarray(cols)))


def _score(problem: Problem, frame: _Frame) -> Scores:
    e, m = problem.mentees, problem.mentors
    hours, overlap_score = (
        _by_pattern(problem.overlap, frame, e, m),
        _by_pattern(problem.overlap_score, frame, e, m),
    )
    parts, known = _components(problem, frame, overlap_score)
    score = _weighted_mean(problem.weights, parts, known, hours.shape)
    if frame.paired:
        known = {name: np.broadcast_to(k, hours.shape) for name, k in known.items()}
    return Scores(
        score=np.clip(score, 0, 1, out=score),
        feasible=_feasible(problem, frame, hours),
        components=parts,
        known=known,
        overlap_hours=hours,
    )


def _by_pattern(matrix: np.ndarray, frame: _Frame, e: Side, m: Side) -> np.ndarray:
    if frame.paired:
        return matrix[e.pattern[frame.rows], m.pattern[frame.cols]]
    return matrix[e.pattern[frame.rows]][:, m.pattern]


def _weighted_mean(
    weights: np.ndarray,
    parts: dict[str, Any],
    known: dict[str, Any],
    shape: tuple[int, ...],
) -> np.ndarray:
    """Each pair's score over the components known for it: a missing answer
    shifts the weight to what is known instead of counting as zero."""
    weighted = np.zeros(shape, dtype=np.float32)
    total_weight = np.zeros(shape, dtype=np.float32)
    for weight, name in zip(weights.tolist(), COMPONENTS, strict=True):
        if weight == 0:
            continue
        if np.ndim(known[name]) == 0:  # known for every pair here: no masking needed
            weighted += np.float32(weight) * parts[name]
            total_weight += np.float32(weight)
        else:
            weighted += np.float32(weight) * np.where(known[name], parts[name], np.float32(0))
            total_weight += np.float32(weight) * known[name]
    return np.divide(weighted, total_weight, out=np.zeros_like(weighted), where=total_weight > 0)


def _components(
    problem: Problem, frame: _Frame, overlap_score: np.ndarray
) -> tuple[dict[str, Any], dict[str, Any]]:
    e, m = problem.mentees, problem.mentors
    if frame.paired:
        left, right = frame.pair(e.big_five, m.big_five)
        squared = ((left - right) ** 2).sum(axis=1)
    else:
        squared = (
            (e.big_five[frame.rows] ** 2).sum(1)[:, None]
            + (m.big_five**2).sum(1)[None, :]
            - 2 * frame.dot(e.big_five, m.big_five)
        )
    channels = (frame.dot(e.channels, m.channels) > 0).astype(np.float32)
    parts = {
        "values": (frame.dot(e.values, m.values) + 1) / 2,
        "personality": 1 - np.sqrt(np.maximum(squared, 0)) / MAX_BIG_FIVE_DISTANCE,
        "meaning": np.clip(frame.dot(e.meaning, m.meaning), 0, 1),
        "fit": frame.dot(e.fit_left, m.fit_right),
        "logistics": OVERLAP_SHARE_OF_LOGISTICS * overlap_score
        + (1 - OVERLAP_SHARE_OF_LOGISTICS) * channels,
    }
    known = {
        "values": _both(frame, e.has_values, m.has_values),
        "personality": _both(frame, e.has_big_five, m.has_big_five),
        "meaning": _both(frame, e.has_meaning, m.has_meaning),
        "fit": _both(frame, e.has_fit, np.ones(len(m), dtype=bool)),
        "logistics": np.True_,
    }
    return parts, known


def _both(frame: _Frame, a: np.ndarray, b: np.ndarray) -> Any:
    """Where both sides answered; a plain True when everyone here did."""
    left, right = frame.pair(a, b)
    if left.all() and right.all():
        return np.True_
    return left & right


def _feasible(problem: Problem, frame: _Frame, hours: np.ndarray) -> np.ndarray:
    e, m, settings = problem.mentees, problem.mentors, problem.settings
    feasible = frame.dot(e.languages, m.languages) > 0
    feasible &= hours >= settings.min_overlap_hours
    feasible &= frame.pair(np.zeros(len(e), bool), m.capacity > 0)[1]
    if not settings.allow_same_department:
        dept_e, dept_m = frame.pair(e.department, m.department)
        feasible &= ~((dept_e == dept_m) & (dept_e >= 0))
    if settings.min_level_gap is not None:
        level_e, level_m = frame.pair(e.level, m.level)
        feasible &= ~(level_m - level_e < settings.min_level_gap)  # unknown levels (NaN) pass
    banned_rows, banned_cols = problem.banned
    if frame.paired:
        pair_keys = frame.rows * len(m) + frame.mentor(np.arange(len(m)))
        feasible &= ~np.isin(pair_keys, banned_rows * len(m) + banned_cols)
    elif len(frame.rows):
        first, last = np.searchsorted(banned_rows, [frame.rows[0], frame.rows[-1] + 1])
        feasible[banned_rows[first:last] - frame.rows[0], banned_cols[first:last]] = False
    return feasible
