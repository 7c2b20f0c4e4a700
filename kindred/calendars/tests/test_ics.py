"""Calendar addresses, read over real HTTP from a loopback server serving
files shaped as Google, Outlook and Apple publish them: only busy times are
kept, conditional requests spare unchanged feeds, a failing feed is shown
with its reason and keeps what was read, private-network addresses are
refused, and the slot finder honours both people's calendars."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from kindred.calendars import readers
from kindred.calendars.models import BusyInterval, CalendarConnection
from kindred.calendars.services import (
    calendar_connect_ics,
    calendar_read,
    calendar_refresh,
    refresh_calendars,
)
from kindred.calendars.tests.servers import Feed, FeedServer, feed_server
from kindred.conftest import World, client_for, started_pair
from kindred.engines.calendar.busy import Skipped
from kindred.lib.errors import InvalidInput
from kindred.lib.safe_fetch import address_problem
from kindred.meetings.times import check_time, suggestions

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "Board meeting: redundancy plan"


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def google(events: list[tuple[dt.datetime, dt.datetime]], extra: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
             "X-WR-CALNAME:Work", "X-WR-TIMEZONE:Europe/London"]  # fmt: skip
    for n, (start, end) in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:event{n}@google.com", f"DTSTART:{stamp(start)}",
                  f"DTEND:{stamp(end)}", f"SUMMARY:{SECRET}",
                  "ATTENDEE;CN=Ana:mailto:ana@x.example", "LOCATION:Room 4",
                  "DESCRIPTION:Do not share", "END:VEVENT"]  # fmt: skip
    lines += [extra] if extra else []
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as running:
        yield running


def connect(world: World, server: FeedServer, body: bytes, person: Any = None) -> Any:
    server.feeds["/basic.ics"] = Feed(body)
    return client_for(person or world.partner).post(
        "/calendars/",
        {"kind": "ics", "ics-name": "Work", "ics-url": server.url("/basic.ics")},
    )


def test_only_busy_times_are_kept_and_nothing_else(world: World, server: FeedServer) -> None:
    soon = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    page = connect(world, server, google([(soon, soon + dt.timedelta(hours=1))]))
    assert page.status_code == 302
    connection = CalendarConnection.objects.get()
    assert connection.owner == world.partner and connection.host == "127.0.0.1"
    assert list(BusyInterval.objects.values_list("start", "end")) == [
        (soon, soon + dt.timedelta(hours=1))
    ]
    stored = repr(list(CalendarConnection.objects.values())) + repr(
        list(BusyInterval.objects.values())
    )
    for private in ("Board meeting", "Ana", "Room 4", "Do not share", "/basic.ics"):
        assert private not in stored  # the address itself is sealed
    listing = client_for(world.partner).get("/calendars/").content.decode()
    assert "1 busy time" in listing and SECRET not in listing


def test_unchanged_feeds_answer_304_and_keep_their_busy_times(
    world: World, server: FeedServer
) -> None:
    soon = timezone.now() + dt.timedelta(days=3)
    connect(world, server, google([(soon, soon + dt.timedelta(hours=1))]))
    connection = CalendarConnection.objects.get()
    calendar_read(connection, now=timezone.now() + dt.timedelta(hours=2))
    assert server.requests[-1].get("If-None-Match") == '"v1"'
    assert BusyInterval.objects.count() == 1
    calendar_refresh(actor=world.partner, connection_id=connection.pk)  # on demand: in full
    assert "If-None-Match" not in server.requests[-1]


def test_a_failing_feed_is_shown_with_its_reason_and_keeps_what_was_read(
    world: World, server: FeedServer
) -> None:
    soon = timezone.now() + dt.timedelta(days=3)
    connect(world, server, google([(soon, soon + dt.timedelta(hours=1))]))
    server.feeds["/basic.ics"].status = 500
    connection = calendar_read(
        CalendarConnection.objects.get(), now=timezone.now() + dt.timedelta(hours=2)
    )
    assert "answered 500" in connection.error_words and connection.last_success_at is not None
    assert BusyInterval.objects.count() == 1
    page = client_for(world.partner).get("/calendars/").content.decode()
    assert "Could not be read" in page and "answered 500" in page
    # Read in the background, the reason is kept as words to translate: its
    # owner reads it in their own language.
    world.partner.language = "de"
    world.partner.save()
    german = client_for(world.partner).get("/calendars/").content.decode()
    assert "Die Adresse antwortete mit 500." in german


def test_a_bad_line_is_reported_not_fatal(world: World, server: FeedServer) -> None:
    soon = timezone.now() + dt.timedelta(days=3)
    body = google([(soon, soon + dt.timedelta(hours=1))]).replace(
        b"LOCATION:Room 4", b"DTSTART;TZID=Europe/Paris 20270101T090000", 1
    )
    connect(world, server, body)
    connection = CalendarConnection.objects.get()
    assert connection.skipped and "could not be read" in connection.skipped_words[0]
    assert "could not be read" in client_for(world.partner).get("/calendars/").content.decode()
    world.partner.language = "de"  # read in the background, shown in the owner's words
    world.partner.save()
    german = client_for(world.partner).get("/calendars/").content.decode()
    assert "konnte nicht gelesen werden und wurde übersprungen" in german


def test_what_is_not_a_calendar_is_refused_and_not_kept(world: World, server: FeedServer) -> None:
    page = connect(world, server, b"<html>Sign in to Google</html>")
    assert page.status_code == 422 and "does not give a calendar" in page.content.decode()
    assert not CalendarConnection.objects.exists()


@pytest.mark.parametrize(
    "address",
    [
        "https://10.0.0.5/calendar.ics",
        "https://192.168.1.20/calendar.ics",
        "https://169.254.169.254/latest/meta-data",  # a cloud's metadata service
        "https://[::ffff:172.16.0.9]/calendar.ics",
        "https://[fd00::1]/calendar.ics",
    ],
)
def test_private_network_addresses_are_refused(world: World, address: str) -> None:
    assert "private network" in str(address_problem(address))
    with pytest.raises(InvalidInput, match="private network"):
        calendar_connect_ics(actor=world.partner, name="x", url=address)


def test_loopback_plain_http_and_redirects_inward_are_refused_in_production(
    world: World, server: FeedServer
) -> None:
    assert "https://" in str(address_problem("http://calendar.example/x.ics"))
    with override_settings(KINDRED_FETCH_ALLOW_LOOPBACK=False):
        assert address_problem(server.url("/basic.ics"))
        assert "private network" in str(address_problem("https://localhost/x.ics"))
    server.feeds["/moved.ics"] = Feed(b"", redirect_to="https://10.1.2.3/calendar.ics")
    page = client_for(world.partner).post(
        "/calendars/", {"kind": "ics", "ics-name": "Moved", "ics-url": server.url("/moved.ics")}
    )
    assert page.status_code == 422 and "private network" in page.content.decode()


def test_webcal_addresses_are_read_as_https() -> None:
    from kindred.calendars.services import _plain_url

    assert _plain_url("webcal://p01-caldav.icloud.com/published/2/x") == (
        "https://p01-caldav.icloud.com/published/2/x"
    )


def test_a_feed_larger_than_the_limit_is_refused(
    world: World, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_BYTES", 2048)
    soon = timezone.now() + dt.timedelta(days=3)
    page = connect(world, server, google([(soon, soon + dt.timedelta(hours=1))] * 40))
    assert page.status_code == 422 and "larger than" in page.content.decode()


def test_suggestions_avoid_either_persons_busy_time_and_proposals_are_warned(
    world: World, server: FeedServer
) -> None:
    pair = started_pair(world)
    now = timezone.now()
    before = suggestions(pair, now=now)
    taken = [(before[0].start, before[0].end), (before[1].start, before[1].end)]
    connect(world, server, google(taken[:1]), person=world.partner)
    server.feeds["/mine.ics"] = Feed(google(taken[1:]))
    calendar_connect_ics(actor=world.owner, name="Mine", url=server.url("/mine.ics"))
    after = suggestions(pair, now=now)
    busy = list(BusyInterval.objects.values_list("start", "end"))
    assert after and len(busy) == 2
    for slot in after:
        assert all(not (slot.start < end and start < slot.end) for start, end in busy)
    warnings = [str(w) for w in check_time(pair, before[0].start, before[0].end)[1]]
    assert f"{world.partner.display_name}'s calendar shows this time busy" in warnings
    assert not any(SECRET in w for w in warnings)


def test_one_unreadable_calendar_never_stops_the_sweep(
    world: World, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    soon = timezone.now() + dt.timedelta(days=3)
    connect(world, server, google([(soon, soon + dt.timedelta(hours=1))]))
    server.feeds["/mine.ics"] = Feed(google([(soon, soon + dt.timedelta(hours=2))]))
    calendar_connect_ics(actor=world.owner, name="Mine", url=server.url("/mine.ics"))
    real = readers.busy_of

    def broken_for_the_partner(data: bytes, connection: Any, *args: Any) -> Any:
        if connection.owner_id == world.partner.pk:
            raise TypeError("a library's bug")
        return real(data, connection, *args)

    monkeypatch.setattr(readers, "busy_of", broken_for_the_partner)
    later = timezone.now() + dt.timedelta(hours=2)
    CalendarConnection.objects.update(etag="", last_modified="")
    assert refresh_calendars(now=later) == 2
    broken, fine = (CalendarConnection.objects.get(owner=p) for p in (world.partner, world.owner))
    assert broken.error_words == "Its contents could not be read." and fine.last_error == ""
    assert fine.last_success_at == later


def test_what_was_skipped_is_said_in_the_readers_language() -> None:
    line, event = (
        readers.skipped_phrase(Skipped(line=7)),
        readers.skipped_phrase(Skipped(event="abc…")),
    )
    assert str(line) == "Line 7 could not be read and was skipped."
    assert str(event) == "An event could not be read and was skipped (UID abc…)."
    with translation.override("ja"):
        assert str(line) == "7 行目を読み取れなかったため、スキップしました。"
