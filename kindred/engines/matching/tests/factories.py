"""Small synthetic people for the engine's tests."""

from __future__ import annotations

import random
from typing import Any

from kindred.engines.matching import Person

ZONES = ("Europe/London", "Asia/Kolkata", "America/New_York", "Australia/Sydney", "Asia/Kathmandu")
SKILLS = tuple(f"skill {n}" for n in range(8))
TEXTS = (
    "I want to lead remote teams with care",
    "research, writing and publishing papers",
    "building products customers love",
    "coaching people through career changes",
)


def person(rng: random.Random, pid: int, *, capacity: int = 0, **overrides: Any) -> Person:
    fields: dict[str, object] = {
        "id": pid,
        "name": f"Person {pid}",
        "values": tuple(rng.randint(1, 6) for _ in range(10)),
        "big_five": tuple(round(rng.uniform(1, 7) * 2) / 2 for _ in range(5)),
        "text": rng.choice(TEXTS),
        "skills_sought": frozenset(rng.sample(SKILLS, 2)),
        "skills_offered": frozenset(rng.sample(SKILLS, 3)),
        "goals": frozenset(),
        "languages": frozenset(rng.sample(["en", "fr", "hi"], rng.randint(1, 2))),
        "timezone": rng.choice(ZONES),
        "windows": tuple((d, "09:00", "17:00") for d in range(5)),
        "sync_channels": frozenset(["video"]),
        "email": f"p{pid}@test.example",
        "department": rng.choice(["Ops", "Tech", "Sales"]),
        "level": rng.randint(1, 6),
        "capacity": capacity,
    }
    fields.update(overrides)
    return Person(**fields)  # type: ignore[arg-type]


def programme(
    seed: int, mentees: int, mentors: int, max_capacity: int = 3
) -> tuple[list[Person], list[Person]]:
    rng = random.Random(seed)
    return (
        [person(rng, n) for n in range(mentees)],
        [person(rng, 1000 + n, capacity=rng.randint(0, max_capacity)) for n in range(mentors)],
    )
