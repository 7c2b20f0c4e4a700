"""Plain-language reasons for a proposed pair, strongest first. Only
components that actually contributed to the score are mentioned.

Each reason carries its English sentence and, for the reader's own
language, what it says as data: a `code` naming the sentence and `params`
holding plain values (indices of values and traits, codes for degrees and
parts of the day, and the people's own words), which the application puts
into words in the reader's language when it shows the reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kindred.engines.matching import availability, text
from kindred.engines.matching.model import Pair, Person, Settings

TRAITS = ("extraversion", "agreeableness", "conscientiousness", "emotional stability", "openness")


@dataclass(frozen=True)
class Reason:
    component: str
    contribution: float
    text: str
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Said:
    text: str
    code: str
    params: dict[str, Any]


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
        said = writers[component](pair, view, settings)
        if said is not None:
            reasons.append(Reason(component, contribution, said.text, said.code, said.params))
    return sorted(reasons, key=lambda r: -r.contribution)


def _name(person: Person) -> str:
    return person.name.split()[0] if person.name else "your partner"


def _top(values: Sequence[float], n: int = 3) -> list[int]:
    return sorted(range(len(values)), key=lambda k: (-values[k], k))[:n]


def _label(labels: Sequence[str], k: int) -> str:
    return labels[k] if k < len(labels) else f"value {k + 1}"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _values(pair: Pair, view: _View, settings: Settings) -> _Said:
    assert view.you.values and view.other.values
    labels = settings.value_labels
    theirs = _top(view.other.values)
    shared = [k for k in _top(view.you.values) if k in theirs]
    name = _name(view.other)
    if shared:
        listed = _join([_label(labels, k) for k in shared])
        text = f"You and {name} both put {listed} among your top three values."
        return _Said(text, "values_shared", {"name": name, "values": shared})
    degree = _degree(pair.components["values"])
    text = f"Your work values line up {degree} well with {name}'s."
    return _Said(text, "values_aligned", {"name": name, "degree": degree})


def _personality(pair: Pair, view: _View, settings: Settings) -> _Said:
    assert view.you.big_five and view.other.big_five
    gaps = [abs(a - b) for a, b in zip(view.you.big_five, view.other.big_five, strict=True)]
    closest = sorted(range(5), key=lambda k: gaps[k])[:2]
    degree = _degree(pair.components["personality"])
    text = (
        f"Your personalities are {degree} close, "
        f"especially in {_join([TRAITS[k] for k in closest])}."
    )
    return _Said(text, "personality_close", {"degree": degree, "traits": closest})


def _meaning(pair: Pair, view: _View, settings: Settings) -> _Said:
    words = text.shared_terms(view.you.text, view.other.text)
    about = f" (you both write about {_join(words)})" if words else ""
    degree, name = _degree(pair.components["meaning"]), _name(view.other)
    said = (
        f"What you wrote about your calling and dreams is {degree} "
        f"similar to what {name} wrote{about}."
    )
    return _Said(said, "meaning_similar", {"degree": degree, "name": name, "words": words})


def _fit(pair: Pair, view: _View, settings: Settings) -> _Said | None:
    mentee, mentor, name = view.mentee, view.mentor, _name(view.other)
    offered = sorted(mentee.skills_sought & mentor.skills_offered)
    sought = len(mentee.skills_sought)
    helped = sorted(mentee.goals & mentor.goals)
    parts = []
    if sought:
        listed = f": {_join(offered)}" if offered else ""
        if view.role == "mentee":
            parts.append(
                f"{name} offers {len(offered)} of the {sought} skills you want to build{listed}"
            )
        else:
            parts.append(
                f"you offer {len(offered)} of the {sought} skills {name} wants to build{listed}"
            )
    if helped:
        whose = "your" if view.role == "mentee" else f"{name}'s"
        who = name if view.role == "mentee" else "you"
        parts.append(
            f"{who} can help with {whose} goal{'s' if len(helped) > 1 else ''} {_join(helped)}"
        )
    if not parts:
        return None
    sentence = " and ".join(parts)
    params = {
        "role": view.role,
        "name": name,
        "offered": offered,
        "sought": sought,
        "goals": helped,
    }
    return _Said(sentence[0].upper() + sentence[1:] + ".", "fit", params)


def _logistics(pair: Pair, view: _View, settings: Settings) -> _Said:
    sides = availability.overlap_local_hours(
        (view.you.timezone, view.you.windows),
        (view.other.timezone, view.other.windows),
        settings.reference_date,
        settings.horizon_weeks,
    )
    name = _name(view.other)
    when, yours, theirs = "", "", ""
    if sides is not None:
        yours, theirs = (_part_of_day(h) for h in sides)
        when = (
            f", your {yours}, {name}'s {theirs}" if yours != theirs else f", both in your {yours}"
        )
    channels = sorted(view.you.sync_channels & view.other.sync_channels)
    talk = f"; you can both meet by {_join(channels)}" if channels else ""
    hours = round(pair.overlap_hours * 2) / 2
    params = {"hours": hours, "name": name, "yours": yours, "theirs": theirs, "channels": channels}
    return _Said(f"{hours:g} h of shared working time a week{when}{talk}.", "logistics", params)


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
