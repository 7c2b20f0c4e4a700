"""The quality of every pair, fast: the same score as scoring.py, computed
with as few passes over the pairs as possible.

scoring.py states each component plainly and serves explanations and single
pairs. Over all pairs, most of the time went into element-wise passes, one
per operation. Here:

- every linear part (values, the meaning of free text when it cannot be
  negative, fit, and the constants) is one matrix product of features scaled
  in advance by weight and quantisation step;
- logistics and the hard rules of language and shared time depend only on a
  person's *context* (availability pattern, channels, languages, whether
  they have room), so they are one small table looked up once per pair;
- personality needs a square root, so it is one small product and two passes;
- when someone has not answered a component, the weights of what is known
  differ pair by pair: those pairs divide by their own total weight.

The result is q = 1 + round(score * LEVELS) for feasible pairs, 0 otherwise,
which is what the solver optimises."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kindred.engines.matching.model import COMPONENTS, level_gap
from kindred.engines.matching.problem import (
    MAX_BIG_FIVE_DISTANCE,
    OVERLAP_SHARE_OF_LOGISTICS,
    Problem,
    Side,
)

LEVELS = 65534  # a score s becomes q = 1 + round(s * LEVELS)
ROUNDING = 1.5  # the 1 that marks a feasible pair, and a half so truncation rounds
RULED_OUT = -1e9  # added to a pair the rules exclude: its score ends below 0, so q = 0


@dataclass
class Kernel:
    left: np.ndarray  # mentee features of the linear product (scaled)
    right: np.ndarray  # mentor features of the same product
    big_five_left: np.ndarray  # [x, |x|^2, 1] so that the product is the squared distance
    big_five_right: np.ndarray  # [-2y, 1, |y|^2]
    personality: float  # scaled weight of the personality distance
    personality_known: tuple[np.ndarray, np.ndarray] | None  # masks, None when all known
    meaning: tuple[np.ndarray, np.ndarray, float] | None  # clipped product, when not linear
    context_e: np.ndarray  # each mentee's context
    context_m: np.ndarray  # each mentor's context
    # Scaled logistics per (mentee context, mentor context), and far below
    # zero where language, shared time or room rule the pair out: one
    # look-up per pair serves both.
    logistics: np.ndarray
    total_weight: tuple[np.ndarray, np.ndarray, np.ndarray] | None  # per pair, when not uniform
    problem: Problem


def build(problem: Problem) -> Kernel:
    e, m = problem.mentees, problem.mentors
    weight = dict(zip(COMPONENTS, problem.weights.astype(np.float64).tolist(), strict=True))
    known_e = _known(e, mentee=True)
    known_m = _known(m, mentee=False)
    uniform = all(_constant(known_e[c]) and _constant(known_m[c]) for c in known_e)
    if uniform:
        total = sum(weight[c] for c in COMPONENTS if _first(known_e[c]) and _first(known_m[c]))
        scale = LEVELS / total if total > 0 else 0.0
        total_weight = None
    else:
        scale, total_weight = float(LEVELS), _total_weight(weight, known_e, known_m)
    meaning_linear = bool((e.meaning >= 0).all() and (m.meaning >= 0).all())
    left, right = _linear_features(problem, weight, scale, known_e, known_m, meaning_linear)
    context_e, context_m, logistics = _contexts(problem, weight["logistics"] * scale)
    return Kernel(
        left=left,
        right=right,
        big_five_left=np.hstack(
            [e.big_five, (e.big_five**2).sum(1, keepdims=True), np.ones((len(e), 1), np.float32)]
        ),
        big_five_right=np.hstack(
            [
                -2 * m.big_five,
                np.ones((len(m), 1), np.float32),
                (m.big_five**2).sum(1, keepdims=True),
            ]
        ),
        personality=weight["personality"] * scale / MAX_BIG_FIVE_DISTANCE,
        personality_known=None
        if e.has_big_five.all() and m.has_big_five.all()
        else (e.has_big_five, m.has_big_five),
        meaning=None if meaning_linear else (e.meaning, m.meaning, weight["meaning"] * scale),
        context_e=context_e,
        context_m=context_m,
        logistics=logistics + (np.float32(ROUNDING) if uniform else np.float32(0)),
        total_weight=total_weight,
        problem=problem,
    )


def _squares(rows: np.ndarray) -> np.ndarray:
    return (rows**2).sum(axis=1, keepdims=True)


def _ones(n: int) -> np.ndarray:
    return np.ones((n, 1), dtype=np.float32)


def _known(side: Side, *, mentee: bool) -> dict[str, np.ndarray]:
    everyone = np.ones(len(side), dtype=bool)
    return {
        "values": side.has_values,
        "personality": side.has_big_five,
        "meaning": side.has_meaning,
        "fit": side.has_fit if mentee else everyone,
        "logistics": everyone,
    }


def _constant(flags: np.ndarray) -> bool:
    return bool(flags.all() or not flags.any())


def _first(flags: np.ndarray) -> bool:
    return bool(flags[0]) if len(flags) else True


def _total_weight(
    weight: dict[str, float], known_e: dict[str, np.ndarray], known_m: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pair's total weight of known components, as a small product plus
    a per-mentee term: (left, right, mentee constant)."""
    shared = ("values", "personality", "meaning")
    left = np.column_stack([weight[c] * known_e[c] for c in shared]).astype(np.float32)
    right = np.column_stack([known_m[c] for c in shared]).astype(np.float32)
    constant = (weight["fit"] * known_e["fit"] + weight["logistics"]).astype(np.float32)
    return left, right, constant


