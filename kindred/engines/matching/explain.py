"""Plain-language reasons for a proposed pair, strongest first. Only
components that actually contributed to the score are mentioned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kindred.engines.matching import availability, text
from kindred.engines.matching.model import Pair, Person, Settings

TRAITS = ("extraversion", "agreeableness", "conscientiousness", "emotional stability", "openness")


@dataclass(frozen=True)
class Reason:
    component: str
    contribution: float
    text: str


def explain(
    pair: Pair, mentee: Person, mentor: Person, settings: Settings, *, to: str = "mentee"
) -> list[Reason]:
    """Reasons addressed to one side ("you", `to` is "mentee" or "mentor")
    about the other (by first name)."""
    view = _View(mentor, mentee, "mentor") if to == "mentor" else _View(mentee, mentor, "mentee")
    return _explain(pair, view, settings)


@dataclass(frozen=True)
class _View:
    you: Person
    other: Person
    role: str  # the reader's role

    @property
    def mentee(self) -> Person:
        return self.you if self.role == "mentee" else self.other

    @property
    def mentor(self) -> Person:
        return self.other if self.role == "mentee" else self.you


def _explain(pair: Pair, view: _View, settings: Settings) -> list[Reason]:
    writers = {
        "values": _values,
        "personality": _personality,
        "meaning": _meaning,
        "fit": _fit,
        "logistics": _logistics,
    }
    reasons = []
    for component, contribution in pair.contributions.items():
        if contribution <= 0:
            continue
        sentence = writers[component](pair, view, settings)
        if sentence:
            reasons.append(Reason(component, contribution, sentence))
    return sorted(reasons, key=lambda r: -r.contribution)


def _name(person: Person) -> str:
    return person.name.split()[0] if person.name else "your partner"


def _top(values: Sequence[float], labels: Sequence[str], n: int = 3) -> list[str]:
    ranked = sorted(range(len(values)), key=lambda k: (-values[k], k))[:n]
    return [labels[k] if k < len(labels) else f"value {k + 1}" for k in ranked]


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _values(pair: Pair, view: _View, settings: Settings) -> str:
    assert view.you.values and view.other.values
    labels = settings.value_labels
    theirs = _top(view.other.values, labels)
    shared = [v for v in _top(view.you.values, labels) if v in theirs]
    name = _name(view.other)
    if shared:
        return f"You and {name} both put {_join(shared)} among your top three values."
    return f"Your work values line up {_degree(pair.components['values'])} well with {name}'s."


def _personality(pair: Pair, view: _View, settings: Settings) -> str:
    assert view.you.big_five and view.other.big_five
    gaps = [abs(a - b) for a, b in zip(view.you.big_five, view.other.big_five, strict=True)]
    closest = [TRAITS[k] for k in sorted(range(5), key=lambda k: gaps[k])[:2]]
    return (
        f"Your personalities are {_degree(pair.components['personality'])} close, "
        f"especially in {_join(closest)}."
    )


def _meaning(pair: Pair, view: _View, settings: Settings) -> str:
    words = text.shared_terms(view.you.text, view.other.text)
    about = f" (you both write about {_join(words)})" if words else ""
    return (
        f"What you wrote about your calling and dreams is {_degree(pair.components['meaning'])} "
        f"similar to what {_name(view.other)} wrote{about}."
    )


def _fit(pair: Pair, view: _View, settings: Settings) -> str:
    mentee, mentor, name = view.mentee, view.mentor, _name(view.other)
    parts = []
    if mentee.skills_sought:
        offered = sorted(mentee.skills_sought & mentor.skills_offered)
        listed = f": {_join(offered)}" if offered else ""
        if view.role == "mentee":
            parts.append(
                f"{name} offers {len(offered)} of the {len(mentee.skills_sought)} skills "
                f"you want to build{listed}"
            )
        else:
            parts.append(
                f"you offer {len(offered)} of the {len(mentee.skills_sought)} skills "
                f"{name} wants to build{listed}"
            )
    helped = sorted(mentee.goals & mentor.goals)
    if helped:
        whose = "your" if view.role == "mentee" else f"{name}'s"
        who = name if view.role == "mentee" else "you"
        parts.append(
            f"{who} can help with {whose} goal{'s' if len(helped) > 1 else ''} {_join(helped)}"
        )
    sentence = " and ".join(parts)
    return (sentence[0].upper() + sentence[1:] + ".") if sentence else ""


def _logistics(pair: Pair, view: _View, settings: Settings) -> str:
    sides = availability.overlap_local_hours(
        (view.you.timezone, view.you.windows),
        (view.other.timezone, view.other.windows),
        settings.reference_date,
        settings.horizon_weeks,
    )
    name = _name(view.other)
    when = ""
    if sides is not None:
        yours, theirs = (_part_of_day(h) for h in sides)
        when = (
            f", your {yours}, {name}'s {theirs}" if yours != theirs else f", both in your {yours}"
        )
    channels = sorted(view.you.sync_channels & view.other.sync_channels)
    talk = f"; you can both meet by {_join(channels)}" if channels else ""
    return f"{_hours(pair.overlap_hours)} of shared working time a week{when}{talk}."


def _hours(hours: float) -> str:
    rounded = round(hours * 2) / 2
    return f"{rounded:g} h"


def _part_of_day(hour: float) -> str:
    if hour < 12:
        return "mornings"
    if hour < 17:
        return "afternoons"
    return "evenings"


def _degree(value: float) -> str:
    if value >= 0.8:
        return "very"
    if value >= 0.6:
        return "fairly"
    return "somewhat"
