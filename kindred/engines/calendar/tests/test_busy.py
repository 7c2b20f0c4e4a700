"""Busy time from calendars shaped as Google, Outlook and Apple export them:
recurrence across daylight-saving changes, exceptions, Windows zone names,
what does and does not block, all-day events, floating times, and a bad
line that costs only itself. Nothing but intervals comes out."""

from __future__ import annotations

import datetime as dt

import pytest

from kindred.engines.calendar.busy import Skipped, busy_from_free_busy, busy_from_ics

UTC = dt.UTC
WINDOW = (dt.datetime(2027, 3, 1, tzinfo=UTC), dt.datetime(2027, 5, 1, tzinfo=UTC))


def ics(*events: str, head: str = "", zones: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
        + head + zones + body + "END:VCALENDAR\r\n"
    )  # fmt: skip
    return text.replace("\n        ", "\n").encode()


def busy(data: bytes, zone: str = "Europe/London", all_day: bool = False) -> list[tuple[str, str]]:
    read = busy_from_ics(
        data, start=WINDOW[0], end=WINDOW[1], home_zone=zone, all_day_blocks=all_day
    )
    return [(a.isoformat(), b.isoformat()) for a, b in read.intervals]


def test_a_google_weekly_series_keeps_its_local_hour_across_the_clock_change() -> None:
    # Google: X-WR-TIMEZONE, a TZID'd start, COUNT; London moves on 28 March 2027.
    data = ics(
        """UID:standup@google.com
        DTSTART;TZID=Europe/London:20270322T090000
        DTEND;TZID=Europe/London:20270322T093000
        RRULE:FREQ=WEEKLY;COUNT=3
        SUMMARY:Secret project standup""",
        head="X-WR-TIMEZONE:Europe/London\r\n",
    )
    assert busy(data) == [
        ("2027-03-22T09:00:00+00:00", "2027-03-22T09:30:00+00:00"),
        ("2027-03-29T08:00:00+00:00", "2027-03-29T08:30:00+00:00"),  # BST: 09:00 local
        ("2027-04-05T08:00:00+00:00", "2027-04-05T08:30:00+00:00"),
    ]


def test_exdate_until_a_moved_and_a_cancelled_occurrence() -> None:
    data = ics(
        """UID:weekly-1
        DTSTART;TZID=America/New_York:20270301T100000
        DTEND;TZID=America/New_York:20270301T110000
        RRULE:FREQ=WEEKLY;UNTIL=20270329T150000Z
        EXDATE;TZID=America/New_York:20270308T100000""",
        """UID:weekly-1
        RECURRENCE-ID;TZID=America/New_York:20270315T100000
        DTSTART;TZID=America/New_York:20270316T140000
        DTEND;TZID=America/New_York:20270316T150000""",
        """UID:weekly-1
        RECURRENCE-ID;TZID=America/New_York:20270322T100000
        DTSTART;TZID=America/New_York:20270322T100000
        DTEND;TZID=America/New_York:20270322T110000
        STATUS:CANCELLED""",
    )
    assert busy(data, "America/New_York") == [
        ("2027-03-01T15:00:00+00:00", "2027-03-01T16:00:00+00:00"),  # EST
        ("2027-03-16T18:00:00+00:00", "2027-03-16T19:00:00+00:00"),  # moved, EDT
        ("2027-03-29T14:00:00+00:00", "2027-03-29T15:00:00+00:00"),  # the last, by UNTIL
    ]


