"""The fairness audit of an assignment: for each self-identified attribute,
how often pairs share a group compared with random assignment under the same
capacities (homophily ratio), and each group's match rate and mean
compatibility. Groups smaller than the minimum are suppressed so that no
individual can be singled out. The audit never feeds back into scores."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kindred.engines.matching.model import Pair

MIN_GROUP_SIZE = 5
UNKNOWN = frozenset({"", "prefer_not"})


@dataclass
class GroupFigures:
    group: str
    mentees: int
    matched: int
    match_rate: float
    mean_score: float | None


@dataclass
class AttributeAudit:
    attribute: str
    same_group_share: float | None  # among pairs where both sides stated a group
    expected_share: float | None  # under random assignment with the same capacities
    homophily_ratio: float | None
    groups: list[GroupFigures] = field(default_factory=list)
    suppressed_groups: int = 0
    pairs_considered: int = 0


def audit(
    pairs: Sequence[Pair],
    pool: Sequence[int],
    capacities: Mapping[int, int],
    groups: Mapping[str, Mapping[int, str]],
    *,
    min_group_size: int = MIN_GROUP_SIZE,
) -> list[AttributeAudit]:
    """`pool`: every mentee id considered; `capacities`: mentor id -> slots;
    `groups`: attribute -> person id -> self-identified group."""
    return [
        _audit_attribute(name, labels, pairs, pool, capacities, min_group_size)
        for name, labels in groups.items()
    ]


def _stated(labels: Mapping[int, str], person: int) -> str | None:
    label = labels.get(person, "")
    return None if label in UNKNOWN else label


def _audit_attribute(
    name: str,
    labels: Mapping[int, str],
    pairs: Sequence[Pair],
    pool: Sequence[int],
    capacities: Mapping[int, int],
    min_size: int,
) -> AttributeAudit:
    both = [
        (_stated(labels, p.mentee_id), _stated(labels, p.mentor_id))
        for p in pairs
        if _stated(labels, p.mentee_id) and _stated(labels, p.mentor_id)
    ]
    # Too few pairs with both groups stated could single people out.
    enough = len(both) >= min_size
    same = sum(1 for a, b in both if a == b) / len(both) if enough else None
    expected = _expected_same_share(labels, pairs, capacities) if enough else None
    ratio = same / expected if same is not None and expected else None
    figures, suppressed = _group_figures(labels, pairs, pool, min_size)
    return AttributeAudit(
        attribute=name,
        same_group_share=_round(same),
        expected_share=_round(expected),
        homophily_ratio=_round(ratio),
        groups=figures,
        suppressed_groups=suppressed,
        pairs_considered=len(both),
    )


def _expected_same_share(
    labels: Mapping[int, str], pairs: Sequence[Pair], capacities: Mapping[int, int]
) -> float | None:
    """P(same group) if the matched mentees had been spread over the
    mentors' slots at random, slots in proportion to capacity."""
    mentee_groups = Counter(g for p in pairs if (g := _stated(labels, p.mentee_id)))
    slot_groups: Counter[str] = Counter()
    for mentor, slots in capacities.items():
        group = _stated(labels, mentor)
        if group and slots > 0:
            slot_groups[group] += slots
    mentees, slots = sum(mentee_groups.values()), sum(slot_groups.values())
    if not mentees or not slots:
        return None
    return sum(mentee_groups[g] / mentees * slot_groups[g] / slots for g in mentee_groups)


def _group_figures(
    labels: Mapping[int, str], pairs: Sequence[Pair], pool: Sequence[int], min_size: int
) -> tuple[list[GroupFigures], int]:
    score_of = {p.mentee_id: p.score for p in pairs}
    members: dict[str, list[int]] = defaultdict(list)
    for mentee in pool:
        members[_stated(labels, mentee) or "not stated"].append(mentee)
    figures, suppressed = [], 0
    for group, people in sorted(members.items()):
        if len(people) < min_size:
            suppressed += 1
            continue
        scores = [score_of[m] for m in people if m in score_of]
        figures.append(
            GroupFigures(
                group=group,
                mentees=len(people),
                matched=len(scores),
                match_rate=round(len(scores) / len(people), 4),
                mean_score=round(sum(scores) / len(scores), 4) if scores else None,
            )
        )
    return figures, suppressed


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
