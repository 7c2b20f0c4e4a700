"""Invitations are parsed back with icalendar and with the `ical` library
(an independent parser and recurrence expander); both must give the same UTC
instant for every occurrence, including a series across a DST change, and
the file's own VTIMEZONE must agree with the IANA zone (see parsers.py)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest

from kindred.engines.calendar import Attendee, Invite, Recurrence, build_ics
from kindred.engines.calendar.tests.parsers import agreed_instants, vtimezone_disagreements

UTC = dt.UTC
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def invite(**changes: object) -> Invite:
    fields: dict[str, object] = {
        "uid": "series-7@kindred.example",
        "sequence": 0,
        "summary": "Mentoring: Ana and Kenji",
        "start": dt.datetime(2026, 2, 24, 9, 0, tzinfo=NEW_YORK),  # a Tuesday before the change
        "duration": dt.timedelta(minutes=45),
        "organizer": Attendee("kenji@example.org", "Kenji Sato"),
        "attendees": (
            Attendee("kenji@example.org", "Kenji Sato"),
            Attendee("ana@example.org", "Ana Lima"),
        ),
        "stamp": dt.datetime(2026, 2, 1, 12, tzinfo=UTC),
        "video_link": "https://meet.example.org/ana-kenji",
        "recurrence": Recurrence("weekly", 6),
        "links": {
            "reschedule": "https://kindred.example/m/7/reschedule",
            "cancel": "https://kindred.example/m/7/cancel",
        },
    }
    fields.update(changes)
    return Invite(**fields)  # type: ignore[arg-type]


def expected_instants(series: Invite) -> list[dt.datetime]:
    """Wall-clock 09:00 in New York each week, to UTC with zoneinfo."""
    assert series.recurrence is not None
    return [
        (series.start.replace(tzinfo=None) + dt.timedelta(weeks=n))
        .replace(tzinfo=NEW_YORK)
        .astimezone(UTC)
        for n in range(series.recurrence.count)
    ]


def test_a_weekly_series_across_the_spring_change_means_the_same_to_both_parsers() -> None:
    series = invite()
    data = build_ics(series)
    expected = expected_instants(series)
    assert expected[1].hour == 14 and expected[2].hour == 13  # 09:00 EST, then 09:00 EDT
    assert agreed_instants(data) == expected


def test_fortnightly_across_the_autumn_change() -> None:
    series = invite(
        start=dt.datetime(2026, 10, 20, 9, tzinfo=NEW_YORK), recurrence=Recurrence("fortnightly", 4)
    )
    data = build_ics(series)
    expected = [
        (dt.datetime(2026, 10, 20, 9) + dt.timedelta(weeks=2 * n))
        .replace(tzinfo=NEW_YORK)
        .astimezone(UTC)
        for n in range(4)
    ]
    assert agreed_instants(data) == expected


@pytest.mark.parametrize(
    ("zone", "first"),
    [
        ("Europe/London", dt.datetime(2026, 10, 13, 9)),  # zero-offset winter time
        ("Europe/London", dt.datetime(2026, 3, 17, 18, 30)),
        ("Australia/Sydney", dt.datetime(2026, 3, 24, 8)),  # clocks go back in April
        ("Australia/Sydney", dt.datetime(2026, 9, 22, 8)),  # and forward in October
        ("Australia/Lord_Howe", dt.datetime(2026, 3, 24, 7, 45)),  # a half-hour change
        ("Asia/Kathmandu", dt.datetime(2026, 3, 24, 18, 15)),  # no change, +05:45
    ],
)
def test_series_in_other_zones_read_the_same_everywhere(zone: str, first: dt.datetime) -> None:
    here = zoneinfo.ZoneInfo(zone)
    series = invite(start=first.replace(tzinfo=here), recurrence=Recurrence("weekly", 5))
    expected = [
        (first + dt.timedelta(weeks=n)).replace(tzinfo=here).astimezone(UTC) for n in range(5)
    ]
    assert len({moment.astimezone(here).utcoffset() for moment in expected}) == (
        1 if zone == "Asia/Kathmandu" else 2
    )
    assert agreed_instants(build_ics(series)) == expected


def test_required_properties_for_real_clients() -> None:
    data = build_ics(invite(sequence=3))
    text = data.decode()
    calendar = icalendar.Calendar.from_ical(data)
    event = calendar.walk("VEVENT")[0]
    assert calendar["method"] == "REQUEST"
    assert str(event["uid"]) == "series-7@kindred.example" and event["sequence"] == 3
    assert event.decoded("dtstamp") == dt.datetime(2026, 2, 1, 12, tzinfo=UTC)
    assert "DTSTART;TZID=America/New_York:20260224T090000" in text  # never a UTC start with a rule
    assert "RRULE:FREQ=WEEKLY;COUNT=6" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:America/New_York" in text
    attendees = event.get("attendee")
    assert [str(a) for a in attendees] == ["mailto:kenji@example.org", "mailto:ana@example.org"]
    assert all(a.params["RSVP"] == "TRUE" for a in attendees)
    assert str(event["location"]) == str(event["url"]) == "https://meet.example.org/ana-kenji"
    assert "reschedule" in str(event["description"]).lower()


def test_the_timezone_covers_the_whole_series() -> None:
    series = invite(recurrence=Recurrence("weekly", 40))  # runs past the autumn change
    calendar = icalendar.Calendar.from_ical(build_ics(series))
    transitions = [str(c.name) for c in calendar.walk("VTIMEZONE")[0].subcomponents]
    assert "DAYLIGHT" in transitions and transitions.count("STANDARD") >= 2


def test_cancellation() -> None:
    data = build_ics(invite(sequence=4), method="CANCEL")
    calendar = icalendar.Calendar.from_ical(data)
    event = calendar.walk("VEVENT")[0]
    assert (
        calendar["method"] == "CANCEL" and event["status"] == "CANCELLED" and event["sequence"] == 4
    )


def test_a_single_meeting_in_a_half_hour_zone() -> None:
    kolkata = zoneinfo.ZoneInfo("Asia/Kolkata")
    single = invite(start=dt.datetime(2026, 6, 2, 18, 30, tzinfo=kolkata), recurrence=None)
    data = build_ics(single)
    assert "RRULE" not in data.decode()
    assert agreed_instants(data) == [dt.datetime(2026, 6, 2, 13, 0, tzinfo=UTC)]


@pytest.mark.parametrize(
    "bad",
    [
        {"start": dt.datetime(2026, 3, 3, 9, tzinfo=UTC)},  # no IANA zone to anchor a series
        {"stamp": dt.datetime(2026, 2, 1, 12, tzinfo=NEW_YORK)},
    ],
)
def test_bad_input_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        build_ics(invite(**bad))
    with pytest.raises(ValueError):
        Recurrence("daily", 3)


def test_excluded_occurrences_and_cancelling_one_occurrence() -> None:
    series = invite()
    skipped = expected_instants(series)[2].astimezone(NEW_YORK)
    data = build_ics(invite(excluded=(skipped,)))
    expected = [m for m in expected_instants(series) if m != skipped.astimezone(UTC)]
    assert agreed_instants(data) == expected
    one = build_ics(invite(sequence=2, recurrence_id=skipped), method="CANCEL")
    event = icalendar.Calendar.from_ical(one).walk("VEVENT")[0]
    assert event.decoded("recurrence-id").astimezone(UTC) == skipped.astimezone(UTC)
    assert "RRULE" not in one.decode() and event["status"] == "CANCELLED"


def test_the_check_catches_a_wrong_vtimezone() -> None:
    london = zoneinfo.ZoneInfo("Europe/London")
    good = build_ics(invite(start=dt.datetime(2026, 10, 13, 9, tzinfo=london)))
    assert vtimezone_disagreements(good) == []
    wrong_offset = good.replace(b"TZOFFSETTO:+0100", b"TZOFFSETTO:+0200")
    assert len(vtimezone_disagreements(wrong_offset)) == 2  # the two weeks before the change
    assert len(agreed_instants(good.replace(b"COUNT=6", b"COUNT=5"))) == 5


def clamped_monthly(first: dt.datetime, count: int) -> list[dt.datetime]:
    """What Kindred stores: the same day each month, or the month's last day."""
    import calendar as months

    wall, found = first.replace(tzinfo=None), []
    for n in range(count):
        year, month = wall.year + (wall.month - 1 + n) // 12, (wall.month - 1 + n) % 12 + 1
        day = min(wall.day, months.monthrange(year, month)[1])
        found.append(wall.replace(year=year, month=month, day=day, tzinfo=first.tzinfo))
    return [moment.astimezone(UTC) for moment in found]


