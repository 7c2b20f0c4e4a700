"""What a mentor's practice pages read: their self-assessments and the
view their mentees gave in pulse surveys, pooled."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from kindred.accounts.models import User
from kindred.development import assessment
from kindred.development.models import SelfAssessment
from kindred.engines.health.surveys import competence_areas
from kindred.health.models import SurveyResponse
from kindred.lib.privacy import enough_people
from kindred.meetings.models import Meeting
from kindred.programs.models import Membership, Role
from kindred.relationships.models import Relationship

# A mentee's ratings join the mentor's view only once they are two weeks
# old, so a change on the page cannot be tied to the day someone answered.
MENTEE_VIEW_DELAY = dt.timedelta(days=14)


def assessments_of(person: User) -> list[SelfAssessment]:
    return list(SelfAssessment.objects.filter(person=person))


def mentee_view(person: User, *, now: dt.datetime) -> dict[str, tuple[float, int]]:
    """{area: (mean, ratings)} over every competence rating the person's
    mentees gave in pulse surveys, pooled; empty until the ratings come from
    the minimum group of distinct mentees (many ratings from one or two
    mentees are still their answers)."""
    rows = _mentee_ratings(person, now=now)
    if not enough_people(mentee_raters(person, now=now)):
        return {}
    return assessment.pooled(
        competence_areas(answers) for answers in rows.values_list("answers", flat=True)
    )


def mentee_raters(person: User, *, now: dt.datetime) -> int:
    """How many distinct mentees' ratings have joined the person's view."""
    return _mentee_ratings(person, now=now).values("respondent").distinct().count()


def _mentee_ratings(person: User, *, now: dt.datetime) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(
        role="mentee",
        relationship__mentor=person,
        submitted_at__lte=now - MENTEE_VIEW_DELAY,
    )


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


END_IS_NEAR = dt.timedelta(days=30)
