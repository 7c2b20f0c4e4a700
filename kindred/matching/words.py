"""A match's reasons and what a pair shares, in the reader's language.

The engine (kindred.engines.matching) knows no language: each reason it
gives carries a code and plain values (indices of values and traits, codes
for how close and for parts of the day, and people's own words), and the
English sentence it was written as. Here they become sentences in the
language active when they are shown, so a mentor in Osaka and a mentee in
São Paulo each read why they were matched in their own. A reason stored
before reasons carried codes keeps its English sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from kindred.accounts.models import User
from kindred.engines.matching.explain import TRAITS as ENGINE_TRAITS
from kindred.engines.matching.explain import Reason
from kindred.engines.matching.similarities import Similarities
from kindred.profiles.instruments import WORK_VALUES

# The Big Five in the engine's order, as a word inside a sentence.
TRAITS = (
    pgettext_lazy("trait in a sentence", "extraversion"),
    pgettext_lazy("trait in a sentence", "agreeableness"),
    pgettext_lazy("trait in a sentence", "conscientiousness"),
    pgettext_lazy("trait in a sentence", "emotional stability"),
    pgettext_lazy("trait in a sentence", "openness"),
)
DEGREES = {
    "very": pgettext_lazy("how close", "very"),
    "fairly": pgettext_lazy("how close", "fairly"),
    "somewhat": pgettext_lazy("how close", "somewhat"),
}
PARTS_OF_DAY = {
    "mornings": pgettext_lazy("part of the day", "mornings"),
    "afternoons": pgettext_lazy("part of the day", "afternoons"),
    "evenings": pgettext_lazy("part of the day", "evenings"),
}
CHANNELS = {
    "video": pgettext_lazy("way to meet", "video call"),
    "phone": pgettext_lazy("way to meet", "phone"),
    "internal": pgettext_lazy("way to meet", "the internal system"),
}


def join_words(items: Sequence[object]) -> str:
    """["a", "b", "c"] → "a, b and c", with the language's own separators."""
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    head = pgettext("list separator", ", ").join(words[:-1])
    return pgettext("list", "%(items)s and %(last)s") % {"items": head, "last": words[-1]}


def trait_word(engine_name: str) -> str:
    """A trait as the engine names it, in the reader's language."""
    return str(TRAITS[ENGINE_TRAITS.index(engine_name)])


def reason_text(reason: Mapping[str, Any] | Reason) -> str:
    """One reason, as the engine gave it or as stored with a proposal or a
    request, in words."""
    if isinstance(reason, Reason):
        reason = {"code": reason.code, "params": reason.params, "text": reason.text}
    writer = _WRITERS.get(str(reason.get("code", "")))
    if writer is None:
        return str(reason.get("text", ""))
    try:
        return writer(reason.get("params") or {})
    except (KeyError, IndexError, TypeError, ValueError):
        return str(reason.get("text", ""))  # a shape this version does not know


def _degree(params: Mapping[str, Any]) -> str:
    return str(DEGREES[params["degree"]])


def _values_shared(params: Mapping[str, Any]) -> str:
    values = join_words([WORK_VALUES[k].name for k in params["values"]])
    return _("You and %(name)s both put %(values)s among your top three values.") % {
        "name": params["name"],
        "values": values,
    }


def _values_aligned(params: Mapping[str, Any]) -> str:
    return _("Your work values line up %(degree)s well with %(name)s's.") % {
        "degree": _degree(params),
        "name": params["name"],
    }


def _personality_close(params: Mapping[str, Any]) -> str:
    traits = join_words([TRAITS[k] for k in params["traits"]])
    return _("Your personalities are %(degree)s close, especially in %(traits)s.") % {
        "degree": _degree(params),
        "traits": traits,
    }


def _meaning_similar(params: Mapping[str, Any]) -> str:
    values = {"degree": _degree(params), "name": params["name"]}
    if params.get("words"):
        return _(
            "What you wrote about your calling and dreams is %(degree)s similar to what "
            "%(name)s wrote (you both write about %(words)s)."
        ) % {**values, "words": join_words(params["words"])}
    return (
        _(
            "What you wrote about your calling and dreams is %(degree)s similar to what "
            "%(name)s wrote."
        )
        % values
    )


def _fit(params: Mapping[str, Any]) -> str:
    sentences = []
    if params["sought"]:
        sentences.append(_skills(params))
    if params["goals"]:
        sentences.append(_goals(params))
    return " ".join(sentences)