@pytest.mark.parametrize("day", [28, 29, 30, 31])
@pytest.mark.parametrize(
    ("year", "month"),
    [(2026, 1), (2026, 3), (2026, 8), (2027, 12), (2027, 10), (2028, 1)],  # 31-day months
    ids=lambda v: str(v),
)
def test_a_monthly_series_from_a_late_day_means_what_kindred_stores(
    day: int, year: int, month: int
) -> None:
    """Every day 28-31, from months of 31 days, across short months and a
    leap February: both parsers expand the rule to the dates Kindred keeps
    (issue 30, point 1)."""
    first = dt.datetime(year, month, day, 9, 0, tzinfo=NEW_YORK)
    series = invite(start=first, recurrence=Recurrence("monthly", 14))
    assert agreed_instants(build_ics(series)) == clamped_monthly(first, 14)


@pytest.mark.parametrize("day", [28, 29, 30])
@pytest.mark.parametrize("month", [4, 6, 9, 11, 2], ids=lambda m: f"month {m}")
def test_a_monthly_series_from_a_short_month(day: int, month: int) -> None:
    if month == 2 and day > 28:
        pytest.skip("2026 has no 29 or 30 February")
    first = dt.datetime(2026, month, day, 18, 30, tzinfo=NEW_YORK)
    series = invite(start=first, recurrence=Recurrence("monthly", 12))
    assert agreed_instants(build_ics(series)) == clamped_monthly(first, 12)


