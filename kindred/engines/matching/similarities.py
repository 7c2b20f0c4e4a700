"""What a pair shares, for the pair to reflect on together: values both
rate highly, traits where they are close (and where they differ, as a
strength), overlapping goals and dreams by meaning, skills one offers that
the other seeks, and shared working time. Plain data in and out; the same
components the matching score is built from, never demographics."""

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
    prompts: list[str] = field(default_factory=list)


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
    found = Similarities(
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
    return _with_prompts(found, mentee, mentor)


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


def _first(person: Person) -> str:
    return person.name.split()[0] if person.name else "they"


def _with_prompts(found: Similarities, mentee: Person, mentor: Person) -> Similarities:
    prompts = []
    if found.shared_values:
        prompts.append(
            f"You both rate {found.shared_values[0].lower()} highly. "
            "What does it look like in your work this month?"
        )
    if found.close_traits:
        prompts.append(
            f"You are alike in {found.close_traits[0]}. "
            "Where does that make it easy to understand each other, and where might you both "
            "miss the same thing?"
        )
    for trait, higher in found.different_traits[:1]:
        who, other = (mentee, mentor) if higher == "mentee" else (mentor, mentee)
        prompts.append(
            f"{_first(who)} scores higher in {trait} than {_first(other)}. "
            "What could each of you borrow from the other's way of working?"
        )
    if found.shared_goals or found.shared_words:
        topic = (found.shared_goals or found.shared_words)[0]
        prompts.append(f"You both wrote about {topic}. What does it mean to each of you?")
    if found.mentor_offers:
        prompts.append(
            f"{_first(mentor)} can help with {found.mentor_offers[0]}. "
            "What would a first small step look like?"
        )
    if found.mentee_offers:
        prompts.append(
            f"{_first(mentee)} offers {found.mentee_offers[0]}, which {_first(mentor)} wants "
            "to build. Mentoring runs both ways: how could you swap?"
        )
    prompts.append("What surprised you about what you have in common?")
    return Similarities(**{**found.__dict__, "prompts": prompts})
