"""Invitations are parsed back with icalendar and with vobject (an
independent parser with its own time-zone code); both must give the same UTC
instant for every occurrence, including a series across a DST change."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
import vobject
from dateutil.rrule import rrulestr

from kindred.engines.calendar import Attendee, Invite, Recurrence, build_ics

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


def icalendar_instants(data: bytes) -> list[dt.datetime]:
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    rule = event.get("rrule").to_ical().decode()
    return [moment.astimezone(UTC) for moment in rrulestr(rule, dtstart=start)]


def vobject_instants(data: bytes) -> list[dt.datetime]:
    event = vobject.readOne(data.decode()).vevent
    return [moment.astimezone(UTC) for moment in event.getrruleset(addRDate=True)]


def test_a_weekly_series_across_the_spring_change_means_the_same_to_both_parsers() -> None:
    series = invite()
    data = build_ics(series)
    expected = expected_instants(series)
    assert expected[1].hour == 14 and expected[2].hour == 13  # 09:00 EST, then 09:00 EDT
    assert icalendar_instants(data) == expected
    assert vobject_instants(data) == expected


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
    assert icalendar_instants(data) == expected == vobject_instants(data)


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
    event = vobject.readOne(data.decode()).vevent
    assert event.dtstart.value.astimezone(UTC) == dt.datetime(2026, 6, 2, 13, 0, tzinfo=UTC)


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
    assert vobject_instants(data) == expected
    one = build_ics(invite(sequence=2, recurrence_id=skipped), method="CANCEL")
    event = icalendar.Calendar.from_ical(one).walk("VEVENT")[0]
    assert event.decoded("recurrence-id").astimezone(UTC) == skipped.astimezone(UTC)
    assert "RRULE" not in one.decode() and event["status"] == "CANCELLED"
