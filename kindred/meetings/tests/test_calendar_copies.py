"""Kindred writes a person's meetings into their own CalDAV calendar when
they ask (issue 25): on a real server (Radicale, started on loopback), a
proposed meeting appears tentative, confirmed it is confirmed, moved it
moves (the same object, a higher SEQUENCE), cancelled it goes; a series is
one event with its rule, a cancelled occurrence excluded; an invitation the
person accepted is replaced, not doubled; stopping or removing takes out
what Kindred wrote; and a calendar that refuses Kindred is noted on it and
never stops the others. Nothing Kindred wrote blocks its own time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import caldav
import icalendar
import pytest
from django.db import connection
from django.utils import timezone

from kindred.calendars.caldav_writer import CopyRefused, Writer
from kindred.calendars.models import BusyInterval, CalendarConnection, WrittenEvent
from kindred.calendars.services import (
    calendar_connect_caldav,
    calendar_connect_ics,
    calendar_read,
    calendar_remove,
    calendar_update,
    write_calendars,
)
from kindred.calendars.tests.servers import CaldavServer, Feed, feed_server, radicale
from kindred.conftest import World, client_for
from kindred.engines.calendar.tests.parsers import agreed_instants
from kindred.lib.errors import InvalidInput
from kindred.lib.sealing import seal
from kindred.meetings import services
from kindred.meetings.models import Meeting
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_change_status

pytestmark = pytest.mark.django_db(transaction=True)
UTC = dt.UTC


def next_tuesday_10() -> dt.datetime:
    """10:00 UTC on a Tuesday at least a week ahead (inside both people's
    working hours in London, whatever today is)."""
    day = timezone.now().date() + dt.timedelta(days=7)
    day += dt.timedelta(days=(1 - day.weekday()) % 7)
    return dt.datetime.combine(day, dt.time(10), tzinfo=UTC)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CaldavServer]:
    with radicale(tmp_path) as running:
        dav = caldav.DAVClient(running.url, username=running.username, password=running.password)
        dav.principal().make_calendar(name="Work")
        yield running


def dav_calendar(server: CaldavServer) -> caldav.Calendar:
    dav = caldav.DAVClient(server.url, username=server.username, password=server.password)
    return dav.principal().calendars()[0]


def events_on(server: CaldavServer) -> dict[str, tuple[str, bytes]]:
    """What the server holds: each UID with its object's address and data."""
    found = {}
    for item in dav_calendar(server).events():
        data = item.data.encode()
        uid = str(icalendar.Calendar.from_ical(data).walk("VEVENT")[0]["UID"])
        found[uid] = (str(item.url), data)
    return found


def event_of(data: bytes) -> icalendar.cal.component.Component:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")[0]


def connect(world: World, server: CaldavServer, person: str = "owner") -> CalendarConnection:
    return calendar_connect_caldav(
        actor=getattr(world, person), name="Fastmail", url=server.url, username=server.username,
        password=server.password, write_meetings=True,
    )  # fmt: skip


def propose(world: World, pair: Relationship, start: dt.datetime) -> Meeting:
    return services.meeting_propose(
        actor=world.owner, relationship=pair, start=start, minutes=45, zone="Europe/London"
    )


