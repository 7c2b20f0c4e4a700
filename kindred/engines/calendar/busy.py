"""Busy time out of a calendar (RFC 5545), and nothing else: each event
becomes a UTC interval or is dropped; titles, attendees, places and
descriptions are never read into anything that is returned.

What blocks: an opaque, confirmed event. What does not: TRANSP:TRANSPARENT
("free"), STATUS:TENTATIVE or CANCELLED, Outlook's
X-MICROSOFT-CDO-BUSYSTATUS of FREE or TENTATIVE (it outranks TRANSP when
present: Outlook writes both), and all-day events unless the person says
they block. Recurrence is expanded by `recurring-ical-events` (RRULE with
COUNT or UNTIL, RDATE, EXDATE, moved and cancelled occurrences by
RECURRENCE-ID); Google's X-WR-TIMEZONE and Outlook's Windows zone names are
understood; floating times are the person's own zone. A line that cannot be
read is skipped and reported, never fatal."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import icalendar
import recurring_ical_events
import x_wr_timezone

from kindred.engines.calendar.invite import is_kindred_uid

UTC = dt.UTC
Interval = tuple[dt.datetime, dt.datetime]
NOT_BUSY = {"FREE", "TENTATIVE"}
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Skipped:
    """A part of a calendar that could not be read, as data: the app says it
    in the owner's language."""

    line: int = 0  # the file's line number; 0 when it was an event
    event: str = ""  # the event's UID, shortened


@dataclass(frozen=True)
class BusyRead:
    intervals: list[Interval]  # UTC, sorted, merged, within the window
    problems: list[Skipped] = field(default_factory=list)  # what was skipped
    events: int = 0  # occurrences read in the window, busy or not


def busy_from_ics(
    data: bytes,
    *,
    start: dt.datetime,
    end: dt.datetime,
    home_zone: str,
    all_day_blocks: bool = False,
    skip_kindred_events: bool = False,
) -> BusyRead:
    """The busy intervals of an iCalendar file between `start` and `end`
    (aware). With `skip_kindred_events`, events Kindred made (its meetings,
    which it knows already, as invitations, feed or written copies) are
    left out: a meeting must not block its own time.
    Raises ValueError only when nothing in it is a calendar."""
    problems: list[Skipped] = []
    calendar = _parsed(_relevant(data, start, end), problems)
    if "X-WR-TIMEZONE" in calendar:  # Google's: the repair copies the calendar
        calendar = x_wr_timezone.to_standard(calendar)
    home = zoneinfo.ZoneInfo(home_zone)
    occurrences = _occurrences(calendar, start, end, problems)
    intervals = []
    for event in occurrences:
        if skip_kindred_events and is_kindred_uid(str(event.get("UID", ""))):
            continue
        interval = _busy_interval(event, home, all_day_blocks)
        if interval is not None:
            intervals.append(interval)
    return BusyRead(
        intervals=_merged(intervals, start.astimezone(UTC), end.astimezone(UTC)),
        problems=problems[:MAX_PROBLEMS],
        events=len(occurrences),
    )


def busy_from_free_busy(
    periods: list[tuple[dt.datetime, dt.datetime, str]], start: dt.datetime, end: dt.datetime
) -> list[Interval]:
    """A CalDAV free-busy answer (RFC 4791 7.10) as busy intervals: BUSY and
    BUSY-UNAVAILABLE block, BUSY-TENTATIVE and FREE do not."""
    blocking = [(a, b) for a, b, kind in periods if kind.upper() in ("BUSY", "BUSY-UNAVAILABLE")]
    return _merged(blocking, start.astimezone(UTC), end.astimezone(UTC))


# What an event needs to say when it is busy; every other property (title,
# description, place, attendees, alarms…) is dropped before parsing, so it
# is never read at all, and a large calendar parses in a fraction of the time.
KEPT = frozenset({
    "BEGIN", "END", "UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
    "RECURRENCE-ID", "STATUS", "TRANSP", "X-MICROSOFT-CDO-BUSYSTATUS", "SEQUENCE",
})  # fmt: skip
MARGIN = dt.timedelta(days=2)  # local dates read before knowing their zone


def _relevant(data: bytes, start: dt.datetime, end: dt.datetime) -> str:
    """The calendar with only what can make time busy: the lines KEPT of
    each event, and no single event dated well outside the window (a series,
    or an event that moves an occurrence, is always kept)."""
    text = data.decode("utf-8", errors="replace")
    low, high = (start - MARGIN).strftime("%Y%m%d"), (end + MARGIN).strftime("%Y%m%d")
    kept: list[str] = []
    event: list[str] | None = None
    for line in _unfolded(text):
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if event is None:
            if line.upper() == "BEGIN:VEVENT":
                event = [line]
            else:
                kept.append(line)
        elif line.upper() == "END:VEVENT":
            event.append(line)
            if _may_fall_within(event, low, high):
                kept += event
            event = None
        elif name in KEPT:
            event.append(line)
    kept += event or []  # an event never closed: the parser reports it
    return "\r\n".join(kept) + "\r\n"