def _skills(params: Mapping[str, Any]) -> str:
    sought, offered = params["sought"], params["offered"]
    values = {"name": params["name"], "sought": sought, "offered": len(offered)}
    values["list"] = join_words(offered)
    if params["role"] == "mentee":
        if not offered:
            text = ngettext(
                "%(name)s offers none of the %(sought)s skill you want to build.",
                "%(name)s offers none of the %(sought)s skills you want to build.",
                sought,
            )
        else:
            text = ngettext(
                "%(name)s offers %(offered)s of the %(sought)s skill you want to build: %(list)s.",
                "%(name)s offers %(offered)s of the %(sought)s skills you want to build: %(list)s.",
                sought,
            )
    elif not offered:
        text = ngettext(
            "You offer none of the %(sought)s skill %(name)s wants to build.",
            "You offer none of the %(sought)s skills %(name)s wants to build.",
            sought,
        )
    else:
        text = ngettext(
            "You offer %(offered)s of the %(sought)s skill %(name)s wants to build: %(list)s.",
            "You offer %(offered)s of the %(sought)s skills %(name)s wants to build: %(list)s.",
            sought,
        )
    return text % values


def _goals(params: Mapping[str, Any]) -> str:
    goals = params["goals"]
    values = {"name": params["name"], "list": join_words(goals)}
    if params["role"] == "mentee":
        text = ngettext(
            "%(name)s can help with your goal %(list)s.",
            "%(name)s can help with your goals %(list)s.",
            len(goals),
        )
    else:
        text = ngettext(
            "You can help with %(name)s's goal %(list)s.",
            "You can help with %(name)s's goals %(list)s.",
            len(goals),
        )
    return text % values


def _logistics(params: Mapping[str, Any]) -> str:
    hours = float(params["hours"])
    values = {
        "hours": number_format(hours, 0 if hours.is_integer() else 1),
        "name": params["name"],
    }
    if not params["yours"]:
        text = _("%(hours)s h of shared working time a week.") % values
    elif params["yours"] == params["theirs"]:
        text = _("%(hours)s h of shared working time a week, both in your %(yours)s.") % {
            **values,
            "yours": PARTS_OF_DAY[params["yours"]],
        }
    else:
        text = _(
            "%(hours)s h of shared working time a week, your %(yours)s, %(name)s's %(theirs)s."
        ) % {
            **values,
            "yours": PARTS_OF_DAY[params["yours"]],
            "theirs": PARTS_OF_DAY[params["theirs"]],
        }
    if params["channels"]:
        channels = join_words([CHANNELS.get(c, c) for c in params["channels"]])
        text += " " + _("You can both meet by %(channels)s.") % {"channels": channels}
    return text


_WRITERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "values_shared": _values_shared,
    "values_aligned": _values_aligned,
    "personality_close": _personality_close,
    "meaning_similar": _meaning_similar,
    "fit": _fit,
    "logistics": _logistics,
}


def first_name(person: User) -> str:
    return (person.display_name.split() or [""])[0]


def prompts(found: Similarities, mentee: str, mentor: str) -> list[str]:
    """Questions for the pair to talk about, from what they share; `mentee`
    and `mentor` are their first names."""
    asked = []
    if found.shared_values:
        asked.append(
            _("You both rate %(value)s highly. What does it look like in your work this month?")
            % {"value": found.shared_values[0]}
        )
    if found.close_traits:
        asked.append(
            _(
                "You are alike in %(trait)s. Where does that make it easy to understand each "
                "other, and where might you both miss the same thing?"
            )
            % {"trait": trait_word(found.close_traits[0])}
        )
    for trait, higher in found.different_traits[:1]:
        who, other = (mentee, mentor) if higher == "mentee" else (mentor, mentee)
        asked.append(
            _(
                "%(who)s scores higher in %(trait)s than %(other)s. What could each of you "
                "borrow from the other's way of working?"
            )
            % {"who": who, "trait": trait_word(trait), "other": other}
        )
    if found.shared_goals or found.shared_words:
        topic = (found.shared_goals or found.shared_words)[0]
        asked.append(
            _("You both wrote about %(topic)s. What does it mean to each of you?")
            % {"topic": topic}
        )
    if found.mentor_offers:
        asked.append(
            _("%(mentor)s can help with %(skill)s. What would a first small step look like?")
            % {"mentor": mentor, "skill": found.mentor_offers[0]}
        )
    if found.mentee_offers:
        asked.append(
            _(
                "%(mentee)s offers %(skill)s, which %(mentor)s wants to build. Mentoring runs "
                "both ways: how could you swap?"
            )
            % {"mentee": mentee, "skill": found.mentee_offers[0], "mentor": mentor}
        )
    asked.append(_("What surprised you about what you have in common?"))
    return asked
