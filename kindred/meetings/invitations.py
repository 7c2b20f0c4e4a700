"""Calendar invitations (RFC 5546): the one builder of a meeting's or a
series' calendar file, and the e-mails that carry it to the pair."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.calendars.services import write_calendars_later
from kindred.engines.calendar import Attendee, Invite, Recurrence, build_ics
from kindred.engines.calendar.invite import FREQUENCIES
from kindred.lib.links import absolute_url
from kindred.meetings.messages import MeetingCancellation, MeetingInvitation, SeriesInvitation
from kindred.meetings.models import Meeting, MeetingSeries
from kindred.meetings.recurrence import (
    in_series_rule,
    occurrence_index,
    occurrence_of_rule,
    original_starts,
)
from kindred.meetings.video import join_link
from kindred.notifications.messages import (
    Rendered,
    calendar_words,
    in_each_language,
    render_text,
)
from kindred.notifications.services import notify
from kindred.relationships.models import Relationship
from kindred.relationships.selectors import calendar_in


def invitation(meeting: Meeting, *, method: str, now: dt.datetime) -> bytes:
    """The meeting's calendar file, the one builder behind every path (the
    e-mail, the download, the subscription feed): its series' rule while the
    rule carries it; a cancelled occurrence of the rule as the series' UID
    with its RECURRENCE-ID; otherwise its own event. The organiser is the
    person who first proposed it (the series' creator), whoever moved it
    since: under RFC 5546 updates come from the organiser."""
    series = meeting.series
    if series is not None and method == "REQUEST" and in_series_rule(meeting):
        return series_invitation(series, method=method, now=now)
    if series is not None and method == "CANCEL" and occurrence_of_rule(meeting):
        original = original_starts(series)[occurrence_index(meeting)]
        return build_ics(
            _invite(
                series.relationship,
                uid=series.uid,
                sequence=series.sequence,
                start=original,
                minutes=series.minutes,
                organizer=series.created_by,
                now=now,
                recurrence_id=original,
            ),
            method="CANCEL",
        )
    return build_ics(meeting_invite(meeting, now=now), method=method)


def meeting_invite(meeting: Meeting, *, now: dt.datetime, words: PairWords | None = None) -> Invite:
    """One meeting as its own event (not one carried by a series' rule)."""
    return _invite(
        meeting.relationship,
        uid=meeting.uid,
        sequence=meeting.sequence,
        start=meeting.start.astimezone(zoneinfo.ZoneInfo(meeting.zone)),
        minutes=int((meeting.end - meeting.start).total_seconds() // 60),
        organizer=meeting.initiated_by or meeting.proposed_by,
        now=now,
        words=words,
    )


def series_invitation(series: MeetingSeries, *, method: str, now: dt.datetime) -> bytes:
    return build_ics(series_invite(series, now=now), method=method)


def series_invite(
    series: MeetingSeries, *, now: dt.datetime, words: PairWords | None = None
) -> Invite:
    """The series as one event with its rule, the occurrences taken out of
    the rule excluded (EXDATE)."""
    originals = original_starts(series)
    excluded = tuple(
        originals[occurrence_index(m)] for m in series.occurrences.all() if not in_series_rule(m)
    )
    return _invite(
        series.relationship,
        uid=series.uid,
        sequence=series.sequence,
        start=originals[0],
        minutes=series.minutes,
        organizer=series.created_by,
        now=now,
        recurrence=Recurrence(series.cadence, series.count)
        if series.cadence in FREQUENCIES
        else None,
        excluded=excluded,
        words=words,
    )


@dataclass(frozen=True)
class PairWords:
    """What every event of a pair says: its title and description, and the
    join link of the agreement in force."""

    text: Rendered
    video_link: str


def pair_words(relationship: Relationship) -> PairWords:
    """Worked out once per pair where many of its meetings are written."""
    return PairWords(
        text=render_text("meetings/calendar/event.txt", {"relationship": relationship}),
        video_link=join_link(relationship),
    )


def _invite(
    relationship: Relationship,
    *,
    uid: str,
    sequence: int,
    start: dt.datetime,
    minutes: int,
    organizer: User | None,
    now: dt.datetime,
    recurrence: Recurrence | None = None,
    excluded: tuple[dt.datetime, ...] = (),
    recurrence_id: dt.datetime | None = None,
    words: PairWords | None = None,
) -> Invite:
    words = words or pair_words(relationship)
    event = words.text
    organizer = organizer or relationship.mentor
    return Invite(
        uid=uid,
        sequence=sequence,
        summary=event.subject,
        start=start,
        duration=dt.timedelta(minutes=minutes),
        organizer=Attendee(organizer.email, organizer.display_name),
        attendees=tuple(
            Attendee(p.email, p.display_name) for p in (relationship.mentor, relationship.mentee)
        ),
        stamp=now.astimezone(dt.UTC),
        description=event.text,
        video_link=words.video_link,
        links={_("Reschedule or cancel"): absolute_url("pages:relationship", relationship.pk)},
        recurrence=recurrence,
        excluded=excluded,
        recurrence_id=recurrence_id,
        **calendar_words(),
    )


def send_invitations(
    meeting: Meeting,
    method: str,
    now: dt.datetime,
    *,
    urgent: bool = False,
    to: Sequence[User] | None = None,
) -> None:
    relationship = meeting.relationship
    news = MeetingCancellation if method == "CANCEL" else MeetingInvitation
    message = news(relationship=relationship.pk, meeting=meeting.pk, start=meeting.start)
    people = to or (relationship.mentor, relationship.mentee)
    files = in_each_language(people, lambda: invitation(meeting, method=method, now=now).decode())
    for person in people:
        ics = files[person.pk]
        notify(
            recipient=person,
            message=message,
            key=f"meeting:{meeting.uid}:{meeting.sequence}:{method}:{person.pk}",
            urgent=urgent,
            digest=False,
            payload={"ics": ics, "method": method},
            now=now,
            calendar=calendar_in(relationship, person, around=now),
        )
    write_calendars_later([relationship.mentor_id, relationship.mentee_id])


def send_series_invitations(series: MeetingSeries, method: str, now: dt.datetime) -> None:
    relationship = series.relationship
    people = (relationship.mentor, relationship.mentee)
    files = in_each_language(
        people, lambda: series_invitation(series, method=method, now=now).decode()
    )
    flagged = series.occurrences.exclude(needs_new_time="").count()
    message = SeriesInvitation(
        relationship=relationship.pk,
        series=series.pk,
        first_start=series.first_start,
        count=series.count,
        cadence=series.cadence,
        flagged=flagged,
    )
    for person in people:
        notify(
            recipient=person,
            message=message,
            key=f"series:{series.uid}:{series.sequence}:{method}:{person.pk}",
            digest=False,
            payload={"ics": files[person.pk], "method": method},
            now=now,
            calendar=calendar_in(relationship, person, around=now),
        )
    write_calendars_later([relationship.mentor_id, relationship.mentee_id])


def cancel_occurrence(
    meeting: Meeting, series: MeetingSeries, now: dt.datetime, *, to: Sequence[User] | None = None
) -> None:
    """Cancel one occurrence of a series the way calendars expect: a CANCEL
    for the series' UID with that occurrence's RECURRENCE-ID."""
    bump_sequence(series)
    original = original_starts(series)[occurrence_index(meeting)]
    message = MeetingCancellation(
        relationship=series.relationship_id, meeting=meeting.pk, start=original, one_of_series=True
    )
    people = to or (series.relationship.mentor, series.relationship.mentee)
    files = in_each_language(people, lambda: invitation(meeting, method="CANCEL", now=now).decode())
    for person in people:
        ics = files[person.pk]
        notify(
            recipient=person,
            message=message,
            key=f"series:{series.uid}:{series.sequence}:CANCEL:{meeting.pk}:{person.pk}",
            urgent=meeting.late_cancellation,
            digest=False,
            payload={"ics": ics, "method": "CANCEL"},
            now=now,
            calendar=calendar_in(series.relationship, person, around=now),
        )
    write_calendars_later([series.relationship.mentor_id, series.relationship.mentee_id])


def bump_sequence(series: MeetingSeries) -> None:
    """Raise the series' SEQUENCE (atomically) before re-sending it."""
    MeetingSeries.objects.filter(pk=series.pk).update(sequence=F("sequence") + 1)
    series.refresh_from_db()


def update_series(series: MeetingSeries | None, now: dt.datetime) -> None:
    """Re-send the series with one more excluded occurrence (EXDATE) and a
    higher SEQUENCE, which calendars apply as an update."""
    if series is None:
        return
    bump_sequence(series)
    send_series_invitations(series, "REQUEST", now)
