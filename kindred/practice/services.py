"""The competence self-assessment a mentor takes before, during and at the
end of mentoring, and when it counts as which."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kindred.accounts.models import User
from kindred.development import assessment
from kindred.development.models import SelfAssessment
from kindred.lib.errors import Forbidden, InvalidInput
from kindred.meetings.models import Meeting
from kindred.programs.models import Membership, Role
from kindred.relationships.models import Relationship

END_IS_NEAR = dt.timedelta(days=30)


def is_mentor(person: User) -> bool:
    return Membership.objects.filter(user=person, role=Role.MENTOR).exists()


def assessment_moment(person: User, *, now: dt.datetime) -> str:
    """Before the first meeting the mentor holds, at the end once a
    relationship of theirs is over or a programme of theirs ends within a
    month, and otherwise during mentoring."""
    mentoring = Relationship.objects.filter(mentor=person)
    if not Meeting.objects.filter(
        relationship__in=mentoring, status=Meeting.Status.HELD, start__lte=now
    ).exists():
        return SelfAssessment.Moment.BEFORE
    ending = Q(status__in=[Relationship.Status.COMPLETED, Relationship.Status.ENDED_EARLY]) | Q(
        programme__end_date__lte=(now + END_IS_NEAR).date()
    )
    if mentoring.filter(ending).exists():
        return SelfAssessment.Moment.END
    return SelfAssessment.Moment.DURING


@transaction.atomic
def self_assessment_submit(
    *, person: User, answers: Mapping[str, object], now: dt.datetime | None = None
) -> SelfAssessment:
    if not is_mentor(person):
        raise Forbidden("The competence self-assessment is for mentors.")
    try:
        clean = assessment.validate(answers)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    now = now or timezone.now()
    return SelfAssessment.objects.create(
        person=person,
        moment=assessment_moment(person, now=now),
        answers=clean,
        areas=assessment.area_scores(clean),
        submitted_at=now,
    )
