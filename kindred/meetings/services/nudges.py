"""Nudges that keep a pair meeting: a lapsed cadence, a proposed time
left unconfirmed, and a meeting about to start. The outbox keys make a
second sweep a no-op."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kindred.meetings.messages import CadenceNudge, MeetingSoon, UnconfirmedNudge
from kindred.meetings.models import Meeting
from kindred.meetings.selectors import CADENCE_DAYS
from kindred.notifications.services import notify
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import agreement_in_force, calendar_in

GRACE = dt.timedelta(days=3)


UNCONFIRMED_AFTER = dt.timedelta(hours=48)
# A reminder with the join link, this long before a confirmed meeting
# (send_nudges runs every 15 minutes: it arrives 1¾ to 2 hours before).
SOON = dt.timedelta(hours=2)


def send_nudges(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Queue the nudges, each at most once (the outbox keys make a second
    sweep a no-op): a pair whose cadence lapsed with nothing held or booked,
    a proposed time left unconfirmed for 48 hours, and a confirmed meeting
    starting within two hours (once per time it is set for)."""
    now = now or timezone.now()
    counts = {"cadence": 0, "unconfirmed": 0, "soon": 0}
    for relationship in Relationship.objects.filter(
        status=Relationship.Status.ACTIVE
    ).select_related("mentor", "mentee", "programme"):
        counts["cadence"] += _cadence_nudge(relationship, now)
    waiting = Meeting.objects.filter(
        status=Meeting.Status.PROPOSED, proposed_at__lte=now - UNCONFIRMED_AFTER, start__gt=now
    ).select_related("relationship__mentor", "relationship__mentee", "proposed_by")
    for meeting in waiting:
        counts["unconfirmed"] += _unconfirmed_nudge(meeting, now)
    soon = Meeting.objects.filter(
        status=Meeting.Status.CONFIRMED, start__gt=now, start__lte=now + SOON
    ).select_related("relationship__mentor", "relationship__mentee")
    for meeting in soon:
        counts["soon"] += _starting_soon(meeting, now)
    return counts


def _cadence_nudge(relationship: Relationship, now: dt.datetime) -> int:
    agreement = agreement_in_force(relationship)
    cadence = agreement.cadence if agreement else relationship.programme.default_cadence
    meetings = Meeting.objects.filter(relationship=relationship)
    if meetings.filter(status__in=Meeting.OPEN, start__gt=now).exists():
        return 0  # something is booked
    last_held = meetings.filter(status=Meeting.Status.HELD).order_by("-start").first()
    since = last_held.start if last_held else relationship.started_at
    if now - since < dt.timedelta(days=CADENCE_DAYS.get(cadence, 14)) + GRACE:
        return 0
    message = CadenceNudge(relationship=relationship.pk, cadence=cadence, since=since)
    for person in (relationship.mentor, relationship.mentee):
        notify(
            recipient=person,
            message=message,
            key=f"nudge:cadence:{relationship.pk}:{since.isoformat()}:{person.pk}",
            now=now,
            calendar=calendar_in(relationship, person, around=now),
        )
    return 1


def _unconfirmed_nudge(meeting: Meeting, now: dt.datetime) -> int:
    relationship = meeting.relationship
    partner = (
        relationship.mentee
        if meeting.proposed_by_id == relationship.mentor_id
        else relationship.mentor
    )
    notify(
        recipient=partner,
        message=UnconfirmedNudge(
            relationship=relationship.pk,
            meeting=meeting.pk,
            start=meeting.start,
            proposer=meeting.proposed_by_id,
        ),
        key=f"nudge:unconfirmed:{meeting.uid}:{meeting.sequence}",
        now=now,
        calendar=calendar_in(relationship, partner, around=now),
    )
    return 1


def _starting_soon(meeting: Meeting, now: dt.datetime) -> int:
    """Both people, at once (it is about to start: no quiet hours, no digest;
    the meeting itself sits inside both people's hours)."""
    relationship = meeting.relationship
    message = MeetingSoon(relationship=relationship.pk, meeting=meeting.pk, start=meeting.start)
    for person in (relationship.mentor, relationship.mentee):
        notify(
            recipient=person,
            message=message,
            key=f"nudge:soon:{meeting.uid}:{meeting.sequence}:{person.pk}",
            urgent=True,
            digest=False,
            now=now,
        )
    return 1
