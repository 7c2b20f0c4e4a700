"""The certificate's dual pass: unmasked 32-bit arithmetic where it is
exact, the masked 64-bit pass where it might not be."""

from __future__ import annotations

import numpy as np
import pytest

from kindred.engines.matching.certificate import FLOOR32, _duals
from kindred.engines.matching.groups import Groups, identical_rows


def _exact(quality: np.ndarray, base: np.ndarray) -> np.ndarray:
    values = quality.astype(np.int64) + base[None, :]
    best = np.max(values, axis=1, where=quality > 0, initial=np.iinfo(np.int64).min)
    return np.maximum(best, 0)


@pytest.mark.parametrize("spread", [10**4, 10**9, 6 * 10**9])
def test_the_duals_are_exact_whatever_the_spread_of_prices(spread: int) -> None:
    """Prices a bonus apart (oversubscribed cohorts of thousands) go beyond
    32 bits: those rows are recomputed, and every dual equals the exact one."""
    rng = np.random.default_rng(spread)
    quality = rng.integers(0, 65535, size=(300, 80)).astype(np.uint16)
    quality[quality < 40000] = 0
    quality[7] = 0  # a mentee nobody can take
    bonus = 3 * 10**9
    prices = rng.integers(0, spread, size=80)
    prices[:5] = bonus + 70_000  # mentors a whole match dearer than the rest
    base = bonus - prices
    dual = _duals(quality, Groups.singletons(300), base, step=16, threads=2)
    assert (dual == _exact(quality, base)).all()
    assert dual[7] == 0
    if spread > -FLOOR32:
        assert (base - base.max() < FLOOR32).any()  # the clamped case was exercised


def test_grouped_rows_get_their_groups_dual() -> None:
    rng = np.random.default_rng(1)
    rows = rng.integers(1, 65535, size=(4, 30)).astype(np.uint16)
    quality = rows[[0, 1, 0, 2, 3, 1, 0]]
    groups = identical_rows(quality)
    assert groups.size.tolist() == [3, 2, 1, 1]
    base = rng.integers(-70_000, 10, size=30)
    dual = _duals(quality, groups, base, step=2, threads=1)
    assert (dual[groups.of_row] == _exact(quality, base)).all()


def _reference_prices(edges, weight, amount, unmatched, n_m: int) -> list[int]:
    """The least fixpoint of the price conditions, by plain repetition."""
    price = [0] * n_m
    for (group, col), w in zip(edges.tolist(), weight.tolist(), strict=True):
        if unmatched[group] > 0:
            price[col] = max(price[col], w)
    arcs = list(zip(edges.tolist(), weight.tolist(), amount.tolist(), strict=True))
    held = [(g, c, w) for (g, c), w, a in arcs if a > 0]
    changed = True
    while changed:
        changed = False
        for hg, home, hw in held:
            for (g, col), w, _ in arcs:
                if g == hg and price[home] - hw + w > price[col]:
                    price[col] = price[home] - hw + w
                    changed = True
    return price


@pytest.mark.parametrize("seed", range(6))
def test_prices_are_the_least_that_the_flow_allows(seed: int) -> None:
    from kindred.engines.matching import flow
    from kindred.engines.matching.solver import _add_edges

    rng = np.random.default_rng(seed)
    quality = rng.integers(1, 65535, size=(40, 12)).astype(np.uint16)
    quality[rng.random(quality.shape) < 0.4] = 0
    quality[::7] = quality[0]  # some identical mentees, as one group
    groups = identical_rows(quality)
    capacity = rng.integers(0, 4, size=12)
    rows, cols = np.nonzero(quality[groups.reps] > 0)
    keep = rng.random(len(rows)) < 0.5
    edges = _add_edges(np.column_stack([rows[keep], cols[keep]]), n_m=12)
    bonus = 65535 * 41
    solved = flow.solve(edges, quality, groups, capacity, bonus)
    weight = bonus + quality[groups.reps[edges[:, 0]], edges[:, 1]].astype(np.int64)
    placed = np.bincount(groups.of_row[solved.assignment >= 0], minlength=len(groups))
    amount = np.array(
        [np.sum((groups.of_row == g) & (solved.assignment == c)) for g, c in edges.tolist()]
    )
    unmatched = groups.size - placed
    expected = _reference_prices(edges, weight, amount, unmatched, 12)
    assert solved.prices.tolist() == expected