def test_a_copy_for_the_persons_own_calendar_is_a_stored_object_not_an_invitation() -> None:
    from kindred.engines.calendar.invite import build_calendar_object

    series = invite()
    data = build_calendar_object(series, tentative=True)
    parsed = icalendar.Calendar.from_ical(data)
    (event,) = parsed.walk("VEVENT")
    assert "METHOD" not in parsed  # RFC 4791 4.1: a stored object has none
    assert "ORGANIZER" not in event and "ATTENDEE" not in event  # no scheduling by the server
    assert str(event["STATUS"]) == "TENTATIVE"
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["America/New_York"]
    assert agreed_instants(data) == expected_instants(series)
    confirmed = icalendar.Calendar.from_ical(build_calendar_object(series, tentative=False))
    assert str(confirmed.walk("VEVENT")[0]["STATUS"]) == "CONFIRMED"


def test_a_group_invitation_names_every_attendee_for_both_parsers() -> None:
    """A circle's meeting (issue 26): two facilitators and six members in
    one invitation, a weekly series across New York's spring change; the
    `ical` library reads the same attendees and instants as icalendar."""
    from ical.calendar_stream import IcsCalendarStream

    people = tuple(Attendee(f"member{n}@example.org", f"Member {n}") for n in range(6))
    facilitators = (Attendee("kenji@example.org", "Kenji Sato"), Attendee("ana@example.org"))
    group = invite(attendees=facilitators + people)
    data = build_ics(group)
    assert agreed_instants(data) == expected_instants(group)
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    listed = [str(a).removeprefix("mailto:") for a in event.get("attendee")]
    assert listed == [a.email for a in facilitators + people]
    assert all(a.params["RSVP"] == "TRUE" for a in event.get("attendee"))
    other = IcsCalendarStream.calendar_from_ics(data.decode()).events[0]
    assert [a.uri.removeprefix("mailto:") for a in other.attendees] == listed
    assert other.attendees[3].common_name == "Member 1"
