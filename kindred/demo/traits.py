"""A demo person's answers, drawn from a seeded random generator: work
values near one of a few archetypes, a week of working windows, boundaries,
a calling and a personality."""

from __future__ import annotations

import random
from typing import Any

from kindred.demo import people
from kindred.profiles import instruments


def values(rng: random.Random) -> dict[str, int]:
    # People cluster around a few value profiles, so similarity means something.
    archetypes = (
        (5, 4, 3, 4, 2, 3, 2, 2, 5, 6),  # growth and care
        (4, 3, 3, 6, 5, 4, 3, 2, 3, 3),  # achievement
        (3, 2, 3, 4, 2, 6, 5, 4, 5, 4),  # stability and belonging
        (6, 6, 5, 4, 3, 2, 2, 1, 4, 5),  # explorer
    )
    base = rng.choice(archetypes)
    return {
        key: max(1, min(6, value + rng.choice((-1, 0, 0, 1))))
        for key, value in zip(instruments.WORK_VALUE_KEYS, base, strict=True)
    }


def windows(rng: random.Random) -> list[dict[str, Any]]:
    pattern = rng.choice(("standard", "split", "early", "part_time", "evening"))
    days = range(4) if pattern == "part_time" else range(5)
    ranges = {
        "standard": [("09:00", "17:00")],
        "split": [("08:30", "12:00"), ("13:00", "17:30")],
        "early": [("07:00", "15:00")],
        "part_time": [("09:30", "14:30")],
        "evening": [("10:00", "16:00"), ("19:00", "21:00")],
    }[pattern]
    return [{"day": d, "start": s, "end": e} for d in days for s, e in ranges]


def boundaries(rng: random.Random) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    if rng.random() < 0.35:
        blocks.append(
            {
                "label": "caregiving",
                "days": [0, 1, 2, 3, 4],
                "start": "15:00",
                "end": "17:30",
                "hard": True,
            }
        )
    if rng.random() < 0.15:
        blocks.append(
            {
                "label": "homeschooling",
                "days": [0, 2, 4],
                "start": "08:30",
                "end": "10:00",
                "hard": False,
            }
        )
    if rng.random() < 0.10:
        # A late personal commitment that crosses midnight.
        blocks.append(
            {"label": "personal", "days": [2], "start": "23:00", "end": "01:00", "hard": True}
        )
    quiet = rng.choice(
        ({"start": "21:00", "end": "07:00"}, {"start": "22:30", "end": "06:30"}, None)
    )
    return {
        "quiet_hours": quiet,
        "boundary_blocks": blocks,
        "topics_off_limits": rng.sample(people.OFF_LIMITS, k=rng.choice((0, 0, 1, 2))),
        "camera_optional": rng.random() < 0.3,
    }


def calling(rng: random.Random) -> str:
    return (
        f"{rng.choice(people.CALLING_OPENINGS)} {rng.choice(people.CALLING_CORES)}. "
        f"{rng.choice(people.CALLING_CLOSINGS)}"
    )


def tipi(rng: random.Random) -> list[int]:
    return [max(1, min(7, round(rng.gauss(4.5, 1.4)))) for _ in range(10)]
