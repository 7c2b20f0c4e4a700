"""Reads for check-ins and cases, with their privacy rules built in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib.errors import NotFound
from kindred.lib.privacy import enough_people
from kindred.meetings.models import Meeting
from kindred.programs.models import Programme
from kindred.programs.selectors import can_manage, programmes_managed_by
from kindred.relationships.models import Relationship
from kindred.safety import policies
from kindred.safety.models import ComfortCheckIn, ConcernReport

CHECK_IN_WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True)
class ComfortSummary:
    people: int  # distinct people who checked in
    answers: int | None
    sharing_comfortable: float | None
    boundaries_respected: float | None
    low: int | None  # answers with either score at 2 or below

    @property
    def shown(self) -> bool:
        return enough_people(self.people)


def checkins_due(user: User, relationship: Relationship, *, now: dt.datetime) -> list[Meeting]:
    """Held meetings of the last 30 days the person has not checked in on."""
    done = ComfortCheckIn.objects.filter(person=user).values("meeting_id")
    return list(
        Meeting.objects.filter(
            relationship=relationship,
            status=Meeting.Status.HELD,
            start__gte=now - CHECK_IN_WINDOW,
            start__lte=now,
        )
        .exclude(pk__in=done)
        .order_by("-start")
    )


def comfort_summary(programme: Programme) -> ComfortSummary:
    """Means over the programme's check-ins, only when they come from the
    minimum group of distinct people; below that, nothing at all."""
    figures = ComfortCheckIn.objects.filter(meeting__relationship__programme=programme).aggregate(
        people=Count("person", distinct=True),
        answers=Count("pk"),
        sharing=Avg("sharing_comfortable"),
        respected=Avg("boundaries_respected"),
        low=Count(
            "pk",
            filter=Q(sharing_comfortable__lte=ComfortCheckIn.LOW)
            | Q(boundaries_respected__lte=ComfortCheckIn.LOW),
        ),
    )
    if not enough_people(figures["people"]):
        return ComfortSummary(figures["people"], None, None, None, None)
    return ComfortSummary(
        figures["people"],
        figures["answers"],
        figures["sharing"],
        figures["respected"],
        figures["low"],
    )


def cases_of(user: User, programme: Programme) -> list[ConcernReport]:
    """The programme's cases this person handles: never one about a pair
    they are in (see policy)."""
    if not can_manage(user, programme):
        raise NotFound(_("No such programme."))
    reports = ConcernReport.objects.filter(programme=programme).select_related(
        "relationship__mentor", "relationship__mentee", "reporter", "about"
    )
    return policies.handled_by(user, reports, policies.Staff.of(programme))


def open_case_count(user: User, programme: Programme) -> int:
    if not can_manage(user, programme):
        return 0
    reports = (
        ConcernReport.objects.filter(programme=programme)
        .exclude(status=ConcernReport.Status.RESOLVED)
        .select_related("relationship")
    )
    return len(policies.handled_by(user, reports, policies.Staff.of(programme)))


def new_cases_handled_by(user: User) -> list[tuple[Programme, int]]:
    """Per programme: reports received and not yet in review that this
    person handles (never one about a pair they are in)."""
    found = []
    for programme in programmes_managed_by(user):
        received = ConcernReport.objects.filter(
            programme=programme, status=ConcernReport.Status.RECEIVED
        ).select_related("relationship")
        n = len(policies.handled_by(user, received, policies.Staff.of(programme)))
        if n:
            found.append((programme, n))
    return found


def case_for(user: User, report_id: int) -> ConcernReport:
    report = (
        ConcernReport.objects.select_related(
            "programme", "relationship__mentor", "relationship__mentee", "reporter", "about"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None or not policies.may_handle(user, report):
        raise NotFound(_("No such case."))
    return report


def reports_by(user: User) -> QuerySet[ConcernReport]:
    """A reporter's own reports: what they said and where it stands."""
    return ConcernReport.objects.filter(reporter=user).select_related("programme")
