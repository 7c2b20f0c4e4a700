"""Benchmark: times for a group of eight in eight time zones, 8 weeks ahead.

    .venv/bin/python bench/group_slots.py

Prints the median and 95th percentile over 200 varied groups (a circle and
its facilitator: split windows, caregiving blocks that cross midnight,
quiet hours, existing meetings, calendar busy time), and how many groups
had a time that fits everyone or needed someone stretched. The budget is
20 ms median (docs/performance.md)."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.slots import NOW, calendar
from kindred.engines.scheduling import SlotRequest, find_group_slots

GROUP = 8
# A circle spans the Atlantic: eight zones whose working days can meet
# (one that spans the whole globe has no common hour, and is told so).
ZONES = (
    "America/Sao_Paulo",
    "America/New_York",
    "America/Halifax",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Africa/Lagos",
    "Africa/Nairobi",
)


def group(rng: random.Random) -> list:
    """Eight people, one in each zone, each with some busy time."""
    people = []
    for zone in rng.sample(ZONES, GROUP):
        busy = tuple(
            (start, start + dt.timedelta(minutes=rng.choice([30, 60, 90])))
            for start in (
                NOW + dt.timedelta(days=rng.randint(1, 55), minutes=15 * rng.randint(0, 95))
                for _ in range(30)
            )
        )
        people.append(replace(calendar(rng), zone=zone, calendar_busy=busy))
    return people


def run(groups: int = 200) -> dict[str, float]:
    rng = random.Random(8)
    request = SlotRequest(now=NOW, horizon=dt.timedelta(weeks=8), duration_minutes=60, limit=10)
    timings, fitting, stretched = [], 0, 0
    for people in (group(rng) for _ in range(groups)):
        started = time.perf_counter()
        slots = find_group_slots(
            people, request, inconvenienced=[rng.randint(0, 3) for _ in people]
        )
        timings.append((time.perf_counter() - started) * 1000)
        if slots and not slots[0].stretched:
            fitting += 1
        elif slots:
            stretched += 1
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": statistics.quantiles(timings, n=20)[-1],
        "fitting": fitting,
        "stretched": stretched,
        "groups": groups,
    }


def main() -> None:
    figures = run()
    print("group slot finding: 8 people in 8 zones, 8-week horizon")
    print(f"  one group: median {figures['median_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms")
    print(
        f"  {figures['fitting']} of {figures['groups']} groups had a time that fits everyone, "
        f"{figures['stretched']} needed someone stretched"
    )


if __name__ == "__main__":
    main()
