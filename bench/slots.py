"""Benchmark: slot finding over an 8-week horizon.

    .venv/bin/python bench/slots.py

Prints the median and 95th percentile for one pair, and the time for a batch
of 1,000 varied pairs (zones on five continents, split windows, caregiving
blocks that cross midnight, quiet hours, existing meetings)."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kindred.engines.scheduling import Block, Calendar, SlotRequest, find_slots

ZONES = (
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Africa/Lagos",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
)
NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def calendar(rng: random.Random) -> Calendar:
    split = rng.random() < 0.5
    ranges = (("08:30", "12:00"), ("13:00", "17:30")) if split else (("09:00", "17:00"),)
    windows = tuple((d, a, b) for d in range(5) for a, b in ranges)
    blocks = (
        Block((0, 1, 2, 3, 4), "15:00", "17:00", hard=rng.random() < 0.5, label="caregiving"),
        Block((2,), "23:00", "01:00", hard=True, label="personal"),
    )
    busy = tuple(
        (start, start + dt.timedelta(hours=1))
        for start in (
            NOW + dt.timedelta(days=rng.randint(1, 50), hours=rng.randint(0, 23)) for _ in range(6)
        )
    )
    return Calendar(
        rng.choice(ZONES), windows, blocks=blocks, quiet_hours=("22:00", "07:00"), busy=busy
    )


def main() -> None:
    rng = random.Random(4)
    pairs = [(calendar(rng), calendar(rng)) for _ in range(1000)]
    request = SlotRequest(now=NOW, horizon=dt.timedelta(weeks=8), usual=(1, "15:00"), limit=10)
    single = []
    for first, second in pairs[:200]:
        started = time.perf_counter()
        find_slots(first, second, request)
        single.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    offered = sum(len(find_slots(a, b, request)) for a, b in pairs)
    batch = time.perf_counter() - started
    print("slot finding, 8-week horizon")
    print(
        f"  one pair: median {statistics.median(single):.2f} ms, "
        f"p95 {statistics.quantiles(single, n=20)[-1]:.2f} ms"
    )
    print(f"  1,000 pairs in a batch: {batch:.2f} s ({offered:,} slots offered)")


if __name__ == "__main__":
    main()
