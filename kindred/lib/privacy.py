"""The minimum group: the one home of the rule that keeps private answers
private when numbers are small.

Anything derived from private answers (comfort check-ins, pulse surveys,
competence ratings) reaches someone other than its author only when it
pools at least MIN_GROUP distinct people, counted after every filter. Count
people, not answers: five check-ins from one mentee are one person's
answers. Below the minimum, pages say NOT_ENOUGH and show no value, no
direction and no flag that would reveal one answer."""

from __future__ import annotations

from collections.abc import Iterable

MIN_GROUP = 5
NOT_ENOUGH = "Not enough answers to show"


def enough_people(people: int | Iterable[object]) -> bool:
    """Whether a figure pooled over `people` (a count of distinct people, or
    the people themselves, counted once each) may be shown to a third party."""
    count = people if isinstance(people, int) else len(set(people))
    return count >= MIN_GROUP


def shown_from(count: int) -> str:
    """How many more people must answer before a figure appears."""
    missing = max(0, MIN_GROUP - count)
    return f"it appears once {missing} more {'person answers' if missing == 1 else 'people answer'}"
