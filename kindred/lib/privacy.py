"""The minimum group: the one home of the rule that keeps private answers
private when numbers are small.

Anything derived from private answers (comfort check-ins, pulse surveys,
competence ratings) reaches someone other than its author only when it
pools at least MIN_GROUP distinct people, counted after every filter. Count
people, not answers: five check-ins from one mentee are one person's
answers. Below the minimum, pages say NOT_ENOUGH and show no value, no
direction and no flag that would reveal one answer."""

from __future__ import annotations

from django.utils.translation import gettext_noop

MIN_GROUP = 5
NOT_ENOUGH = gettext_noop("Not enough answers to show")


def enough_people(people: int) -> bool:
    """Whether a figure pooled over `people` distinct people may be shown to
    anyone but its authors."""
    return people >= MIN_GROUP
