"""What the health engine finds, in words: the components that pull a
score most and the reasons a pair is at risk. The daily health run keeps
them as phrases (kindred.lib.phrases), so each manager, mentor and mentee
reads them later in their own language. Pairs (kindred.health) and circles
(kindred.circles) both word them here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.engines.health.score import (
    NEEDS_CHECK_IN,
    NO_MEETING,
    NO_SHOWS,
    OVERDUE,
    Contributor,
    Risk,
)
from kindred.engines.health.surveys import RatingsRefused
from kindred.lib.phrases import Phrase, kept_list, phrase, phrases

COMPONENT_NAMES = {
    "commitment": gettext_noop("commitment (surveys)"),
    "trust": gettext_noop("trust (surveys)"),
    "quality": gettext_noop("relationship quality (surveys)"),
    "competence": gettext_noop("mentor competence (surveys)"),
    "cadence": gettext_noop("keeping the agreed cadence"),
    "follow_through": gettext_noop("following through on commitments"),
    "reliability": gettext_noop("coming to meetings on time"),
    "comfort": gettext_noop("comfort in meetings"),
    "responsiveness": gettext_noop("replying within the agreed time"),
    "milestones": gettext_noop("meeting project milestones"),
}


def ratings_refusal(error: RatingsRefused, *, nothing_rated: str) -> str:
    """Why survey or self-assessment ratings were refused, in the reader's
    language; `nothing_rated` says it when no statement was rated."""
    if error.unknown:
        return _("Unknown statements: %(keys)s.") % {"keys": ", ".join(error.unknown)}
    if error.not_a_rating:
        return _("%(key)s: answer with a whole number from 1 to 7.") % {"key": error.not_a_rating}
    return nothing_rated


def contributor_phrase(found: Contributor) -> Phrase:
    name = phrase(COMPONENT_NAMES[found.component])
    if found.strong:
        return phrase(
            "strong: %(component)s (%(percent)s%%)", component=name, percent=found.percent
        )
    return phrase("weak: %(component)s (%(percent)s%%)", component=name, percent=found.percent)


def risk_phrase(found: Risk) -> Phrase:
    if found.code == NO_MEETING:
        return phrases(
            "No meeting held or booked for %(count)s day",
            "No meeting held or booked for %(count)s days",
            found.count,
        )
    if found.code == OVERDUE:
        return phrases("%(count)s commitment overdue", "%(count)s commitments overdue", found.count)
    if found.code == NO_SHOWS:
        return phrase("Two no-shows in a row")
    if found.code == NEEDS_CHECK_IN:
        # Fires on one person's private answer: names no answer or direction.
        return phrase("Needs a check-in: ask the pair how it is going")
    raise ValueError(f"unknown risk {found.code!r}")


def contributors_kept(found: list[Contributor]) -> list[dict[str, Any]]:
    return kept_list([contributor_phrase(c) for c in found])


def risks_kept(found: list[Risk]) -> list[dict[str, Any]]:
    return kept_list([risk_phrase(r) for r in found])
