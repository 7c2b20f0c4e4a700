"""A circle meeting's calendar invitation (RFC 5546): one event that names
every attendee, sent to each of them, and its link to join."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.circles.messages import CircleMeetingCancellation, CircleMeetingInvitation
from kindred.circles.models import Attendance, CircleMeeting
from kindred.circles.video import join_link
from kindred.engines.calendar import Attendee, Invite, build_ics
from kindred.lib.links import absolute_url
from kindred.notifications.messages import calendar_words, in_each_language, render_text
from kindred.notifications.services import notify
from kindred.profiles.selectors import calendar_of


def invited(meeting: CircleMeeting) -> list[User]:
    if "attendance" in getattr(meeting, "_prefetched_objects_cache", {}):
        return [a.person for a in meeting.attendance.all()]  # read with its people
    return [a.person for a in meeting.attendance.select_related("person")]


def circle_invite(meeting: CircleMeeting, *, now: dt.datetime, join: str | None = None) -> Invite:
    """`join`, where the caller has read it already: the circle's link."""
    circle = meeting.circle
    people = invited(meeting)
    words = render_text("circles/calendar/event.txt", {"circle": circle, "people": people})
    organiser = meeting.organiser or people[0]
    return Invite(
        uid=meeting.uid,
        sequence=meeting.sequence,
        summary=words.subject,
        start=meeting.start.astimezone(zoneinfo.ZoneInfo(meeting.zone)),
        duration=meeting.end - meeting.start,
        organizer=Attendee(organiser.email, organiser.display_name),
        attendees=tuple(Attendee(p.email, p.display_name) for p in people),
        stamp=now.astimezone(dt.UTC),
        description=words.text,
        video_link=join_link(circle, now=now) if join is None else join,
        links={_("See or cancel"): absolute_url("circles:detail", circle.pk)},
        **calendar_words(),
    )


def invitation(meeting: CircleMeeting, *, method: str, now: dt.datetime) -> bytes:
    return build_ics(circle_invite(meeting, now=now), method=method)


def send_invitations(meeting: CircleMeeting, method: str, now: dt.datetime) -> None:
    """One e-mail to each attendee with the same event, in their own
    language. A declined attendee still hears of a move or a cancellation."""
    circle = meeting.circle
    message: CircleMeetingInvitation | CircleMeetingCancellation
    if method == "CANCEL":
        message = CircleMeetingCancellation(
            circle=circle.pk, meeting=meeting.pk, start=meeting.start
        )
    else:
        message = CircleMeetingInvitation(circle=circle.pk, meeting=meeting.pk, start=meeting.start)
    people = invited(meeting)
    files = in_each_language(people, lambda: invitation(meeting, method=method, now=now).decode())
    for person in people:
        notify(
            recipient=person,
            message=message,
            key=f"circle-meeting:{meeting.uid}:{meeting.sequence}:{method}:{person.pk}",
            digest=False,
            payload={"ics": files[person.pk], "method": method},
            now=now,
            calendar=calendar_of(person, around=now),
        )


def attendance_rows(meeting: CircleMeeting, people: list[User], organiser: User) -> None:
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                person=person,
                answer=Attendance.Answer.ACCEPTED
                if person.pk == organiser.pk
                else Attendance.Answer.INVITED,
            )
            for person in people
        ]
    )


def feed_events(person: User, since: dt.datetime, now: dt.datetime) -> list[Invite]:
    """The person's circle meetings for their calendar feed: those they are
    invited to and have not declined, held or still to come."""
    meetings = (
        CircleMeeting.objects.filter(
            Exists(
                Attendance.objects.filter(meeting=OuterRef("pk"), person=person).exclude(
                    answer=Attendance.Answer.DECLINED
                )
            ),
            status__in=(CircleMeeting.Status.SCHEDULED, CircleMeeting.Status.HELD),
            start__gte=since,
        )
        .select_related("circle__programme", "organiser")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("person"))
        )
        .order_by("start")
    )
    links: dict[int, str] = {}  # each circle's, read once
    invites = []
    for meeting in meetings:
        if meeting.circle_id not in links:
            links[meeting.circle_id] = join_link(meeting.circle, now=now)
        invites.append(circle_invite(meeting, now=now, join=links[meeting.circle_id]))
    return invites
