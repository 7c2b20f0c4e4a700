"""The optimality certificate, and the pairs that join the candidates when
it fails.

Mentor prices from the restricted flow give each mentee a dual: the best
reduced value over *every* feasible pair. When no mentee's dual beats what
its current pair is worth at those prices, the dual bound equals the
objective and the assignment is proven optimal. Otherwise three kinds of
pair join the candidates:

- each violating mentee's best pairs at the current prices;
- for each mentor, the violating mentees who would gain most from it; and
- a spread of violating mentees over the mentors who still have room, so
  that a cohort of near-identical mentees (who all want the same few
  mentors) is offered different mentors at once instead of the same handful
  round after round."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from kindred.engines.matching.flow import Flow
from kindred.engines.matching.groups import Groups
from kindred.engines.matching.kernel import LEVELS, best_columns
from kindred.engines.matching.parallel import in_parallel

# Pairs added per round for the violating groups' own best mentors: shared
# among them, so a few violators get all their better pairs at once (and the
# last round is the last), while a whole violating cohort gets a handful each.
BEST_PAIRS_PER_ROUND = 100_000
BEST_PER_VIOLATION = (8, 1024)  # fewest, most per group
SPREAD_PICKS = 2  # mentors with room offered to each violating mentee
OFFERS_PER_PLACE = 2  # violating mentees offered each free place
SPREAD_BATCH = 2048  # rows scored at once while spreading (memory stays flat)
# Violating mentees kept per mentor: about 16 per violating mentee spread
# over the mentors, up to 64. A whole violating cohort (near-identical
# mentees) needs many per mentor; a few violators in a wide programme need
# one, or the flow would double for nothing.
COLUMN_DEPTH = (1, 64)
COLUMN_SHARE = 16
ROW_BITS = 24  # rows a column's best violator is packed with (16 million)
MOST_GAIN = 2 ** (62 - ROW_BITS)  # gains above it tie (all are worth a whole match)


@dataclass
class Check:
    """Per group of identical mentees (groups.py), at the flow's prices."""

    dual: np.ndarray  # the group's best reduced value over every feasible pair
    best: np.ndarray  # (group, col): each violating group's best pairs
    violating: np.ndarray  # groups whose dual beats what a member holds
    # (group, col): for each mentor some group would rather have at these
    # prices, the groups that would gain most. Without these, a cohort of
    # near-identical mentees all name the same few mentors, and the prices
    # of the others stay too low round after round.
    column_best: np.ndarray
    base: np.ndarray  # reduced value = quality + base, per mentor, at these prices


def _base(bonus: int, prices: np.ndarray) -> np.ndarray:
    """Each mentor's offset to reduced values, in 32 bits whenever they fit
    (half the memory traffic of 64)."""
    wide = bonus + 2 * (LEVELS + 1) >= np.iinfo(np.int32).max
    dtype: type[np.signedinteger[Any]] = np.int64 if wide else np.int32
    return (bonus - prices).astype(dtype)


