"""How an engine result becomes what Kindred stores: proposals with both
sides' explanations, the mentees left out and why, and the fairness audit
with readable names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

from kindred.engines import matching as engine
from kindred.matching.models import MatchRun, Proposal
from kindred.profiles.models import Demographics


def reasons_json(reasons: Sequence[engine.Reason]) -> list[dict[str, object]]:
    """Each reason as stored: its English sentence, and its code and values
    for saying it in a reader's language (kindred.matching.words)."""
    return [
        {
            "component": r.component,
            "text": r.text,
            "weight": r.contribution,
            "code": r.code,
            "params": r.params,
        }
        for r in reasons
    ]


def left_out(mentees: list[int], reason: str) -> list[dict[str, object]]:
    """Mentees kept out of the pool, as unmatched rows with the reason."""
    return [{"mentee": m, "reason": reason, "feasible_mentors": 0} for m in mentees]


ATTRIBUTE_LABELS = {
    "gender": gettext_noop("Gender"),
    "age_band": gettext_noop("Age band"),
    "ethnicity": gettext_noop("Ethnicity"),
    "disability": gettext_noop("Disability"),
    "caregiver": gettext_noop("Caring responsibilities"),
    "first_generation_professional": gettext_noop("First-generation professional"),
}


def labelled(attribute: dict[str, Any]) -> dict[str, Any]:
    """Readable names for an audited attribute and its groups, stored in the
    default language; pages translate them when shown (the names are in the
    catalogue)."""
    with translation.override(settings.LANGUAGE_CODE):
        names = {k: str(v) for k, v in Demographics.CHOICES.get(attribute["attribute"], [])}
    attribute["label"] = ATTRIBUTE_LABELS.get(attribute["attribute"], attribute["attribute"])
    for group in attribute["groups"]:
        group["label"] = names.get(group["group"], group["group"].capitalize())
    return attribute


def peer_row(
    run: MatchRun, pair: engine.PeerPair, people: dict[int, engine.Person],
    settings: engine.Settings,
) -> Proposal:  # fmt: skip
    """Two peers as a proposal (the first named as mentee, the second as
    mentor, names only): each side's reasons as they see the other."""
    first, second = people[pair.first_id], people[pair.second_id]
    row = proposal_row(run, pair.as_first, people, settings)
    row.score, row.peer = pair.score, True
    row.mentor_reasons = reasons_json(engine.explain(pair.as_second, second, first, settings))
    return row


def proposal_row(
    run: MatchRun, pair: engine.Pair, people: dict[int, engine.Person], settings: engine.Settings
) -> Proposal:
    mentee, mentor = people[pair.mentee_id], people[pair.mentor_id]
    return Proposal(
        run=run,
        mentee_id=pair.mentee_id,
        mentor_id=pair.mentor_id,
        score=pair.score,
        components=pair.components,
        contributions=pair.contributions,
        overlap_hours=pair.overlap_hours,
        pinned=pair.pinned,
        mentee_reasons=reasons_json(engine.explain(pair, mentee, mentor, settings)),
        mentor_reasons=reasons_json(engine.explain(pair, mentee, mentor, settings, to="mentor")),
    )
