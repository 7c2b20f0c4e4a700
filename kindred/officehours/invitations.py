"""A booked conversation's calendar invitation (RFC 5546), to the host
and the guest, with its link to join."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import Q
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.engines.calendar import Attendee, Invite, build_ics
from kindred.lib.links import absolute_url
from kindred.notifications.messages import calendar_words, in_each_language, render_text
from kindred.notifications.services import notify
from kindred.officehours.messages import ConversationBooked, ConversationCancelled
from kindred.officehours.models import Booking
from kindred.officehours.video import join_link
from kindred.profiles.selectors import calendar_of


def booking_invite(booking: Booking, *, now: dt.datetime) -> Invite:
    host, guest = booking.host, booking.guest
    words = render_text("officehours/calendar/event.txt", {"booking": booking})
    return Invite(
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
        links={_("See or cancel"): absolute_url("officehours:booking", booking.pk)},
        **calendar_words(),
    )


def invitation(booking: Booking, *, method: str, now: dt.datetime) -> bytes:
    return build_ics(booking_invite(booking, now=now), method=method)


def feed_events(person: User, since: dt.datetime, now: dt.datetime) -> list[Invite]:
    """The person's booked conversations, as host or guest, for their
    calendar feed: those still to come and those that took place."""
    bookings = (
        Booking.objects.filter(
            Q(host=person) | Q(guest=person),
            status__in=(Booking.Status.BOOKED, Booking.Status.HELD),
            start__gte=since,
        )
        .select_related("host", "guest", "hours", "programme")
        .order_by("start")
    )
    return [booking_invite(booking, now=now) for booking in bookings]


def send_invitations(booking: Booking, method: str, now: dt.datetime) -> None:
    """The same event to both, each in their own language; one failing
    address never stops the other."""
    people = (booking.host, booking.guest)
    files = in_each_language(people, lambda: invitation(booking, method=method, now=now).decode())
    message: ConversationBooked | ConversationCancelled
    if method == "CANCEL":
        message = ConversationCancelled(booking=booking.pk, start=booking.start)
    else:
        message = ConversationBooked(booking=booking.pk, start=booking.start)
    for person in people:
        notify(
            recipient=person,
            message=message,
            key=f"office-hours:{booking.uid}:{booking.sequence}:{method}:{person.pk}",
            digest=False,
            payload={"ics": files[person.pk], "method": method},
            now=now,
            calendar=calendar_of(person, around=now),
        )
