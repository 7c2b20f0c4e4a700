"""Synthetic organisations whose true programme effect is known, for the
calibration tests and the benchmark: juniors and newcomers join the
programme more often, and they also leave more often, so the raw
difference between participants and everyone else is biased, while a
comparison weighted on level and tenure recovers the planted effect."""

from __future__ import annotations

import numpy as np

from kindred.engines.outcomes.comparison import Cohort, Outcome

DEPARTMENTS = ("Engineering", "Sales", "Operations", "Finance", "People", "Support")
LOCATIONS = ("Lagos", "London", "São Paulo", "Osaka", "Pune", "Toronto")


def _expit(value: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-value))


def organisation(
    seed: int, *, people: int = 4000, effect: float = 0.0, share: float = 0.15
) -> tuple[Cohort, Outcome]:
    """People employed on the index date, and the outcome: 1 for those still
    employed 12 months later, raised by `effect` (a probability) for
    participants; about `share` of them take part."""
    rng = np.random.default_rng(seed)
    level = rng.integers(1, 6, people)  # 1 junior .. 5 senior
    tenure = rng.gamma(2.0, 2.5, people)  # years
    department = rng.choice(len(DEPARTMENTS), people)
    location = rng.choice(len(LOCATIONS), people)
    # Who takes part: more juniors, more newcomers, a little by department.
    intercept = np.log(share / (1 - share)) - 0.2
    selection = intercept - 0.45 * (level - 3) - 0.18 * (tenure - 5) + 0.15 * (department == 1)
    participant = rng.random(people) < _expit(selection)
    # Who stays: seniors and long-tenured people more, by location a little.
    stay = 0.72 + 0.05 * (level - 3) + 0.02 * np.minimum(tenure, 8) - 0.03 * (location == 2)
    stayed = rng.random(people) < np.clip(stay + effect * participant, 0.0, 1.0)
    cohort = Cohort(
        participant=participant,
        categorical={
            "level": np.array([f"L{n}" for n in level]),
            "department": np.array(DEPARTMENTS)[department],
            "location": np.array(LOCATIONS)[location],
        },
        numeric={"tenure_years": tenure},
    )
    return cohort, Outcome(stayed.astype(float))


def promotions(seed: int, *, people: int = 4000, effect: float = 0.0) -> tuple[Cohort, Outcome]:
    """Promotion in the year after the index date and in the year before,
    where participants also differ in something not measured and stable
    (drive): the difference in differences removes it, a comparison on what
    was measured alone does not."""
    rng = np.random.default_rng(seed)
    level = rng.integers(1, 6, people)
    tenure = rng.gamma(2.0, 2.5, people)
    drive = rng.normal(0, 1, people)  # not measured
    selection = -1.9 - 0.4 * (level - 3) + 0.6 * drive
    participant = rng.random(people) < _expit(selection)
    base = 0.12 - 0.015 * (level - 3) + 0.04 * drive
    before = rng.random(people) < np.clip(base, 0.0, 1.0)
    after = rng.random(people) < np.clip(base + effect * participant, 0.0, 1.0)
    cohort = Cohort(
        participant=participant,
        categorical={"level": np.array([f"L{n}" for n in level])},
        numeric={"tenure_years": tenure},
    )
    return cohort, Outcome(after.astype(float), before.astype(float))
