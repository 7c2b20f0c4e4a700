"""A participant's certificate: what they did in a programme (meetings
held, practice modules completed, projects presented at the showcase) and
never anything their partner said or wrote."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.development.models import ModuleProgress
from kindred.lib.errors import NotFound
from kindred.meetings.models import Meeting
from kindred.programs.models import Programme
from kindred.projects.models import Project
from kindred.relationships.models import Relationship


@dataclass(frozen=True)
class Certificate:
    person: User
    programme: Programme
    roles: list[str]  # mentor, mentee: what they were in it
    first_day: dt.date
    last_day: dt.date
    meetings: int
    modules: int
    showcased: int


def certificate_of(person: User, programme: Programme) -> Certificate:
    """Only for someone who took part: a relationship in the programme began."""
    theirs = Relationship.objects.filter(
        Q(mentor=person) | Q(mentee=person), programme=programme
    ).exclude(status=Relationship.Status.PROPOSED)
    pairs = list(theirs)
    if not pairs:
        raise NotFound(_("A certificate is for someone who took part in the programme."))
    roles = sorted({"mentor" if p.mentor_id == person.pk else "mentee" for p in pairs})
    ends = [p.ended_at.date() if p.ended_at else programme.end_date for p in pairs]
    return Certificate(
        person=person,
        programme=programme,
        roles=roles,
        first_day=min(p.started_at.date() for p in pairs),
        last_day=min(max(ends), timezone.localdate()),  # a running one: up to today
        meetings=Meeting.objects.filter(relationship__in=pairs, status=Meeting.Status.HELD)
        .exclude(absent=person)
        .count(),
        modules=ModuleProgress.objects.filter(person=person, completed_at__isnull=False).count(),
        showcased=Project.objects.filter(relationship__in=pairs)
        .exclude(showcase_summary="")
        .count(),
    )
