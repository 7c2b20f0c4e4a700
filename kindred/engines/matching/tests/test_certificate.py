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
