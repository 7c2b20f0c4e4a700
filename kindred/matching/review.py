"""The manager's review of a run, at any size: a page of proposals at a
time found by name, score band, flags and order in the database; the
fairness audit read out in words; and a swap previewed for the rules it
would break before anything changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.engines import matching as engine
from kindred.lib.phrases import word
from kindred.matching import inputs
from kindred.matching.models import MatchRun, Proposal

PAGE_SIZE = 50
# Score bands a manager reads as words (the score runs from 0 to 1).
BANDS = {
    "strong": (gettext_lazy("Strong match (75 and over)"), Q(score__gte=0.75)),
    "good": (gettext_lazy("Good match (50 to 74)"), Q(score__gte=0.5, score__lt=0.75)),
    "weak": (gettext_lazy("Weaker match (under 50)"), Q(score__lt=0.5)),
}


def strength(score: float) -> str:
    """A score as a participant reads it: words, never a decimal."""
    if score >= 0.75:
        return _("Strong match")
    return _("Good match") if score >= 0.5 else _("Possible match")


FLAGS = {
    "rules": (gettext_lazy("Breaks a matching rule"), Q(breaks_rule=True)),
    "hand": (gettext_lazy("Changed by hand (pinned or swapped)"), Q(pinned=True)),
}
ORDERS = {
    "best": (gettext_lazy("Best match first"), ("-pinned", "-score", "pk")),
    "weakest": (gettext_lazy("Weakest match first"), ("score", "pk")),
    "mentee": (gettext_lazy("Mentee's name"), ("mentee__full_name", "pk")),
    "mentor": (gettext_lazy("Mentor's name"), ("mentor__full_name", "pk")),
}


@dataclass(frozen=True)
class Criteria:
    q: str = ""
    band: str = ""
    flag: str = ""
    order: str = "best"


def proposals_matching(run: MatchRun, criteria: Criteria) -> QuerySet[Proposal]:
    """The run's proposals that meet the criteria, in their order: one
    query a page, whatever the run's size."""
    found = run.proposals.select_related("mentee", "mentor")
    if criteria.q:
        found = found.filter(
            Q(mentee__full_name__icontains=criteria.q) | Q(mentor__full_name__icontains=criteria.q)
        )
    if criteria.band in BANDS:
        found = found.filter(BANDS[criteria.band][1])
    if criteria.flag in FLAGS:
        found = found.filter(FLAGS[criteria.flag][1])
    return found.order_by(*ORDERS.get(criteria.order, ORDERS["best"])[1])


def swap_candidates(proposal: Proposal, q: str, limit: int = 12) -> list[Proposal]:
    """Other pairs of the run whose mentor (or mentee) the name matches."""
    if not q.strip():
        return []
    return list(
        proposal.run.proposals.exclude(pk=proposal.pk)
        .filter(Q(mentor__full_name__icontains=q) | Q(mentee__full_name__icontains=q))
        .select_related("mentee", "mentor")
        .order_by("mentor__full_name", "mentee__full_name")[:limit]
    )


@dataclass(frozen=True)
class Swapped:
    """The two pairs a swap of mentors would make, scored by the engine."""

    pairs: list[Any]
    people: dict[int, Any]
    settings: Any


def swap_pairs(first: Proposal, second: Proposal, today: dt.date) -> Swapped:
    data = inputs.engine_inputs(first.run.programme, today=today)
    mentees = [
        inputs.person_from(p.mentee, getattr(p.mentee, "profile", None)) for p in (first, second)
    ]
    mentors = [
        inputs.person_from(p.mentor, getattr(p.mentor, "profile", None), 1) for p in (first, second)
    ]
    pairs = engine.evaluate(
        mentees,
        mentors,
        data.settings,
        [(first.mentee_id, second.mentor_id), (second.mentee_id, first.mentor_id)],
    )
    return Swapped(list(pairs), {p.id: p for p in [*mentees, *mentors]}, data.settings)


def swap_breaks(first: Proposal, second: Proposal, today: dt.date) -> list[str]:
    """The new pairs a swap would make that break a matching rule, named."""
    swapped = swap_pairs(first, second, today)
    people = swapped.people
    return [
        _("%(mentee)s with %(mentor)s")
        % {"mentee": people[p.mentee_id].name, "mentor": people[p.mentor_id].name}
        for p in swapped.pairs
        if not p.feasible
    ]


# --- the fairness audit in words --------------------------------------------------

# Pairs sharing a group this much more often than chance are
# pointed out; a group matched at under four fifths of the best-matched
# group's rate is too (the "four-fifths rule" of adverse-impact checks).
HOMOPHILY_LIMIT = 1.25
FOUR_FIFTHS = 0.8


def fairness_findings(audit: list[dict[str, Any]]) -> list[str]:
    """What a manager should look at in the run's fairness audit, in words;
    nothing when every figure is inside its expected band."""
    findings = []
    for attribute in audit:
        label = word(attribute.get("label") or attribute.get("attribute", ""))
        ratio = attribute.get("homophily_ratio")
        # Fewer same-group pairs than chance only means people meet across
        # groups (mentors are older than mentees, for one): never flagged.
        if ratio is not None and ratio > HOMOPHILY_LIMIT:
            findings.append(
                _(
                    "%(label)s: pairs share a group %(ratio)s times as often as chance would. "
                    "Matching never reads it, so this comes from what people share; check it "
                    "is not narrowing who meets whom."
                )
                % {"label": label, "ratio": number_format(ratio, 1)}
            )
        rates = [g for g in attribute.get("groups", []) if g.get("match_rate") is not None]
        best = max((g["match_rate"] for g in rates), default=0)
        for group in rates:
            if best and group["match_rate"] < FOUR_FIFTHS * best:
                findings.append(
                    _(
                        "%(label)s: mentees in the group “%(group)s” were matched at "
                        "%(rate)s%%, under four fifths of the best-matched group's %(best)s%%. "
                        "Look at why they were left unmatched."
                    )
                    % {
                        "label": label,
                        "group": group.get("label") or group["group"],
                        "rate": round(100 * group["match_rate"]),
                        "best": round(100 * best),
                    }
                )
    return findings


@dataclass(frozen=True)
class CircleDraft:
    facilitator: str
    members: list[tuple[str, float]]  # name and match with the facilitator
    # Distinct, by what the programme mixes; None when that is a
    # self-identified characteristic: a circle is far below the minimum
    # group, so not even a count of its answers is shown.
    backgrounds: int | None


def circles_of_run(run: MatchRun) -> list[CircleDraft]:
    """A circles run's proposals as the circles they would form."""
    rules = run.settings.get("circles", {})
    private = bool(rules.get("self_identified"))
    mix = "department" if private else rules.get("diversity_by") or "department"
    rows = run.proposals.order_by("mentor__full_name", "-score").values_list(
        "mentor__full_name", "mentee__full_name", "score", f"mentee__{mix}"
    )
    drafts: dict[str, tuple[list[tuple[str, float]], set[str]]] = {}
    for facilitator, member, score, background in rows:
        members, kinds = drafts.setdefault(facilitator, ([], set()))
        members.append((member, score))
        kinds.add(background.strip().casefold())
    return [
        CircleDraft(f, members, None if private else len(kinds))
        for f, (members, kinds) in drafts.items()
    ]
