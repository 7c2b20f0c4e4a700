"""The demo mentor's work calendar, as if connected from Outlook: a weekly
team meeting, two afternoons of focus-free client work, and a free "focus"
block that does not count. Its busy times are read by the same engine a
real calendar goes through; the address is never fetched in the demo."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kindred.accounts.models import User
from kindred.calendars.models import BusyInterval, CalendarConnection
from kindred.calendars.services import READ_AHEAD, READ_BEHIND
from kindred.engines.calendar.busy import busy_from_ics
from kindred.lib.sealing import seal

SERIES = [  # (weekday, start, end, busy)
    ("MO", "100000", "110000", True),  # team meeting
    ("TU", "140000", "170000", True),  # client work
    ("TH", "140000", "170000", True),
    ("WE", "090000", "120000", False),  # focus time, shown free
]


def build_calendar(person: User) -> int:
    """Returns how many busy times the demo calendar holds; safe to rerun."""
    now = timezone.now()
    connection, _ = CalendarConnection.objects.update_or_create(
        owner=person,
        name="Work (Outlook)",
        defaults={
            "kind": CalendarConnection.Kind.ICS,
            "host": "outlook.office365.com",
            "url_sealed": seal("https://outlook.office365.com/owa/calendar/demo/calendar.ics"),
            "last_attempt_at": now,
            "last_success_at": now,
            "read_until": now + READ_AHEAD,
            "last_error": "",
        },
    )
    read = busy_from_ics(
        _outlook_export(person.timezone, now), start=now - READ_BEHIND, end=now + READ_AHEAD,
        home_zone=person.timezone,
    )  # fmt: skip
    BusyInterval.objects.filter(connection=connection).delete()
    BusyInterval.objects.bulk_create(
        BusyInterval(connection=connection, owner=person, start=a, end=b) for a, b in read.intervals
    )
    return len(read.intervals)


def _outlook_export(zone: str, now: dt.datetime) -> bytes:
    monday = (now - dt.timedelta(days=now.weekday() + 7)).strftime("%Y%m%d")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Microsoft Corporation//Outlook 16.0//EN"]
    for n, (day, start, end, busy) in enumerate(SERIES):
        lines += [
            "BEGIN:VEVENT", f"UID:demo-{n}@outlook.example",
            f"DTSTART;TZID={zone}:{monday}T{start}", f"DTEND;TZID={zone}:{monday}T{end}",
            f"RRULE:FREQ=WEEKLY;BYDAY={day}",
            f"X-MICROSOFT-CDO-BUSYSTATUS:{'BUSY' if busy else 'FREE'}", "END:VEVENT",
        ]  # fmt: skip
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()
