"""Two independent readings of an invitation, for tests that must agree.

`icalendar_instants`: icalendar parses the file, dateutil expands the rule.
`ical_instants`: the `ical` library (its own parser and recurrence
expansion) lists the occurrences on its timeline.
`vtimezone_disagreements`: the file's own VTIMEZONE, turned into a tzinfo by
icalendar, must give every occurrence the offset the IANA zone gives; a
client that ignores the TZID name and reads only the VTIMEZONE (as Outlook
does for unknown names) then lands on the same instants."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from typing import Any

import icalendar
from dateutil.rrule import rrulestr
from ical.calendar_stream import IcsCalendarStream

UTC = dt.UTC
_ALIASES = itertools.count()


def _event(data: bytes) -> Any:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")[0]


def icalendar_instants(data: bytes) -> list[dt.datetime]:
    event = _event(data)
    start = event.decoded("dtstart")
    if event.get("rrule") is None:
        return [start.astimezone(UTC)]
    excluded = event.get("exdate")
    groups = excluded if isinstance(excluded, list) else [excluded] if excluded else []
    skipped = {d.dt.astimezone(UTC) for group in groups for d in group.dts}
    rule = event.get("rrule").to_ical().decode()
    moments = (m.astimezone(UTC) for m in rrulestr(rule, dtstart=start))
    return [m for m in moments if m not in skipped]


def ical_instants(data: bytes) -> list[dt.datetime]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode())
    starts = [item.start for item in calendar.timeline]
    assert all(isinstance(start, dt.datetime) for start in starts), "an all-day event"
    return [start.astimezone(UTC) for start in starts if isinstance(start, dt.datetime)]


def vtimezone_disagreements(data: bytes) -> list[dt.datetime]:
    """Occurrences whose offset under the file's VTIMEZONE differs from the
    IANA zone's (an empty list when the VTIMEZONE is right)."""
    name = str(icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0]["tzid"])
    # icalendar answers a known IANA name from zoneinfo and caches by name, so
    # the VTIMEZONE is read under a name used once, to be read for itself.
    alias = f"X-Kindred-Check-{next(_ALIASES)}"
    own: Any = icalendar.Calendar.from_ical(data.replace(name.encode(), alias.encode()))
    described, real = own.walk("VTIMEZONE")[0].to_tz(), zoneinfo.ZoneInfo(name)
    wrong = []
    for instant in icalendar_instants(data):
        wall = instant.astimezone(real).replace(tzinfo=None)
        if wall.replace(tzinfo=described).utcoffset() != wall.replace(tzinfo=real).utcoffset():
            wrong.append(instant)
    return wrong


def agreed_instants(data: bytes) -> list[dt.datetime]:
    """The occurrences, once both parsers and the VTIMEZONE agree on them."""
    first, second = icalendar_instants(data), ical_instants(data)
    assert first == second, f"icalendar {first} != ical {second}"
    assert vtimezone_disagreements(data) == []
    return first


def agreed_cancellation(data: bytes) -> tuple[str, dt.datetime, int]:
    """(UID, the cancelled occurrence's instant, SEQUENCE) of a CANCEL for
    one occurrence, once icalendar and the `ical` library agree on them."""
    event = _event(data)
    first = (
        str(event["uid"]),
        event.decoded("recurrence-id").astimezone(UTC),
        int(event["sequence"]),
    )
    other = IcsCalendarStream.calendar_from_ics(data.decode()).events[0]
    wall = dt.datetime.strptime(str(other.recurrence_id), "%Y%m%dT%H%M%S")
    zone = other.dtstart.tzinfo if isinstance(other.dtstart, dt.datetime) else UTC
    second = (other.uid, wall.replace(tzinfo=zone).astimezone(UTC), int(other.sequence or 0))
    assert str(other.status).endswith("CANCELLED")
    assert first == second, f"icalendar {first} != ical {second}"
    return first
