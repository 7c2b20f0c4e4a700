"""A person's meetings as Kindred writes them into their own CalDAV
calendar (kindred.calendars writes them; this says what they are).

The same events as the e-mailed invitations, so that one the person
accepted from an e-mail is the same event: a series while its rule carries
it as one event with its rule (its moved and cancelled occurrences
excluded), every other meeting as its own. A time proposed and not yet
confirmed is written tentative. A cancelled meeting, or a future one of a
relationship that has ended, is not wanted, and is taken out; what
happened stays as it was written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from django.db.models import Q

from kindred.accounts.models import User
from kindred.calendars.copies import Copy
from kindred.engines.calendar import Invite
from kindred.engines.calendar.invite import build_calendar_object, event_digest, last_start
from kindred.meetings.invitations import PairWords, meeting_invite, pair_words, series_invite
from kindred.meetings.models import Meeting, MeetingSeries
from kindred.meetings.recurrence import in_series_rule, occurrence_of_rule, original_starts
from kindred.relationships.models import Relationship

RECENT = dt.timedelta(days=1)  # a meeting just past may still be recorded or moved


def meeting_copies(person: User, now: dt.datetime) -> list[Copy]:
    words: dict[int, PairWords] = {}

    def words_of(pair: Relationship) -> PairWords:
        if pair.pk not in words:
            words[pair.pk] = pair_words(pair)
        return words[pair.pk]

    copies: list[Copy] = []
    series_seen: set[int] = set()
    for meeting in _recent_meetings(person, now):
        series = meeting.series
        if series is not None and occurrence_of_rule(meeting):
            if series.pk not in series_seen:
                series_seen.add(series.pk)
                copies += _series_copy(series, now, words_of(series.relationship))
        elif meeting.status != Meeting.Status.CANCELLED and _still_on(meeting, now):
            invite = meeting_invite(meeting, now=now, words=words_of(meeting.relationship))
            copies.append(_copy(invite, tentative=meeting.status == Meeting.Status.PROPOSED))
    return copies


def _recent_meetings(person: User, now: dt.datetime) -> list[Meeting]:
    """Every meeting of theirs not long over, cancelled ones too (a series
    whose last occurrences were cancelled is still written, without them)."""
    return list(
        Meeting.objects.filter(
            Q(relationship__mentor=person) | Q(relationship__mentee=person),
            end__gt=now - RECENT,
        )
        .select_related(
            "relationship__mentor", "relationship__mentee", "initiated_by", "proposed_by",
            "series__created_by", "series__relationship__mentor", "series__relationship__mentee",
        )
        .prefetch_related("series__occurrences")
        .order_by("start")
    )  # fmt: skip


def _still_on(meeting: Meeting, now: dt.datetime) -> bool:
    """A future meeting of a relationship that has ended will not happen."""
    return meeting.relationship.status in Relationship.OPEN or meeting.start < now


def _series_copy(series: MeetingSeries, now: dt.datetime, words: PairWords) -> list[Copy]:
    """The series while its rule carries any occurrence (none: all were
    cancelled, and it is taken out), without the occurrences still to come
    if the relationship has ended."""
    carried = [m for m in series.occurrences.all() if in_series_rule(m)]
    invite = series_invite(series, now=now, words=words)
    if series.relationship.status not in Relationship.OPEN:
        carried = [m for m in carried if m.start < now]
        ahead = tuple(start for start in original_starts(series) if start >= now)
        invite = dataclasses.replace(invite, excluded=tuple(sorted({*invite.excluded, *ahead})))
    if not carried:
        return []
    tentative = any(m.status == Meeting.Status.PROPOSED for m in carried)
    return [_copy(invite, tentative=tentative)]


def _copy(invite: Invite, *, tentative: bool) -> Copy:
    # The same meeting gives the same digest, so an unchanged one is not written.
    return Copy(
        uid=invite.uid,
        digest=event_digest(invite, tentative),
        ends_at=(last_start(invite) + invite.duration).astimezone(dt.UTC),
        build=functools.partial(build_calendar_object, invite, tentative=tentative),
    )
