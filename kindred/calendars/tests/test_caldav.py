"""A CalDAV account on a real server (Radicale, started on loopback), seeded
with events as a calendar app writes them: a weekly series in New York
across its clock change, a Tokyo meeting, a free event, an all-day one.
Kindred reads busy time with an app password, by free-busy query where the
person counts all-day events and by its own expansion otherwise, and a
wrong password is said in words."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import caldav
import pytest
from django.utils import timezone

from kindred.calendars.models import BusyInterval, CalendarConnection
from kindred.calendars.services import calendar_connect_caldav, calendar_read
from kindred.calendars.tests.servers import CaldavServer, radicale
from kindred.conftest import World
from kindred.lib.errors import InvalidInput

pytestmark = pytest.mark.django_db(transaction=True)


def local(day: dt.date, clock: str) -> str:
    return day.strftime("%Y%m%d") + "T" + clock.replace(":", "") + "00"


NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def series_monday() -> dt.date:
    """A Monday from which an eight-week series crosses New York's next
    clock change, whatever today is."""
    today = timezone.now().date()
    day = today + dt.timedelta(days=7)
    noon = lambda d: dt.datetime.combine(d, dt.time(12), tzinfo=NEW_YORK)  # noqa: E731
    while noon(day).utcoffset() == noon(today + dt.timedelta(days=7)).utcoffset():
        day += dt.timedelta(days=1)
    monday = day - dt.timedelta(days=day.weekday(), weeks=3)
    next_monday = today + dt.timedelta(days=7 - today.weekday())
    return max(monday, next_monday)


def reading_day(monday: dt.date) -> dt.datetime:
    """A "now" whose window holds the whole seeded calendar."""
    return dt.datetime.combine(monday - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def seed(server: CaldavServer) -> dt.date:
    """Events from a Monday on (series_monday); returns that Monday."""
    client = caldav.DAVClient(server.url, username=server.username, password=server.password)
    calendar = client.principal().make_calendar(name="Work")
    monday = series_monday()
    events = [
        f"UID:standup\nDTSTART;TZID=America/New_York:{local(monday, '09:00')}\n"
        f"DTEND;TZID=America/New_York:{local(monday, '09:30')}\nRRULE:FREQ=WEEKLY;COUNT=8\n"
        "SUMMARY:Standup",
        f"UID:tokyo\nDTSTART;TZID=Asia/Tokyo:{local(monday + dt.timedelta(days=1), '10:00')}\n"
        f"DTEND;TZID=Asia/Tokyo:{local(monday + dt.timedelta(days=1), '11:00')}\nSUMMARY:Tokyo",
        f"UID:free\nDTSTART:{local(monday, '15:00')}Z\nDTEND:{local(monday, '16:00')}Z\n"
        "TRANSP:TRANSPARENT\nSUMMARY:Focus (free)",
        f"UID:leave\nDTSTART;VALUE=DATE:{(monday + dt.timedelta(days=3)).strftime('%Y%m%d')}\n"
        f"DTEND;VALUE=DATE:{(monday + dt.timedelta(days=4)).strftime('%Y%m%d')}\nSUMMARY:Leave",
    ]
    for body in events:
        calendar.save_event(
            "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\nBEGIN:VEVENT\n"
            f"DTSTAMP:20270101T000000Z\n{body}\nEND:VEVENT\nEND:VCALENDAR\n"
        )
    return monday


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CaldavServer]:
    with radicale(tmp_path) as running:
        yield running


def connect(
    world: World, server: CaldavServer, monday: dt.date, all_day: bool = False
) -> CalendarConnection:
    connection = calendar_connect_caldav(
        actor=world.partner, name="Fastmail", url=server.url, username=server.username,
        password=server.password, all_day_blocks=all_day,
    )  # fmt: skip
    return calendar_read(connection, now=reading_day(monday))


def test_busy_time_is_read_from_a_caldav_account(world: World, server: CaldavServer) -> None:
    monday = seed(server)
    connection = connect(world, server, monday)
    assert connection.last_error == "" and connection.username == "kenji"
    starts = sorted(BusyInterval.objects.values_list("start", flat=True))
    new_york = [s for s in starts if s.astimezone(dt.UTC).minute == 0 and s.weekday() == 0]
    # 09:00 in New York is 14:00 UTC in winter and 13:00 in summer: the
    # series crosses a change.
    assert {s.astimezone(dt.UTC).hour for s in new_york} == {13, 14}
    tokyo = dt.datetime.combine(monday + dt.timedelta(days=1), dt.time(1), tzinfo=dt.UTC)
    assert tokyo in starts  # 10:00 Tokyo
    assert not any(s.astimezone(dt.UTC).hour == 15 and s.date() == monday for s in starts)
    assert len(starts) == 8 + 1  # the series and Tokyo; free and all-day do not block
    assert "Standup" not in repr(list(CalendarConnection.objects.values()))


def test_all_day_events_count_when_the_person_says_so(
    world: World, server: CaldavServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read by a free-busy query (Radicale answers them): the all-day leave
    is busy, the free focus time is not."""
    monday = seed(server)
    monkeypatch.setattr(caldav.Calendar, "search", lambda *a, **k: pytest.fail("not free-busy"))
    connect(world, server, monday, all_day=True)
    leave_day = monday + dt.timedelta(days=3)
    assert BusyInterval.objects.filter(start__date__lte=leave_day, end__date__gt=leave_day).exists()
    assert BusyInterval.objects.count() == 8 + 1 + 1


def test_a_wrong_app_password_is_said_and_nothing_kept(world: World, server: CaldavServer) -> None:
    with pytest.raises(InvalidInput, match="refused the user name or app password"):
        calendar_connect_caldav(
            actor=world.partner, name="x", url=server.url, username="kenji", password="wrong"
        )
    assert not CalendarConnection.objects.exists()


def test_a_server_that_goes_away_is_shown_stale(world: World, tmp_path: Path) -> None:
    with radicale(tmp_path) as running:
        monday = seed(running)
        connection = connect(world, running, monday)
    connection = calendar_read(connection, now=reading_day(monday) + dt.timedelta(hours=2))
    assert "could not be read" in connection.error_words
    assert BusyInterval.objects.count() == 9  # what was read stays