def _linear_features(
    problem: Problem,
    weight: dict[str, float],
    scale: float,
    known_e: dict[str, np.ndarray],
    known_m: dict[str, np.ndarray],
    meaning_linear: bool,
) -> tuple[np.ndarray, np.ndarray]:
    e, m = problem.mentees, problem.mentors
    half_values = weight["values"] * scale / 2  # values: (dot + 1) / 2 where both answered
    left = [
        half_values * e.values,
        half_values * known_e["values"][:, None],
        weight["personality"] * scale * known_e["personality"][:, None],
        weight["fit"] * scale * e.fit_left,
    ]
    right = [
        m.values,
        known_m["values"][:, None],
        known_m["personality"][:, None],
        m.fit_right,
    ]
    if meaning_linear:
        used = (e.meaning != 0).any(axis=0) & (m.meaning != 0).any(axis=0)
        left.append(weight["meaning"] * scale * e.meaning[:, used])
        right.append(m.meaning[:, used])
    return (
        np.ascontiguousarray(np.hstack(left), dtype=np.float32),
        np.ascontiguousarray(np.hstack(right), dtype=np.float32),
    )


def _contexts(
    problem: Problem, logistics_weight: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes for each side's (pattern, channels, languages, room) and the
    table over pairs of codes."""
    e, m, settings = problem.mentees, problem.mentors, problem.settings
    keys_e = np.column_stack([e.pattern, e.channels, e.languages])
    keys_m = np.column_stack([m.pattern, m.channels, m.languages, m.capacity > 0])
    first_e, context_e = _codes(keys_e)
    first_m, context_m = _codes(keys_m)
    pattern_e, pattern_m = e.pattern[first_e], m.pattern[first_m]
    hours = problem.overlap[pattern_e][:, pattern_m]
    channels = (e.channels[first_e] @ m.channels[first_m].T) > 0
    logistics = (
        OVERLAP_SHARE_OF_LOGISTICS * problem.overlap_score[pattern_e][:, pattern_m]
        + (1 - OVERLAP_SHARE_OF_LOGISTICS) * channels
    )
    allowed = (e.languages[first_e] @ m.languages[first_m].T > 0) & (
        hours >= settings.min_overlap_hours
    )
    allowed &= (m.capacity[first_m] > 0)[None, :]
    table = np.where(allowed, logistics_weight * logistics, RULED_OUT)
    return context_e, context_m, table.astype(np.float32)


def _codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the first row of each distinct key, each row's key code)."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    _, first, code = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    return first, code.ravel()


def quality(kernel: Kernel, rows: slice) -> np.ndarray:
    """q for every mentee in `rows` against every mentor (uint16)."""
    k = kernel
    score = k.left[rows] @ k.right.T
    # mode="clip" skips bounds checks: the codes index the table by construction.
    score += np.take(k.logistics[k.context_e[rows]], k.context_m, axis=1, mode="clip")
    _add_personality(k, rows, score)
    if k.meaning is not None:
        meaning_e, meaning_m, scaled = k.meaning
        part = meaning_e[rows] @ meaning_m.T
        np.clip(part, 0, 1, out=part)
        part *= np.float32(scaled)
        score += part
    if k.total_weight is not None:
        left, right, constant = k.total_weight
        total = left[rows] @ right.T
        total += constant[rows, None]
        np.divide(score, total, out=score, where=total > 0)
        score += np.float32(ROUNDING)
    np.clip(score, 0, LEVELS + 1, out=score)
    result = score.astype(np.uint16)
    _apply_pair_rules(k, rows, result)
    return result


def _add_personality(k: Kernel, rows: slice, score: np.ndarray) -> None:
    if not k.personality:
        return
    distance = k.big_five_left[rows] @ k.big_five_right.T
    np.maximum(distance, 0, out=distance)
    np.sqrt(distance, out=distance)
    if k.personality_known is not None:
        known_e, known_m = k.personality_known
        distance *= known_e[rows, None] & known_m[None, :]
    distance *= np.float32(k.personality)
    score -= distance


def _apply_pair_rules(k: Kernel, rows: slice, result: np.ndarray) -> None:
    """The rules that are not about context: department, level, and pairs
    ruled out one by one (reporting lines, exclusions, previous pairs)."""
    problem, settings = k.problem, k.problem.settings
    e, m = problem.mentees, problem.mentors
    if not settings.allow_same_department:
        dept = e.department[rows, None]
        result *= ~((dept == m.department[None, :]) & (dept >= 0))
    if settings.min_level_gap is not None:
        gap = level_gap(settings, e.level[rows, None], m.level[None, :])
        result *= ~(gap < settings.min_level_gap)
    banned_rows, banned_cols = problem.banned
    start, stop, _ = rows.indices(len(e))
    first, last = np.searchsorted(banned_rows, [start, stop])
    result[banned_rows[first:last] - start, banned_cols[first:last]] = 0


POOL = 16  # columns per pool when finding each row's best columns


def best_columns(block: np.ndarray, k: int) -> np.ndarray:
    """The columns of each row's k largest values (ties broken arbitrarily
    but deterministically), without partitioning whole rows: each row is
    cut into POOL interleaved slabs, the slabs' element-wise maximum names
    k pools that must hold the k largest values, and only those pools'
    members are partitioned. About ten times faster than argpartition."""
    rows, n = block.shape
    pools = n // POOL
    if pools < 2 * k:
        return np.argpartition(block, n - k, axis=1)[:, n - k :]
    slabs = block[:, : pools * POOL].reshape(rows, POOL, pools)
    peaks = slabs.max(axis=1)
    chosen = np.argpartition(peaks, pools - k, axis=1)[:, pools - k :]
    members = (chosen[:, None, :] + pools * np.arange(POOL)[None, :, None]).reshape(rows, -1)
    if n > pools * POOL:  # the few columns no pool holds are always considered
        rest = np.broadcast_to(np.arange(pools * POOL, n), (rows, n - pools * POOL))
        members = np.concatenate([members, rest], axis=1)
    values = np.take_along_axis(block, members, axis=1)
    top = np.argpartition(values, values.shape[1] - k, axis=1)[:, values.shape[1] - k :]
    return np.take_along_axis(members, top, axis=1)
