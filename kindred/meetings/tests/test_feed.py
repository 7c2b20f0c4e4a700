"""The subscription address of a person's meetings: every confirmed meeting
across their relationships, with the invitations' UIDs and SEQUENCEs, read
alike by two independent parsers; cancelled and proposed meetings absent;
the address replaced or stopped by its owner only; unchanged answers 304;
a bounded number of queries however many meetings there are."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
import recurring_ical_events
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream

from kindred.conftest import World, client_for, make_meeting, started_pair
from kindred.meetings.models import CalendarFeed, Meeting
from kindred.meetings.services import calendar_feed_make
from kindred.relationships.models import Relationship

UTC = dt.UTC


def instants_by_icalendar(data: bytes, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(start, end)
    return sorted(e.decoded("dtstart").astimezone(UTC) for e in events)


def instants_by_ical(data: bytes, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode())
    starts = [item.start for item in calendar.timeline]
    assert all(isinstance(moment, dt.datetime) for moment in starts)  # no all-day events
    return sorted(
        m.astimezone(UTC) for m in starts if isinstance(m, dt.datetime) and start <= m < end
    )


def _first_summer_sunday() -> dt.date:
    """London's next day of summer time that follows its clocks going
    forward (the last Sunday of March), whatever today is."""
    today = timezone.now().date()
    year = today.year if today < dt.date(today.year, 3, 20) else today.year + 1
    last = dt.date(year, 3, 31)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


SUMMER_DAY = _first_summer_sunday()


@pytest.fixture
def meetings(world: World) -> dict[str, Meeting]:
    pair = started_pair(world)
    soon = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=3)
    london = zoneinfo.ZoneInfo("Europe/London")
    # Two relationships: the partner mentors the participant too.
    second = Relationship.objects.create(
        programme=world.programme, mentor=world.partner, mentee=world.participant,
        status=Relationship.Status.ACTIVE,
    )  # fmt: skip
    return {
        "confirmed": make_meeting(pair, soon, status=Meeting.Status.CONFIRMED, zone="Asia/Kolkata"),
        "across_dst": make_meeting(
            pair, dt.datetime.combine(SUMMER_DAY, dt.time(9), tzinfo=london).astimezone(UTC),
            status=Meeting.Status.CONFIRMED, zone="Europe/London", sequence=2,
        ),
        "other_pair": make_meeting(second, soon + dt.timedelta(days=1),
                                   status=Meeting.Status.CONFIRMED),
        "proposed": make_meeting(pair, soon + dt.timedelta(days=2)),
        "cancelled": make_meeting(pair, soon + dt.timedelta(days=4),
                                  status=Meeting.Status.CANCELLED),
    }  # fmt: skip


def address_of(world_person: object) -> str:
    _, token = calendar_feed_make(actor=world_person)  # type: ignore[arg-type]
    return f"/calendar-feed/{token}.ics"


def test_the_feed_holds_every_confirmed_meeting_and_both_parsers_agree(
    world: World, meetings: dict[str, Meeting]
) -> None:
    answer = Client().get(address_of(world.partner))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    data = answer.content
    parsed = icalendar.Calendar.from_ical(data)
    assert str(parsed["method"]) == "PUBLISH" and "VTIMEZONE" in data.decode()
    uids = {str(e["uid"]): int(str(e["sequence"])) for e in parsed.walk("VEVENT")}
    expected = ("confirmed", "across_dst", "other_pair")
    assert uids == {meetings[k].uid: meetings[k].sequence for k in expected}
    window = (timezone.now() - dt.timedelta(days=1), timezone.now() + dt.timedelta(days=400))
    both = instants_by_icalendar(data, *window)
    assert both == instants_by_ical(data, *window)
    assert both == sorted(meetings[k].start for k in expected)
    # 09:00 in London once its clocks have gone forward is 08:00 UTC.
    assert dt.datetime.combine(SUMMER_DAY, dt.time(8), tzinfo=UTC) in both


def test_the_mentee_sees_only_their_own_relationships(
    world: World, meetings: dict[str, Meeting]
) -> None:
    data = Client().get(address_of(world.owner)).content
    uids = {str(e["uid"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    assert meetings["other_pair"].uid not in uids and meetings["confirmed"].uid in uids


def test_a_cancelled_meeting_leaves_the_feed(world: World, meetings: dict[str, Meeting]) -> None:
    address = address_of(world.owner)
    Meeting.objects.filter(pk=meetings["confirmed"].pk).update(status=Meeting.Status.CANCELLED)
    data = Client().get(address).content
    assert meetings["confirmed"].uid.encode() not in data


def test_unchanged_feeds_answer_304(world: World, meetings: dict[str, Meeting]) -> None:
    address = address_of(world.owner)
    first = Client().get(address)
    again = Client().get(address, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and not again.content
    assert CalendarFeed.objects.get().last_read_at is not None


def test_the_owner_replaces_or_stops_the_address(
    world: World, meetings: dict[str, Meeting]
) -> None:
    owner = client_for(world.owner)
    owner.post("/calendar-feed/new/")
    first = owner.get("/calendar-feed/").context["address"]
    path = first.removeprefix("http://testserver")
    assert Client().get(path).status_code == 200
    owner.post("/calendar-feed/new/")
    assert Client().get(path).status_code == 404  # the old address stops at once
    page = owner.get("/calendar-feed/").content.decode()
    assert "webcal://" in page
    owner.post("/calendar-feed/stop/")
    assert not CalendarFeed.objects.exists()


def test_a_wrong_or_a_leavers_address_finds_nothing(
    world: World, meetings: dict[str, Meeting]
) -> None:
    assert Client().get("/calendar-feed/not-a-token.ics").status_code == 404
    address = address_of(world.owner)
    type(world.owner).objects.filter(pk=world.owner.pk).update(is_active=False)
    assert Client().get(address).status_code == 404


def test_the_feed_costs_the_same_queries_for_many_meetings(world: World) -> None:
    pair = started_pair(world)
    address = address_of(world.owner)
    soon = timezone.now() + dt.timedelta(days=2)
    make_meeting(pair, soon, status=Meeting.Status.CONFIRMED)
    with CaptureQueriesContext(connection) as few:
        Client().get(address)
    for n in range(1, 30):
        make_meeting(pair, soon + dt.timedelta(days=n), status=Meeting.Status.CONFIRMED)
    with CaptureQueriesContext(connection) as many:
        assert Client().get(address).content.count(b"BEGIN:VEVENT") == 30
    assert len(many) == len(few) <= 8


def test_managing_a_programme_puts_none_of_its_pairs_in_your_feed(
    world: World, meetings: dict[str, Meeting]
) -> None:
    """Roles overlap: the programme's manager mentors in another programme.
    Their feed holds that pair's meetings and none of the pairs they manage."""
    from kindred.conftest import enrol

    enrol(world.manager, world.other_programme, "mentor")
    own = Relationship.objects.create(
        programme=world.other_programme, mentor=world.manager, mentee=world.outsider,
        status=Relationship.Status.ACTIVE,
    )  # fmt: skip
    mine = make_meeting(own, timezone.now() + dt.timedelta(days=5), status="confirmed")
    data = Client().get(address_of(world.manager)).content
    uids = {str(e["uid"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    assert uids == {mine.uid}
