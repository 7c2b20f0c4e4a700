"""What a pair shares, for the pair to reflect on together: values both
rate highly, traits where they are close (and where they differ, as a
strength), overlapping goals and dreams by meaning, skills one offers that
the other seeks, and shared working time. Plain data in and out; the same
components the matching score is built from, never demographics. The
questions put to the pair from it are worded in the reader's language by
the application (kindred.matching.words)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from kindred.engines.matching import availability, text
from kindred.engines.matching.explain import TRAITS
from kindred.engines.matching.model import Person

HIGH_VALUE = 5  # on the 1-6 scale: "very important" or more
CLOSE_TRAIT = 1.0  # within a point on the 1-7 scale
DIFFERENT_TRAIT = 2.5


@dataclass(frozen=True)
class Similarities:
    shared_values: list[str] = field(default_factory=list)
    close_traits: list[str] = field(default_factory=list)
    different_traits: list[tuple[str, str]] = field(default_factory=list)  # (trait, higher)
    meaning: float | None = None  # 0-1 closeness of what both wrote
    shared_words: list[str] = field(default_factory=list)
    shared_goals: list[str] = field(default_factory=list)
    mentor_offers: list[str] = field(default_factory=list)  # that the mentee seeks
    mentee_offers: list[str] = field(default_factory=list)  # that the mentor seeks
    weekly_hours: float = 0.0
    local_hours: tuple[float, float] | None = None  # typical shared hour: mentee, mentor


def similarities(
    mentee: Person,
    mentor: Person,
    *,
    value_labels: tuple[str, ...],
    reference_date: dt.date,
    weeks: int = 4,
) -> Similarities:
    close, different = _traits(mentee, mentor)
    grids = [
        availability.pattern_grid(p.timezone, p.windows, reference_date, weeks)
        for p in (mentee, mentor)
    ]
    return Similarities(
        shared_values=_shared_values(mentee, mentor, value_labels),
        close_traits=close,
        different_traits=different,
        meaning=_meaning(mentee, mentor),
        shared_words=text.shared_terms(mentee.text, mentor.text, limit=5),
        shared_goals=sorted(mentee.goals & mentor.goals),
        mentor_offers=sorted(mentee.skills_sought & mentor.skills_offered),
        mentee_offers=sorted(mentor.skills_sought & mentee.skills_offered),
        weekly_hours=float((grids[0] & grids[1]).sum()) * availability.SLOT_MINUTES / 60 / weeks,
        local_hours=availability.overlap_local_hours(
            (mentee.timezone, mentee.windows),
            (mentor.timezone, mentor.windows),
            reference_date,
            weeks,
        ),
    )


def _shared_values(a: Person, b: Person, labels: tuple[str, ...]) -> list[str]:
    if not a.values or not b.values:
        return []
    return [
        label
        for label, x, y in zip(labels, a.values, b.values, strict=False)
        if x >= HIGH_VALUE and y >= HIGH_VALUE
    ]


def _traits(mentee: Person, mentor: Person) -> tuple[list[str], list[tuple[str, str]]]:
    if not mentee.big_five or not mentor.big_five:
        return [], []
    close, different = [], []
    for trait, x, y in zip(TRAITS, mentee.big_five, mentor.big_five, strict=True):
        if abs(x - y) <= CLOSE_TRAIT:
            close.append(trait)
        elif abs(x - y) >= DIFFERENT_TRAIT:
            different.append((trait, "mentee" if x > y else "mentor"))
    return close, different


def _meaning(a: Person, b: Person) -> float | None:
    if a.text_vector and b.text_vector:
        va, vb = np.asarray(a.text_vector), np.asarray(b.text_vector)
        norms = float(np.linalg.norm(va) * np.linalg.norm(vb))
        return max(0.0, float(va @ vb) / norms) if norms else None
    if not a.text.strip() or not b.text.strip():
        return None
    matrix = text.tfidf_matrix([a.text, b.text])
    return float(matrix[0] @ matrix[1])
