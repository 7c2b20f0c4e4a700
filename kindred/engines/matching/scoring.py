"""Compatibility between every mentee and every mentor, a block of mentees
at a time so that memory stays flat however large the programme. The
problem it scores is built in `problem`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from kindred.engines.matching.model import COMPONENTS, level_gap
from kindred.engines.matching.problem import (
    MAX_BIG_FIVE_DISTANCE,
    OVERLAP_SHARE_OF_LOGISTICS,
    Problem,
    Side,
)


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
        gap = level_gap(settings, level_e, level_m)
        feasible &= ~(gap < settings.min_level_gap)  # unknown levels (NaN) pass
    banned_rows, banned_cols = problem.banned
    if frame.paired:
        pair_keys = frame.rows * len(m) + frame.mentor(np.arange(len(m)))
        feasible &= ~np.isin(pair_keys, banned_rows * len(m) + banned_cols)
    elif len(frame.rows):
        first, last = np.searchsorted(banned_rows, [frame.rows[0], frame.rows[-1] + 1])
        feasible[banned_rows[first:last] - frame.rows[0], banned_cols[first:last]] = False
    return feasible