def _may_fall_within(event: list[str], low: str, high: str) -> bool:
    names = {line.split(":", 1)[0].split(";", 1)[0].upper(): line for line in event}
    if "RRULE" in names or "RDATE" in names or "RECURRENCE-ID" in names:
        return True
    day = names.get("DTSTART", "").rsplit(":", 1)[-1][:8]
    if not (len(day) == 8 and day.isdigit()):
        return True  # let the parser judge (and report) it
    # An event starting before the window may run into it: a day's margin
    # is in MARGIN, and longer events are rare enough to read in full.
    if day > high:
        return False
    finish = names.get("DTEND", "").rsplit(":", 1)[-1][:8]
    return day >= low or "DURATION" in names or not finish.isdigit() or finish >= low


def _parsed(text: str, problems: list[Skipped]) -> icalendar.Calendar:
    try:
        return icalendar.Calendar.from_ical(text)
    except ValueError:
        pass
    # Some line broke the whole file: keep every line that reads on its own.
    kept = []
    for number, line in enumerate(_unfolded(text), start=1):
        try:
            icalendar.parser.Contentline(line).parts()
        except ValueError:
            problems.append(Skipped(line=number))
            continue
        kept.append(line)
    try:
        return icalendar.Calendar.from_ical("\r\n".join(kept) + "\r\n")
    except ValueError as exc:
        raise ValueError("This is not an iCalendar file.") from exc


def _unfolded(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw.strip():
            lines.append(raw)
    return lines


def _occurrences(
    calendar: icalendar.Calendar, start: dt.datetime, end: dt.datetime, problems: list[Skipped]
) -> list[Any]:
    try:
        return list(recurring_ical_events.of(calendar, skip_bad_series=False).between(start, end))
    except Exception:
        pass
    # Event by event (a series with its moved occurrences together), so
    # one unreadable series costs only itself.
    found: list[Any] = []
    for uid, components in _series(calendar).items():
        single = icalendar.Calendar()
        for timezone in calendar.walk("VTIMEZONE"):
            single.add_component(timezone)
        for component in components:
            single.add_component(component)
        try:
            found += recurring_ical_events.of(single).between(start, end)
        except Exception:
            problems.append(Skipped(event=_short(uid)))
    return found


def _series(calendar: icalendar.Calendar) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for index, event in enumerate(calendar.walk("VEVENT")):
        grouped[str(event.get("UID") or f"no-uid-{index}")].append(event)
    return grouped


def _short(uid: str) -> str:
    return f"{uid[:24]}…" if len(uid) > 24 else uid


def _busy_interval(event: Any, home: zoneinfo.ZoneInfo, all_day_blocks: bool) -> Interval | None:
    if not _blocks(event):
        return None
    begin, finish = event.get("DTSTART"), event.get("DTEND")
    if begin is None:
        return None
    begin = begin.dt
    finish = finish.dt if finish is not None else begin
    if not isinstance(begin, dt.datetime):  # an all-day event
        if not all_day_blocks:
            return None
        return _local_midnight(begin, home), _local_midnight(_date_of(finish, begin), home)
    return _aware(begin, home), _aware(_as_datetime(finish, home), home)


def _blocks(event: Any) -> bool:
    outlook = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
    if outlook:
        return outlook not in NOT_BUSY
    if str(event.get("STATUS", "")).upper() in ("TENTATIVE", "CANCELLED"):
        return False
    return str(event.get("TRANSP", "OPAQUE")).upper() != "TRANSPARENT"


def _date_of(finish: Any, begin: dt.date) -> dt.date:
    day = finish.date() if isinstance(finish, dt.datetime) else finish
    return day if day > begin else begin + dt.timedelta(days=1)


def _local_midnight(day: dt.date, home: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=home).astimezone(UTC)


def _as_datetime(value: Any, home: zoneinfo.ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(), tzinfo=home)


def _aware(moment: dt.datetime, home: zoneinfo.ZoneInfo) -> dt.datetime:
    """UTC; a floating time is the person's own wall clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=home)
    return moment.astimezone(UTC)


def _merged(intervals: list[Interval], start: dt.datetime, end: dt.datetime) -> list[Interval]:
    merged: list[Interval] = []
    for begin, finish in sorted(
        (max(a, start), min(b, end)) for a, b in intervals if b > start and a < end
    ):
        if begin >= finish:
            continue
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return merged
