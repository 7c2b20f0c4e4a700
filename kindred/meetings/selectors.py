"""Reliability and initiative, computed from meetings (and who wrote first
after a silence): the behaviour the article says earns trust in a remote
relationship. Each figure has its definition beside it for the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib.errors import NotFound
from kindred.meetings.models import Meeting, Note, Reschedule
from kindred.messaging.selectors import first_movers
from kindred.programs.selectors import programmes_managed_by
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import agreement_in_force

CADENCE_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 30}


@dataclass
class Reliability:
    due: int = 0  # meetings that took place or should have (held or missed)
    attended: int = 0
    on_time: int = 0  # attended and not late
    late_cancellations: int = 0  # cancelled with less than 24 hours' notice
    no_shows: int = 0
    reschedules: int = 0

    @property
    def attended_share(self) -> float | None:
        return self.attended / self.due if self.due else None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.attended if self.attended else None


@dataclass
class Initiative:
    meetings_proposed: dict[int, int] = field(default_factory=dict)
    wrote_first: dict[int, int] = field(default_factory=dict)
    cadence: str = ""
    periods: int = 0  # whole cadence periods since the relationship started
    periods_with_meeting: int = 0

    @property
    def cadence_kept(self) -> float | None:
        return self.periods_with_meeting / self.periods if self.periods else None


def meetings_of(relationship: Relationship) -> list[Meeting]:
    """The pair's meetings, earliest first, with who proposed and who cancelled."""
    return list(
        Meeting.objects.filter(relationship=relationship)
        .select_related("proposed_by", "cancelled_by")
        .order_by("start")
    )


def cadence_periods(
    started: dt.datetime, end: dt.datetime, days: int, held: list[dt.datetime]
) -> tuple[int, int]:
    """(whole cadence periods from `started` to `end`, those with a meeting held)."""
    period = dt.timedelta(days=days)
    periods = max(0, int((end - started) / period))
    held_in = {int((start - started) / period) for start in held if start >= started}
    return periods, len(held_in & set(range(periods)))


def reliability(
    relationship: Relationship,
    meetings: list[Meeting],
    *,
    count_reschedules: bool = True,
) -> dict[int, Reliability]:
    people = (relationship.mentor_id, relationship.mentee_id)
    found = {pk: Reliability() for pk in people}
    for meeting in meetings:
        if meeting.status == Meeting.Status.CANCELLED:
            if meeting.late_cancellation and meeting.cancelled_by_id in found:
                found[meeting.cancelled_by_id].late_cancellations += 1
            continue
        if meeting.status not in (Meeting.Status.HELD, Meeting.Status.MISSED):
            continue
        for pk in people:
            figures = found[pk]
            figures.due += 1
            if meeting.absent_id == pk:
                figures.no_shows += 1
            elif meeting.status == Meeting.Status.HELD or meeting.absent_id is not None:
                # Held, or missed because the other person did not come.
                figures.attended += 1
                figures.on_time += meeting.late_arrival_id != pk
    if not count_reschedules:  # health reads attendance only; no query per relationship
        return found
    moved = (
        Reschedule.objects.filter(meeting__relationship=relationship, by_id__in=people)
        .values_list("by_id")
        .annotate(n=Count("pk"))
    )
    for by_id, n in moved:
        found[by_id].reschedules = n
    return found


def initiative(
    relationship: Relationship, meetings: list[Meeting], *, now: dt.datetime
) -> Initiative:
    proposed = {relationship.mentor_id: 0, relationship.mentee_id: 0}
    for meeting in meetings:
        starter = meeting.initiated_by_id or meeting.proposed_by_id
        if starter in proposed:
            proposed[starter] += 1
    agreement = agreement_in_force(relationship)
    cadence = agreement.cadence if agreement else relationship.programme.default_cadence
    periods, kept = cadence_periods(
        relationship.started_at,
        min(now, relationship.ended_at or now),
        CADENCE_DAYS.get(cadence, 14),
        [m.start for m in meetings if m.status == Meeting.Status.HELD],
    )
    return Initiative(
        meetings_proposed=proposed,
        wrote_first=first_movers(relationship),
        cadence=cadence,
        periods=periods,
        periods_with_meeting=kept,
    )


def notes_for(user: User, meeting: Meeting) -> QuerySet[Note]:
    """Your own notes, and those your partner shared. Nobody else's, ever:
    not a programme manager's view, not an admin page."""
    return (
        Note.objects.filter(meeting=meeting)
        .filter(Q(author=user) | Q(shared=True))
        .filter(meeting__relationship__in=_pairs_of(user))
        .select_related("author")
    )


def _pairs_of(user: User) -> QuerySet[Relationship]:
    return Relationship.objects.filter(Q(mentor=user) | Q(mentee=user))


def meeting_in_pair(user: User, relationship: Relationship, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(pk=meeting_id, relationship=relationship).first()
    if meeting is None or user.pk not in (relationship.mentor_id, relationship.mentee_id):
        raise NotFound(_("No such meeting."))
    return meeting


def open_meetings_of(person: User, now: dt.datetime) -> list[Meeting]:
    """The person's meetings still to come, proposed or confirmed, soonest first."""
    return list(
        Meeting.objects.filter(
            Q(relationship__mentor=person) | Q(relationship__mentee=person),
            relationship__status=Relationship.Status.ACTIVE,
            status__in=Meeting.OPEN,
            end__gt=now,
        )
        .select_related("relationship__mentor", "relationship__mentee")
        .order_by("start")[:20]
    )


def pairs_without_a_first_meeting(manager: User, now: dt.datetime) -> list[dict[str, Any]]:
    """Per programme the person runs: active pairs started over a week ago
    with no meeting held or planned."""
    return list(
        Relationship.objects.filter(
            programme__in=programmes_managed_by(manager),
            status=Relationship.Status.ACTIVE,
            started_at__lt=now - dt.timedelta(days=7),
        )
        .exclude(meetings__status__in=[*Meeting.OPEN, Meeting.Status.HELD])
        .values("programme__name", "programme__slug")
        .annotate(n=Count("pk", distinct=True))
    )
