"""Engagement and skill change, described: do pairs that meet more, follow
through unprompted more, or keep healthier show more skill change in the
mentee's own view? Pairs are split at the median of each measure and the
two halves' mean change compared with an interval, each half shown only
from the minimum group of mentees. Descriptive, for designing programmes:
an association, never a cause and never a verdict on a pair."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

import numpy as np
from django.db.models import Count, Q

from kindred.commitments.models import Commitment
from kindred.engines.outcomes.comparison import Interval, difference
from kindred.health.models import HealthSnapshot
from kindred.lib.privacy import enough_people
from kindred.meetings.models import Meeting
from kindred.outcomes.report import rated_twice
from kindred.programs.models import Programme
from kindred.relationships.models import Relationship

MEASURES = ("meetings", "follow_through", "health")


@dataclass(frozen=True)
class Link:
    measure: str
    people: tuple[int, int]  # mentees in the pairs above the median, and the others
    higher: float  # their mean skill change, on the 1-7 scale
    lower: float
    difference: Interval


def engagement_links(programme: Programme) -> list[Link]:
    """The measures that can be shown: both halves of at least the minimum
    group of distinct mentees."""
    changes = own_skill_change(programme)
    mentees = dict(Relationship.objects.filter(pk__in=changes).values_list("pk", "mentee_id"))
    measured = {
        "meetings": _meetings_held(changes),
        "follow_through": _unprompted_share(changes),
        "health": _pair_health(changes),
    }
    found = []
    for measure in MEASURES:
        link = _link(measure, measured[measure], changes, mentees)
        if link is not None:
            found.append(link)
    return found


def own_skill_change(programme: Programme) -> dict[int, float]:
    """Each pair's mean change, end minus start, in the mentee's own view."""
    per_pair: dict[int, list[int]] = {}
    for rated in rated_twice(programme):
        if rated.view == "mentee":
            per_pair.setdefault(rated.relationship, []).append(rated.change)
    return {pair: sum(moved) / len(moved) for pair, moved in per_pair.items()}


def _link(
    measure: str, values: dict[int, float], changes: dict[int, float], mentees: dict[int, int]
) -> Link | None:
    pairs = sorted(pair for pair in values if pair in changes)
    if not pairs:
        return None
    middle = median(values[pair] for pair in pairs)
    higher = np.array([values[pair] > middle for pair in pairs])
    people = (
        len({mentees[p] for p, up in zip(pairs, higher, strict=True) if up}),
        len({mentees[p] for p, up in zip(pairs, higher, strict=True) if not up}),
    )
    if not (enough_people(people[0]) and enough_people(people[1])):
        return None
    moved = np.array([changes[pair] for pair in pairs])
    return Link(
        measure,
        people,
        float(moved[higher].mean()),
        float(moved[~higher].mean()),
        difference(moved, higher, np.ones(len(pairs))),
    )


def _meetings_held(pairs: dict[int, float]) -> dict[int, float]:
    held = (
        Meeting.objects.filter(relationship__in=pairs, status=Meeting.Status.HELD)
        .values("relationship")
        .annotate(n=Count("pk"))
    )
    counts = {row["relationship"]: float(row["n"]) for row in held}
    return {pair: counts.get(pair, 0.0) for pair in pairs}


def _unprompted_share(pairs: dict[int, float]) -> dict[int, float]:
    done = (
        Commitment.objects.filter(relationship__in=pairs, status=Commitment.Status.DONE)
        .values("relationship")
        .annotate(all=Count("pk"), unprompted=Count("pk", filter=Q(prompted=False)))
    )
    return {row["relationship"]: row["unprompted"] / row["all"] for row in done}


def _pair_health(pairs: dict[int, float]) -> dict[int, float]:
    """The latest behaviour-only score (no one's private answers in it)."""
    latest: dict[int, float] = {}
    rows = (
        HealthSnapshot.objects.filter(relationship__in=pairs, pair_score__isnull=False)
        .order_by("relationship_id", "-on")
        .values_list("relationship_id", "pair_score")
    )
    for pair, score in rows:
        if score is not None:
            latest.setdefault(pair, score)
    return latest
