"""Mentees whose rows of pair qualities are identical, as one flow node.

A cohort whose intakes are unfinished, or whose profiles coincide, has many
mentees with exactly the same compatibility with every mentor. They are
interchangeable, so the flow and the certificate treat each such group as one
node with a multiplicity: the flow shrinks to the number of distinct rows,
and the members are given the group's mentors in row order afterwards."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLE_COLUMNS = 64  # columns compared first; only rows equal there are compared whole
HASH_BLOCK_ROWS = 512


@dataclass
class Groups:
    reps: np.ndarray  # each group's first row, ascending
    size: np.ndarray  # how many rows each group has
    of_row: np.ndarray  # each row's group

    @classmethod
    def singletons(cls, n: int) -> Groups:
        rows = np.arange(n, dtype=np.int64)
        return cls(rows, np.ones(n, dtype=np.int64), rows.copy())

    def __len__(self) -> int:
        return len(self.reps)

    def members(self) -> tuple[np.ndarray, np.ndarray]:
        """All rows ordered by group then row, and where each group starts."""
        order = np.argsort(self.of_row, kind="stable")
        starts = np.concatenate([[0], np.cumsum(self.size)[:-1]]).astype(np.int64)
        return order, starts


def identical_rows(quality: np.ndarray) -> Groups:
    n_e, n_m = quality.shape
    if n_e < 2 or not n_m:
        return Groups.singletons(n_e)
    sample = np.unique(np.linspace(0, n_m - 1, min(n_m, SAMPLE_COLUMNS)).astype(np.int64))
    label = _labels(np.ascontiguousarray(quality[:, sample]))
    # Rows alone in their sample label are alone; the others are compared whole.
    shared = np.flatnonzero(np.bincount(label)[label] > 1)
    if not shared.size:
        return Groups.singletons(n_e)
    full = np.column_stack([label[shared], _row_hashes(quality, shared)])
    whole = np.arange(n_e, dtype=np.int64)
    whole[shared] = shared[_first_of_each(_labels(full))]
    _split_collisions(quality, whole, shared)
    reps, of_row, size = np.unique(whole, return_inverse=True, return_counts=True)
    return Groups(reps.astype(np.int64), size.astype(np.int64), of_row.astype(np.int64))


def _labels(keys: np.ndarray) -> np.ndarray:
    """The same integer for equal rows of `keys`."""
    rows = np.ascontiguousarray(keys).view(np.dtype((np.void, keys.dtype.itemsize * keys.shape[1])))
    return np.unique(rows.ravel(), return_inverse=True)[1].ravel()


def _first_of_each(labels: np.ndarray) -> np.ndarray:
    """For each position, the first position with the same label."""
    _, first = np.unique(labels, return_index=True)
    return first[labels]


def _row_hashes(quality: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each whole row (integer arithmetic: exact, and the
    same whichever block a row is in)."""
    draw = np.random.default_rng(20261204).integers(1, 2**63, quality.shape[1], dtype=np.uint64)
    weights: np.ndarray = np.asarray(draw, dtype=np.uint64)
    hashes = np.empty(len(rows), dtype=np.uint64)
    for start in range(0, len(rows), HASH_BLOCK_ROWS):
        part = quality[rows[start : start + HASH_BLOCK_ROWS]].astype(np.uint64)
        hashes[start : start + len(part)] = (part * weights[None, :]).sum(axis=1)
    return hashes.view(np.int64)


def _split_collisions(quality: np.ndarray, whole: np.ndarray, rows: np.ndarray) -> None:
    """A row whose hash matched a different row becomes its own group."""
    for start in range(0, len(rows), HASH_BLOCK_ROWS):
        part = rows[start : start + HASH_BLOCK_ROWS]
        same = (quality[part] == quality[whole[part]]).all(axis=1)
        whole[part[~same]] = part[~same]
