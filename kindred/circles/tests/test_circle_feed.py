"""A person's calendar feed holds their circle meetings and booked
office-hours conversations beside their pairs' meetings: the same UIDs as
the e-mailed invitations, every attendee named, read alike by two parsers;
declined, cancelled and other people's absent; in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kindred.circles import services
from kindred.circles.models import CircleMeeting
from kindred.circles.tests.conftest import CircleWorld
from kindred.circles.tests.test_circles import next_weekday
from kindred.meetings.services import calendar_feed_make
from kindred.meetings.tests.test_feed import instants_by_ical, instants_by_icalendar
from kindred.officehours import selectors as hours_selectors
from kindred.officehours import services as hours_services
from kindred.officehours.tests.test_office_hours import offer_office_hours

UTC = dt.UTC


def feed_of(person: object) -> bytes:
    _, token = calendar_feed_make(actor=person)  # type: ignore[arg-type]
    return Client().get(f"/calendar-feed/{token}.ics").content


def events(data: bytes) -> dict[str, icalendar.cal.Component]:
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def _arrange(cw: CircleWorld, weeks: int = 1) -> CircleMeeting:
    return services.meeting_arrange(
        actor=cw.facilitator,
        circle=cw.circle,
        start=next_weekday(13, weeks=weeks),
        minutes=60,
    )


def test_a_circle_meeting_is_in_everyone_invited_feed_with_every_attendee(
    circle_world: CircleWorld,
) -> None:
    cw = circle_world
    meeting = _arrange(cw)
    for person in [cw.facilitator, *cw.members]:
        data = feed_of(person)
        found = events(data)
        assert meeting.uid in found
        attendees = sorted(
            str(a).removeprefix("mailto:") for a in found[meeting.uid].get("attendee")
        )
        assert attendees == sorted(p.email for p in [cw.facilitator, *cw.members])
        window = (meeting.start - dt.timedelta(days=1), meeting.start + dt.timedelta(days=1))
        assert instants_by_icalendar(data, *window) == instants_by_ical(data, *window)
        assert instants_by_icalendar(data, *window) == [meeting.start]
    assert meeting.uid not in events(feed_of(cw.world.participant))  # in no circle
    assert meeting.uid not in events(feed_of(cw.world.manager))  # manages, is not invited


def test_declined_and_cancelled_circle_meetings_leave_the_feed(circle_world: CircleWorld) -> None:
    cw = circle_world
    meeting = _arrange(cw)
    services.meeting_answer(
        actor=cw.members[1], circle=cw.circle, meeting_id=meeting.pk, coming=False
    )
    assert meeting.uid not in events(feed_of(cw.members[1]))
    assert meeting.uid in events(feed_of(cw.members[2]))
    services.meeting_cancel(actor=cw.facilitator, circle=cw.circle, meeting_id=meeting.pk)
    assert meeting.uid not in events(feed_of(cw.members[2]))


def test_many_circle_meetings_cost_no_more_queries(circle_world: CircleWorld) -> None:
    cw = circle_world
    _, token = calendar_feed_make(actor=cw.members[0])
    address = f"/calendar-feed/{token}.ics"
    _arrange(cw, weeks=1)
    with CaptureQueriesContext(connection) as few:
        Client().get(address)
    for weeks in range(2, 7):
        _arrange(cw, weeks=weeks)
    with CaptureQueriesContext(connection) as many:
        assert Client().get(address).content.count(b"BEGIN:VEVENT") == 6
    assert len(many) == len(few)


def test_a_booked_conversation_is_in_the_host_and_guest_feeds(circle_world: CircleWorld) -> None:
    """Roles overlap: the circle's facilitator also holds office hours, and a
    member of the circle books one; both see it beside the circle's meeting."""
    cw = circle_world
    host, guest = cw.facilitator, cw.members[0]
    offer_office_hours(cw.circle.programme)
    hours = hours_services.hours_publish(
        actor=host, programmes=[cw.circle.programme], weekday=2, start="14:00", end="16:00",
        slot_minutes=30,
    )  # fmt: skip
    slot = hours_selectors.open_slots(hours, now=dt.datetime.now(UTC))[0]
    booking = hours_services.booking_create(
        actor=guest, hours=hours, start=slot.start, topic="My first skip-level"
    )
    meeting = _arrange(cw, weeks=3)
    for person in (host, guest):
        found = events(feed_of(person))
        assert {booking.uid, meeting.uid} <= set(found)
        assert found[booking.uid].decoded("dtstart").astimezone(UTC) == slot.start
    assert booking.uid not in events(feed_of(cw.members[1]))
    hours_services.booking_cancel(actor=guest, booking=booking)
    assert booking.uid not in events(feed_of(host))
