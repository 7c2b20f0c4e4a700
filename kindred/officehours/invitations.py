"""A booked conversation's calendar invitation (RFC 5546), to the host
and the guest, with its link to join."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from kindred.engines.calendar import Attendee, Invite, build_ics
from kindred.lib.links import absolute_url
from kindred.meetings.video import jitsi_link
from kindred.notifications.messages import render_text
from kindred.notifications.services import notify
from kindred.officehours.messages import ConversationBooked, ConversationCancelled
from kindred.officehours.models import Booking
from kindred.profiles.selectors import calendar_of
from kindred.programs.models import Programme


def join_link(booking: Booking, *, now: dt.datetime | None = None) -> str:
    """The programme's Jitsi room for this conversation, the link the host
    gave with their hours, or the host's personal room."""
    if booking.status in (Booking.Status.CANCELLED, Booking.Status.NO_SHOW):
        return ""
    programme = booking.programme
    if programme.video == Programme.Video.JITSI:
        room = f"kindred-hours-{booking.uid.split('@')[0]}"
        return jitsi_link(programme, room, now or timezone.now())
    return booking.hours.video_link or booking.host.personal_room_url


def invitation(booking: Booking, *, method: str, now: dt.datetime) -> bytes:
    host, guest = booking.host, booking.guest
    words = render_text("officehours/calendar/event.txt", {"booking": booking})
    return build_ics(
        Invite(
            uid=booking.uid,
            sequence=booking.sequence,
            summary=words.subject,
            start=booking.start.astimezone(zoneinfo.ZoneInfo(host.timezone)),
            duration=booking.end - booking.start,
            organizer=Attendee(host.email, host.display_name),
            attendees=(
                Attendee(host.email, host.display_name),
                Attendee(guest.email, guest.display_name),
            ),
            stamp=now.astimezone(dt.UTC),
            description=words.text,
            video_link=join_link(booking, now=now),
            links={"see or cancel": absolute_url("officehours:booking", booking.pk)},
        ),
        method=method,
    )


def send_invitations(booking: Booking, method: str, now: dt.datetime) -> None:
    """The same calendar file to both; one failing address never stops the other."""
    ics = invitation(booking, method=method, now=now).decode()
    message: ConversationBooked | ConversationCancelled
    if method == "CANCEL":
        message = ConversationCancelled(booking=booking.pk, start=booking.start)
    else:
        message = ConversationBooked(
            booking=booking.pk, start=booking.start, join=join_link(booking, now=now)
        )
    for person in (booking.host, booking.guest):
        notify(
            recipient=person,
            message=message,
            key=f"office-hours:{booking.uid}:{booking.sequence}:{method}:{person.pk}",
            digest=False,
            payload={"ics": ics, "method": method},
            now=now,
            calendar=calendar_of(person, around=now),
        )