def test_a_meeting_is_written_confirmed_moved_and_taken_out(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    connect(world, server)
    start = next_tuesday_10()
    meeting = propose(world, pair_with_intakes, start)
    href, data = events_on(server)[meeting.uid]
    event = event_of(data)
    assert str(event["STATUS"]) == "TENTATIVE"  # proposed, not yet confirmed
    assert event.decoded("DTSTART").astimezone(UTC) == start
    assert "ORGANIZER" not in event and "ATTENDEE" not in event  # no second invitation
    assert b"METHOD" not in data

    services.meeting_confirm(actor=world.partner, meeting=meeting)
    assert str(event_of(events_on(server)[meeting.uid][1])["STATUS"]) == "CONFIRMED"

    later = start + dt.timedelta(days=1, hours=1)
    services.meeting_reschedule(actor=world.partner, meeting=meeting, start=later, minutes=45)
    moved_href, moved = events_on(server)[meeting.uid]
    assert moved_href == href  # the same object, moved
    assert event_of(moved).decoded("DTSTART").astimezone(UTC) == later
    assert event_of(moved).decoded("SEQUENCE") == 1

    # Reading the same calendar for busy time leaves Kindred's own meeting out.
    connection = calendar_read(CalendarConnection.objects.get())
    assert connection.last_error == "" and not BusyInterval.objects.exists()

    services.meeting_cancel(actor=world.owner, meeting=meeting)
    assert meeting.uid not in events_on(server)
    assert not WrittenEvent.objects.exists()


def test_an_unchanged_meeting_is_not_written_again(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    connect(world, server)
    meeting = propose(world, pair_with_intakes, next_tuesday_10())
    before = events_on(server)[meeting.uid][1]
    assert write_calendars(now=timezone.now() + dt.timedelta(hours=3)) == 1
    assert events_on(server)[meeting.uid][1] == before  # same DTSTAMP: not rewritten
    connection = CalendarConnection.objects.get()
    assert connection.write_error == "" and connection.last_written_at is not None


def test_a_series_is_one_event_with_its_rule(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    connect(world, server)
    first = next_tuesday_10()
    series = services.series_create(
        actor=world.owner, relationship=pair_with_intakes, first_start=first, minutes=30,
        count=4, zone="Europe/London",
    )  # fmt: skip
    occurrences = list(series.occurrences.order_by("start"))
    assert list(events_on(server)) == [series.uid]
    assert agreed_instants(events_on(server)[series.uid][1]) == [m.start for m in occurrences]

    services.meeting_cancel(actor=world.partner, meeting=occurrences[1])
    data = events_on(server)[series.uid][1]
    assert agreed_instants(data) == [m.start for m in occurrences if m != occurrences[1]]

    for meeting in occurrences:
        if meeting != occurrences[1]:
            services.meeting_cancel(actor=world.partner, meeting=meeting)
    assert events_on(server) == {}  # every occurrence cancelled: the series goes


def test_an_invitation_the_person_accepted_is_replaced_not_doubled(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    meeting = propose(world, pair_with_intakes, next_tuesday_10())
    accepted = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Mail app//EN\nBEGIN:VEVENT\n"
        f"UID:{meeting.uid}\nDTSTAMP:20270101T000000Z\n"
        f"DTSTART:{meeting.start:%Y%m%dT%H%M%SZ}\nDTEND:{meeting.end:%Y%m%dT%H%M%SZ}\n"
        "SUMMARY:Accepted from the e-mail\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    calendar = dav_calendar(server)
    assert calendar.url is not None and calendar.client is not None
    href_before = str(calendar.url.join("from-the-mail-app.ics"))  # a name Kindred would not pick
    assert (
        calendar.client.put(href_before, accepted, {"Content-Type": "text/calendar"}).status == 201
    )
    connect(world, server)
    held = events_on(server)
    assert list(held) == [meeting.uid]
    assert held[meeting.uid][0] == href_before  # written where the accepted one was
    assert "Accepted from the e-mail" not in str(event_of(held[meeting.uid][1])["SUMMARY"])


def test_stopping_or_removing_takes_out_what_kindred_wrote(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    connection = connect(world, server)
    meeting = propose(world, pair_with_intakes, next_tuesday_10())
    assert meeting.uid in events_on(server)
    calendar_update(
        actor=world.owner, connection_id=connection.pk, name="Fastmail", all_day_blocks=False,
        write_meetings=False,
    )  # fmt: skip
    assert events_on(server) == {} and not WrittenEvent.objects.exists()
    calendar_update(
        actor=world.owner, connection_id=connection.pk, name="Fastmail", all_day_blocks=False,
        write_meetings=True,
    )  # fmt: skip
    assert list(events_on(server)) == [meeting.uid]  # started again: written at once
    calendar_remove(actor=world.owner, connection_id=connection.pk)
    assert events_on(server) == {}


def test_a_relationship_that_ends_takes_its_future_meetings_out(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    connect(world, server)
    meeting = propose(world, pair_with_intakes, next_tuesday_10())
    relationship_change_status(
        actor=world.manager, relationship=pair_with_intakes, to="ended_early"
    )
    assert meeting.uid not in events_on(server)


def test_a_calendar_that_refuses_is_noted_and_never_stops_the_others(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    refusing = connect(world, server, person="owner")
    CalendarConnection.objects.filter(pk=refusing.pk).update(password_sealed=seal("wrong"))
    working = connect(world, server, person="partner")
    meeting = propose(world, pair_with_intakes, next_tuesday_10())
    refusing.refresh_from_db()
    working.refresh_from_db()
    assert "refused the user name or app password" in refusing.write_error
    assert working.write_error == "" and meeting.uid in events_on(server)
    assert write_calendars() == 2  # the sweep goes on past the refusing one


def test_only_a_caldav_account_is_written_into(world: World) -> None:
    with feed_server() as feeds:
        feeds.feeds["/cal.ics"] = Feed(b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
        connection = calendar_connect_ics(
            actor=world.owner, name="Google", url=feeds.url("/cal.ics")
        )
    with pytest.raises(InvalidInput, match="only into a CalDAV account"):
        calendar_update(
            actor=world.owner, connection_id=connection.pk, name="Google", all_day_blocks=False,
            write_meetings=True,
        )  # fmt: skip
    assert not CalendarConnection.objects.get().write_meetings


def test_an_address_on_another_server_is_never_written_to(
    world: World, server: CaldavServer
) -> None:
    connection = connect(world, server)
    writer = Writer(connection, server.url)
    with pytest.raises(CopyRefused, match="another server"):
        writer.delete("http://127.0.0.2:8080/elsewhere.ics")


def test_the_change_page_offers_writing_for_a_caldav_account_only(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    from kindred.conftest import client_for

    caldav_account = connect(world, server)
    meeting = propose(world, pair_with_intakes, next_tuesday_10())
    owner = client_for(world.owner)
    page = owner.get(f"/calendars/{caldav_account.pk}/").content.decode()
    assert "Put my Kindred meetings in this calendar" in page and "checked" in page
    answer = owner.post(
        f"/calendars/{caldav_account.pk}/", {"name": "Fastmail", "all_day_blocks": ""}
    )
    assert answer.status_code == 302 and events_on(server) == {}  # unticked: taken out
    listing = owner.get("/calendars/").content.decode()
    assert "meetings are written into" not in listing
    owner.post(f"/calendars/{caldav_account.pk}/", {"name": "Fastmail", "write_meetings": "on"})
    assert list(events_on(server)) == [meeting.uid]
    assert (
        "Your Kindred meetings are written into “Work”" in owner.get("/calendars/").content.decode()
    )
    with feed_server() as feeds:
        feeds.feeds["/cal.ics"] = Feed(b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
        address = calendar_connect_ics(actor=world.owner, name="Google", url=feeds.url("/cal.ics"))
    page = owner.get(f"/calendars/{address.pk}/").content.decode()
    assert "Put my Kindred meetings" not in page  # an address is read-only


def test_a_person_in_two_relationships_has_both_written(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    """The partner mentors the owner in one programme and the participant
    in another: both pairs' meetings go into the partner's calendar, and
    nobody else's connection is touched."""
    from kindred.conftest import make_meeting

    other = Relationship.objects.create(
        programme=world.other_programme, mentor=world.partner, mentee=world.participant,
        status=Relationship.Status.ACTIVE,
    )  # fmt: skip
    soon = next_tuesday_10()
    first = make_meeting(pair_with_intakes, soon, status="confirmed")
    second = make_meeting(other, soon + dt.timedelta(days=1), status="confirmed")
    connect(world, server, person="partner")
    assert sorted(events_on(server)) == sorted([first.uid, second.uid])


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections writing at once need PostgreSQL: SQLite's shared in-memory test "
    "database refuses the second with 'table is locked' at random",
)
def test_two_writes_of_one_calendar_at_once_leave_one_event(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    """A meeting's own write and the scheduled sweep may run together: each
    writes the same event, and neither reports a failure."""
    from kindred.calendars.services import calendar_write
    from kindred.conftest import at_once

    connect(world, server)
    propose(world, pair_with_intakes, next_tuesday_10())
    WrittenEvent.objects.all().delete()  # as if the first write had not been recorded
    connection = CalendarConnection.objects.get()
    at_once(lambda _: calendar_write(CalendarConnection.objects.get(pk=connection.pk)), [0, 1])
    connection.refresh_from_db()
    assert connection.write_error == ""
    assert WrittenEvent.objects.count() == 1 and len(events_on(server)) == 1


def test_the_person_chooses_which_of_the_accounts_calendars_holds_them(
    world: World, pair_with_intakes: Relationship, server: CaldavServer
) -> None:
    """An account with a work and a personal calendar: meetings go to the
    first until the person picks the other, and then move there."""
    dav = caldav.DAVClient(server.url, username=server.username, password=server.password)
    dav.principal().make_calendar(name="Personal")
    connection = connect(world, server)
    assert {c["name"] for c in connection.calendars} == {"Work", "Personal"}
    meeting = propose(world, pair_with_intakes, next_tuesday_10())

    def holding(name: str) -> list[str]:
        (calendar,) = [c for c in dav.principal().calendars() if c.name == name]
        return [str(e.icalendar_component["UID"]) for e in calendar.events()]

    first, other = connection.calendars[0], connection.calendars[1]
    assert holding(first["name"]) == [meeting.uid] and holding(other["name"]) == []
    page = client_for(world.owner).get(f"/calendars/{connection.pk}/").content.decode()
    assert "Put them in" in page and other["name"] in page
    client_for(world.owner).post(
        f"/calendars/{connection.pk}/",
        {"name": "Fastmail", "write_meetings": "on", "write_to": other["url"]},
    )
    assert holding(first["name"]) == [] and holding(other["name"]) == [meeting.uid]
    listing = client_for(world.owner).get("/calendars/").content.decode()
    assert f"written into “{other['name']}”" in listing
    with pytest.raises(InvalidInput, match="one of the account's calendars"):
        calendar_update(
            actor=world.owner, connection_id=connection.pk, name="Fastmail",
            all_day_blocks=False, write_to="http://127.0.0.1:1/elsewhere/",
        )  # fmt: skip