OUTLOOK_ZONES = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
""".replace("\n", "\r\n")


def test_outlook_windows_zones_and_busy_status() -> None:
    data = ics(
        """UID:040000008200E00074C5B7101A82E008
        DTSTART;TZID=W. Europe Standard Time:20270401T140000
        DTEND;TZID=W. Europe Standard Time:20270401T150000
        X-MICROSOFT-CDO-BUSYSTATUS:OOF""",
        """UID:outlook-free
        DTSTART;TZID=W. Europe Standard Time:20270402T140000
        DTEND;TZID=W. Europe Standard Time:20270402T150000
        TRANSP:OPAQUE
        X-MICROSOFT-CDO-BUSYSTATUS:FREE""",
        """UID:outlook-tokyo
        DTSTART;TZID=Tokyo Standard Time:20270405T090000
        DTEND;TZID=Tokyo Standard Time:20270405T100000
        X-MICROSOFT-CDO-BUSYSTATUS:BUSY""",
        zones=OUTLOOK_ZONES,
    )
    assert busy(data) == [
        ("2027-04-01T12:00:00+00:00", "2027-04-01T13:00:00+00:00"),  # CEST
        ("2027-04-05T00:00:00+00:00", "2027-04-05T01:00:00+00:00"),  # Tokyo, UTC+9
    ]


def test_free_tentative_and_cancelled_events_do_not_block() -> None:
    data = ics(
        "UID:a\nDTSTART:20270310T100000Z\nDTEND:20270310T110000Z\nTRANSP:TRANSPARENT",
        "UID:b\nDTSTART:20270310T120000Z\nDTEND:20270310T130000Z\nSTATUS:TENTATIVE",
        "UID:c\nDTSTART:20270310T140000Z\nDTEND:20270310T150000Z\nSTATUS:CANCELLED",
        "UID:d\nDTSTART:20270310T160000Z\nDURATION:PT45M\nSTATUS:CONFIRMED",
    )
    assert busy(data) == [("2027-03-10T16:00:00+00:00", "2027-03-10T16:45:00+00:00")]


def test_all_day_events_block_only_when_asked_from_local_midnight() -> None:
    # Apple: VALUE=DATE, DTEND the day after; Auckland is 13 hours ahead.
    data = ics("UID:leave\nDTSTART;VALUE=DATE:20270310\nDTEND;VALUE=DATE:20270312")
    assert busy(data, "Pacific/Auckland") == []
    assert busy(data, "Pacific/Auckland", all_day=True) == [
        ("2027-03-09T11:00:00+00:00", "2027-03-11T11:00:00+00:00"),
    ]


def test_floating_times_are_the_persons_own_clock() -> None:
    data = ics("UID:f\nDTSTART:20270310T090000\nDTEND:20270310T100000")
    assert busy(data, "Asia/Kolkata") == [
        ("2027-03-10T03:30:00+00:00", "2027-03-10T04:30:00+00:00"),
    ]


def test_a_bad_line_is_reported_and_the_rest_read() -> None:
    data = ics(
        "UID:good\nDTSTART:20270310T090000Z\nDTEND:20270310T100000Z",
        "UID:broken\nDTSTART;TZID=Europe/Paris 20270311T090000\nDTEND:20270311T100000Z",
    )
    read = busy_from_ics(data, start=WINDOW[0], end=WINDOW[1], home_zone="UTC")
    assert ("2027-03-10T09:00:00+00:00", "2027-03-10T10:00:00+00:00") in [
        (a.isoformat(), b.isoformat()) for a, b in read.intervals
    ]
    assert read.problems == [Skipped(event="broken")]  # the event it broke, by its UID


def test_the_callers_own_events_are_left_out() -> None:
    data = ics(
        "UID:3f1c@kindred\nDTSTART:20270310T090000Z\nDTEND:20270310T100000Z",
        "UID:3f1c@kindred#4\nDTSTART:20270310T140000Z\nDTEND:20270310T150000Z",
        "UID:dentist\nDTSTART:20270310T120000Z\nDTEND:20270310T130000Z",
        "UID:x@kindredhealth.example\nDTSTART:20270310T160000Z\nDTEND:20270310T170000Z",
        "UID:x@kindred#draft\nDTSTART:20270310T180000Z\nDTEND:20270310T190000Z",
    )
    read = busy_from_ics(
        data, start=WINDOW[0], end=WINDOW[1], home_zone="UTC", skip_kindred_events=True
    )
    # A meeting's and a series occurrence's UIDs are Kindred's; a domain
    # that merely starts with "kindred" is someone else's.
    assert [a.hour for a, _ in read.intervals] == [12, 16, 18]


def test_what_is_not_a_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="not an iCalendar"):
        busy_from_ics(b"<html>Sign in</html>", start=WINDOW[0], end=WINDOW[1], home_zone="UTC")


def test_nothing_but_times_comes_out() -> None:
    data = ics("UID:x\nDTSTART:20270310T090000Z\nDTEND:20270310T100000Z\nSUMMARY:Divorce lawyer")
    read = busy_from_ics(data, start=WINDOW[0], end=WINDOW[1], home_zone="UTC")
    assert "Divorce" not in repr(read)


def test_free_busy_answers_block_only_busy_periods() -> None:
    at = dt.datetime(2027, 3, 10, 9, tzinfo=UTC)
    hour = dt.timedelta(hours=1)
    periods = [(at, at + hour, "BUSY"), (at + 2 * hour, at + 3 * hour, "BUSY-TENTATIVE"),
               (at + 4 * hour, at + 5 * hour, "BUSY-UNAVAILABLE")]  # fmt: skip
    assert busy_from_free_busy(periods, *WINDOW) == [
        (at, at + hour),
        (at + 4 * hour, at + 5 * hour),
    ]