def _reduced(part: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Reduced values of some rows' pairs, the lowest number where infeasible."""
    lowest = np.iinfo(base.dtype).min
    return np.where(part > 0, part.astype(base.dtype) + base[None, :], lowest)


def group_rows(quality: np.ndarray, groups: Groups, start: int, stop: int) -> np.ndarray:
    """The quality rows of groups start..stop (a view when no rows are grouped)."""
    if len(groups) == quality.shape[0]:
        return quality[start:stop]
    return quality[groups.reps[start:stop]]


def certify(
    quality: np.ndarray, groups: Groups, flow: Flow, bonus: int, block_pairs: int, threads: int
) -> Check:
    """One pass over every pair for the duals; a second over the violating
    groups only, for the pairs that join the candidates."""
    n_m = quality.shape[1]
    base = _base(bonus, flow.prices)
    step = max(8, block_pairs // max(n_m, 1))
    dual = _duals(quality, groups, bonus - flow.prices, step, threads)
    violating = np.flatnonzero(dual > flow.held)
    best, column_best = _better_pairs(quality, groups, flow, base, violating, step, threads)
    return Check(dual=dual, best=best, violating=violating, column_best=column_best, base=base)


FLOOR32 = np.iinfo(np.int32).min // 2  # the lowest column offset kept, with room for q


def _duals(
    quality: np.ndarray, groups: Groups, base: np.ndarray, step: int, threads: int
) -> np.ndarray:
    """Each group's best reduced value (quality + base) over its feasible
    pairs, or 0.

    Masking out infeasible pairs costs ten times more than the sum and the
    maximum themselves, so the pass runs unmasked, in 32-bit arithmetic,
    relative to the highest column: an infeasible pair (quality 0) is then
    worth at most 0, and any row whose maximum is above 0 has it from a
    feasible pair, exactly. Only the other rows (no better than the best
    column's own price; few unless the cohort is badly oversubscribed) are
    computed again with the mask, in 64 bits."""
    n_g, n_m = len(groups), quality.shape[1]
    top = int(base.max()) if n_m else 0
    offset = np.maximum(base - top, FLOOR32).astype(np.int32)
    relative = np.zeros(n_g, dtype=np.int64)

    def one_block(start: int) -> None:
        part = group_rows(quality, groups, start, start + step)
        relative[start : start + len(part)] = (part + offset[None, :]).max(axis=1)

    in_parallel(one_block, range(0, n_g if n_m else 0, step), threads)
    dual = np.maximum(relative + top, 0)
    unsure = np.flatnonzero(relative <= 0)

    def exact_block(start: int) -> None:
        names = unsure[start : start + step]
        part = quality[groups.reps[names]]
        best = np.max(part + base[None, :], axis=1, where=part > 0, initial=np.iinfo(np.int64).min)
        dual[names] = np.maximum(best, 0)

    in_parallel(exact_block, range(0, len(unsure) if n_m else 0, step), threads)
    return dual


def _better_pairs(
    quality: np.ndarray,
    groups: Groups,
    flow: Flow,
    base: np.ndarray,
    violating: np.ndarray,
    step: int,
    threads: int,
) -> tuple[np.ndarray, np.ndarray]:
    n_m = quality.shape[1]
    fewest, most = BEST_PER_VIOLATION
    k = min(n_m, max(fewest, min(most, BEST_PAIRS_PER_ROUND // max(len(violating), 1))))
    least, most = COLUMN_DEPTH
    depth = -(-COLUMN_SHARE * len(violating) // max(n_m, 1))  # rounded up
    columns = _ColumnBest(n_m, max(least, min(most, depth)))

    def one_block(start: int) -> np.ndarray:
        names = violating[start : start + step]
        part = quality[groups.reps[names]]
        masked = _reduced(part, base)
        columns.offer(masked, flow.held[names], names)
        top = best_columns(masked, k)
        pairs = np.column_stack([np.repeat(names, k), top.ravel()])
        return pairs[part[np.repeat(np.arange(len(names)), k), top.ravel()] > 0]

    blocks = in_parallel(one_block, range(0, len(violating) if n_m else 0, step), threads)
    return _stack(blocks, (0, 2)), columns.pairs()


class _ColumnBest:
    """Each column's `depth` most violating rows, gathered from blocks on any
    thread. Gain and row are packed into one integer (ties go to the lower
    row), so the result does not depend on the order blocks finish."""

    def __init__(self, n_m: int, depth: int) -> None:
        self.depth = depth
        self.packed = np.full((depth, n_m), -1, dtype=np.int64)
        self.lock = threading.Lock()

    def offer(self, reduced: np.ndarray, held: np.ndarray, rows: np.ndarray) -> None:
        gain = np.minimum(reduced.astype(np.int64) - held[:, None], MOST_GAIN)
        packed = np.where(gain > 0, (gain << ROW_BITS) | (2**ROW_BITS - 1 - rows[:, None]), -1)
        if len(packed) > self.depth:
            packed = np.partition(packed, len(packed) - self.depth, axis=0)[-self.depth :]
        with self.lock:
            both = np.concatenate([self.packed, packed])
            self.packed = np.partition(both, len(both) - self.depth, axis=0)[-self.depth :]

    def pairs(self) -> np.ndarray:
        depth, cols = np.nonzero(self.packed >= 0)
        rows = 2**ROW_BITS - 1 - (self.packed[depth, cols] & (2**ROW_BITS - 1))
        return np.column_stack([rows, cols])


def _stack(parts: list[np.ndarray], empty: tuple[int, ...]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(empty, dtype=np.int64)


def spread(
    quality: np.ndarray, groups: Groups, flow: Flow, check: Check, capacity: np.ndarray
) -> np.ndarray:
    """Offer the violating groups, most violated first, the free places:
    each takes its best mentors that still have offers left, until it has
    been offered SPREAD_PICKS places per member. Sequential batches in a
    fixed order keep the result deterministic."""
    n_m = quality.shape[1]
    load = np.bincount(flow.assignment[flow.assignment >= 0], minlength=n_m)
    offers = OFFERS_PER_PLACE * np.maximum(capacity - load, 0)
    order = _most_violated_first(check, flow)
    if not order.size or not offers.any():
        return np.zeros((0, 2), dtype=np.int64)
    picked: list[tuple[int, int]] = []
    for batch in range(0, len(order), SPREAD_BATCH):
        chosen = order[batch : batch + SPREAD_BATCH]
        part = quality[groups.reps[chosen]]
        held = flow.held[chosen]
        picked += _spread_batch(part, check.base, held, groups.size[chosen], offers, chosen)
    return np.array(picked, dtype=np.int64).reshape(-1, 2)


def _most_violated_first(check: Check, flow: Flow) -> np.ndarray:
    rows = check.violating
    excess = check.dual[rows] - flow.held[rows]
    return rows[np.argsort(-excess, kind="stable")]


def _spread_batch(
    part: np.ndarray,
    base: np.ndarray,
    held: np.ndarray,
    size: np.ndarray,
    offers: np.ndarray,
    names: np.ndarray,
) -> list[tuple[int, int]]:
    """One group at a time, using up `offers` (a greedy pass, so that groups
    who all prefer the same mentor move on as soon as its offers are gone)."""
    lowest = np.iinfo(base.dtype).min
    reduced = _reduced(part, base)
    # An offer must improve on what the group's members hold.
    reduced[reduced <= held[:, None]] = lowest
    reduced[:, offers <= 0] = lowest
    picked = []
    for n, line in enumerate(reduced):
        wanted = SPREAD_PICKS * int(size[n])
        while wanted > 0:
            col = int(line.argmax())
            if line[col] == lowest:
                break
            picked.append((int(names[n]), col))
            line[col] = lowest
            taken = min(int(offers[col]), int(size[n]), wanted)
            offers[col] -= taken
            wanted -= taken
            if not offers[col]:
                reduced[n + 1 :, col] = lowest
    return picked
