"""The matching engine's plain-data inputs and outputs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ENGINE_VERSION = "1.2.0"  # 1.1: groups, budgets, halves rounded up, search_stopped; 1.2: reverse

COMPONENTS = ("values", "personality", "meaning", "fit", "logistics")


@dataclass(frozen=True)
class Person:
    """A mentee or a mentor, as the engine sees them. Every deep-level field
    may be missing (None or empty); the score then rests on what is known."""

    id: int
    name: str = ""
    values: tuple[float, ...] | None = None  # ten ratings, 1-6, in a fixed order
    big_five: tuple[float, ...] | None = None  # five scores, 1-7
    text: str = ""  # calling, career dreams and goal names, for meaning
    text_vector: tuple[float, ...] | None = None  # a stored sentence embedding
    skills_sought: frozenset[str] = frozenset()
    skills_offered: frozenset[str] = frozenset()
    goals: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    timezone: str = "UTC"
    windows: tuple[tuple[int, str, str], ...] = ()  # (weekday 0=Mon, "HH:MM", "HH:MM") local
    sync_channels: frozenset[str] = frozenset()
    email: str = ""
    manager_email: str = ""
    department: str = ""
    level: int | None = None
    capacity: int = 0  # mentors only


@dataclass(frozen=True)
class Weights:
    """How much each component counts. Documented defaults: deep-level
    similarity (values, personality, meaning) carries 60%."""

    values: float = 0.25
    personality: float = 0.10
    meaning: float = 0.25
    fit: float = 0.25
    logistics: float = 0.15

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in COMPONENTS}


@dataclass(frozen=True)
class Settings:
    weights: Weights = field(default_factory=Weights)
    reference_date: dt.date = dt.date(2026, 1, 5)  # first day of the overlap horizon
    horizon_weeks: int = 4
    min_overlap_hours: float = 2.0
    comfortable_overlap_hours: float = 6.0  # overlap that earns the full logistics score
    allow_same_department: bool = True
    min_level_gap: int | None = None
    # Reverse mentoring: the mentor is the junior one, so the level gap is
    # counted from the mentor up to the mentee.
    reverse: bool = False
    exclusions: frozenset[tuple[int, int]] = frozenset()  # (mentee id, mentor id)
    previous_pairs: frozenset[tuple[int, int]] = frozenset()
    pins: tuple[tuple[int, int], ...] = ()
    reporting_lines: Mapping[str, str] = field(default_factory=dict)  # e-mail -> manager e-mail
    candidates_per_mentee: int = 24
    # Scores are computed a block of mentees at a time; blocks of this many
    # pairs stay in the processor's cache, which matters more than anything else.
    block_pairs: int = 200_000
    threads: int = 0  # 0: one per core
    # Budgets: a run that reaches one stops with the best assignment found
    # and says how far from proven it is (MatchResult.stopped, .gap).
    max_certificate_rounds: int = 60
    time_budget_seconds: float | None = 300.0  # kept only when match() is given a timer
    memory_budget_mb: int = 3072  # for the candidate pairs that grow round by round
    value_labels: tuple[str, ...] = ()


def level_gap(settings: Settings, mentee_level: Any, mentor_level: Any) -> Any:
    """How many levels the one who mentors is on the side the rule wants:
    above the mentee, or below in reverse mentoring. Works on numbers and
    on numpy arrays alike (an unknown level, NaN, compares false)."""
    if settings.reverse:
        return mentee_level - mentor_level
    return mentor_level - mentee_level


@dataclass(frozen=True)
class Pair:
    mentee_id: int
    mentor_id: int
    score: float
    components: dict[str, float]  # each component's value in [0, 1], for those known
    contributions: dict[str, float]  # each component's share of the score
    overlap_hours: float
    pinned: bool = False
    feasible: bool = True  # False only for a pair a person forced (a pin or a swap)


@dataclass(frozen=True)
class Unmatched:
    mentee_id: int
    # "no_feasible_mentor", "mentors_full", or "search_stopped" (a mentor
    # with room was feasible, but the search reached a budget first)
    reason: str
    feasible_mentors: int


@dataclass
class MatchResult:
    pairs: list[Pair]
    unmatched: list[Unmatched]
    objective: float  # total compatibility of the assignment
    bound: float  # an upper bound on any assignment matching as many mentees
    gap: float  # (bound - objective) / bound; 0 proves optimality
    text_method: str  # "semantic" or "tfidf"
    feasible_pairs: int
    candidate_pairs: int
    certificate_rounds: int
    timings: dict[str, float]
    engine_version: str = ENGINE_VERSION
    # Set when the search stopped short of a proof ("rounds", "time" or
    # "memory"): the result is then the best found, not proven optimal.
    stopped: str = ""
    more_matchable: int = 0  # at most this many more mentees could be matched

    @property
    def certified(self) -> bool:
        return not self.stopped

    @property
    def possible_improvement(self) -> float:
        """By how much the total compatibility could at most rise."""
        return max(self.bound - self.objective, 0.0)
