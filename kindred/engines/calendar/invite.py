"""Build iCalendar invitations that real calendar clients accept.

A stable UID per meeting or series, a SEQUENCE that the caller increases on
every change, DTSTAMP in UTC, local start and end with a TZID and a matching
VTIMEZONE that covers the whole series, RRULE with COUNT (a rule is never
attached to a UTC start, so "every Tuesday at 09:00" stays 09:00 across
daylight-saving changes), ORGANIZER, ATTENDEE with RSVP, the video link as
LOCATION and URL, and METHOD:REQUEST or METHOD:CANCEL with STATUS:CANCELLED."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import icalendar

PRODID = "-//Kindred//Mentoring//EN"
UID_SUFFIX = "@kindred"  # every meeting's and series' UID ends so: Kindred knows its own
FREQUENCIES = {"weekly": ("WEEKLY", 1), "fortnightly": ("WEEKLY", 2), "monthly": ("MONTHLY", 1)}


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""


@dataclass(frozen=True)
class Recurrence:
    cadence: str  # "weekly", "fortnightly" or "monthly"
    count: int

    def __post_init__(self) -> None:
        if self.cadence not in FREQUENCIES:
            raise ValueError(f"Unknown cadence {self.cadence!r}.")
        if not 1 <= self.count <= 200:
            raise ValueError("A series has 1 to 200 occurrences.")


@dataclass(frozen=True)
class Invite:
    uid: str
    sequence: int
    summary: str
    start: dt.datetime  # aware, in the zone the meeting is anchored to
    duration: dt.timedelta
    organizer: Attendee
    attendees: tuple[Attendee, ...]
    stamp: dt.datetime  # when this version was made (the caller's clock)
    description: str = ""
    video_link: str = ""
    recurrence: Recurrence | None = None
    links: dict[str, str] = field(default_factory=dict)  # label (as shown) -> URL
    # The few words the file itself writes, in the reader's language (the
    # caller translates: this engine knows no language), and that language
    # as an RFC 5646 tag for SUMMARY and DESCRIPTION (RFC 5545's LANGUAGE).
    join_label: str = "Join the meeting"
    join_prefix: str = "Join"
    language: str = ""
    excluded: tuple[dt.datetime, ...] = ()  # occurrences taken out of a series (EXDATE)
    recurrence_id: dt.datetime | None = None  # one occurrence of a series (RECURRENCE-ID)


def is_kindred_uid(uid: str) -> bool:
    """A UID Kindred made: a meeting's or a series' (`…@kindred`), or one
    occurrence of a series listed on its own (`…@kindred#3`)."""
    head, _, tail = uid.rpartition("#")
    return uid.endswith(UID_SUFFIX) or (head.endswith(UID_SUFFIX) and tail.isdigit())


def _zone_name(start: dt.datetime) -> str:
    tz = start.tzinfo
    if not isinstance(tz, zoneinfo.ZoneInfo):
        raise ValueError("The start must carry an IANA zone (zoneinfo.ZoneInfo).")
    return tz.key


def last_start(invite: Invite) -> dt.datetime:
    """The start of the last occurrence, for the VTIMEZONE's coverage."""
    if invite.recurrence is None:
        return invite.start
    frequency, interval = FREQUENCIES[invite.recurrence.cadence]
    steps = (invite.recurrence.count - 1) * interval
    if frequency == "WEEKLY":
        return invite.start + dt.timedelta(weeks=steps)
    return invite.start + dt.timedelta(days=31 * steps)  # an upper bound is enough here


def build_ics(invite: Invite, *, method: str = "REQUEST") -> bytes:
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError("method is REQUEST or CANCEL")
    calendar = _one_event_calendar(invite, method)
    calendar.add_component(_event(invite, cancelled=method == "CANCEL"))
    return calendar.to_ical()


def build_calendar_object(invite: Invite, *, tentative: bool) -> bytes:
    """The meeting as a copy in the person's own calendar, stored there by
    CalDAV (RFC 4791 4.1: no METHOD). It names no ORGANIZER or ATTENDEE: a
    server that schedules (RFC 6638) would take those as an invitation to
    send the partner again, and Kindred sends its own. A time proposed and
    not yet confirmed is TENTATIVE."""
    calendar = _one_event_calendar(invite, method=None)
    event = _event(invite, cancelled=False)
    for name in ("ORGANIZER", "ATTENDEE"):
        event.pop(name, None)
    if tentative:
        event["STATUS"] = icalendar.vText("TENTATIVE")
    calendar.add_component(event)
    return calendar.to_ical()


def _one_event_calendar(invite: Invite, method: str | None) -> icalendar.Calendar:
    if invite.stamp.utcoffset() != dt.timedelta(0):
        raise ValueError("The stamp must be in UTC.")
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method is not None:
        calendar.add("method", method)
    calendar.add("calscale", "GREGORIAN")
    # Whole calendar years around the series: every client then sees the
    # familiar standard/daylight pair rather than a partial fragment.
    first_year, last_year = invite.start.year, last_start(invite).year
    calendar.add_component(vtimezone(_zone_name(invite.start), first_year, last_year))
    return calendar


@lru_cache(maxsize=256)
def vtimezone(zone: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """The zone's VTIMEZONE over whole calendar years, worked out once: it
    is the slowest part of a calendar file, and the same for every meeting
    in that zone (callers only add it, never change it)."""
    return icalendar.Timezone.from_tzid(
        zone, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31)
    )


def event_digest(invite: Invite, *also: object) -> str:
    """A fingerprint of everything the event says (and of `also`), leaving
    out only when it was built: the same meeting gives the same digest,
    any change a new one. What keeps or rewrites a built event goes by it."""
    said = repr((dataclasses.replace(invite, stamp=_ANY_STAMP), *also))
    return hashlib.sha256(said.encode()).hexdigest()


_ANY_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def event_lines(invite: Invite) -> bytes:
    """One confirmed event, folded, as a subscription calendar carries it."""
    return bytes(_event(invite, cancelled=False).to_ical())


def build_feed(
    invites: Sequence[Invite],
    *,
    name: str,
    written: Callable[[Invite], bytes] = event_lines,
) -> bytes:
    """A subscription calendar (METHOD:PUBLISH) of many events: the same
    VEVENTs, UIDs and SEQUENCEs as the invitations, one VTIMEZONE per zone
    covering every event's years, and a refresh hint of an hour (RFC 7986
    REFRESH-INTERVAL, and X-PUBLISHED-TTL, which Outlook reads). `written`
    gives each event's lines (a caller may keep them between renders)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    years: dict[str, tuple[int, int]] = {}
    for invite in invites:
        zone, first, last = _zone_name(invite.start), invite.start.year, last_start(invite).year
        low, high = years.get(zone, (first, last))
        years[zone] = (min(low, first), max(high, last))
    for zone, (first, last) in sorted(years.items()):
        calendar.add_component(vtimezone(zone, first, last))
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return b"".join([head, *(written(invite) for invite in invites), b"END:VCALENDAR", end])


def _event(invite: Invite, *, cancelled: bool) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", invite.uid)
    event.add("sequence", invite.sequence)
    event.add("dtstamp", invite.stamp)
    start, end = _times(invite)
    event.add("dtstart", start)
    event.add("dtend", end)
    said = {"LANGUAGE": invite.language} if invite.language else {}
    event.add("summary", invite.summary, parameters=said)
    event.add("description", _description(invite), parameters=said)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if invite.video_link:
        event.add("location", invite.video_link)
        event.add("url", invite.video_link)
        # RFC 7986's conference property: Apple Calendar and Thunderbird show
        # a join button from it; others read LOCATION and URL.
        event.add(
            "conference",
            icalendar.vUri(invite.video_link),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": invite.join_label},
        )
    if invite.recurrence_id is not None:
        event.add("recurrence-id", invite.recurrence_id)
    if invite.recurrence is not None and invite.recurrence_id is None:
        for moment in invite.excluded:
            event.add("exdate", moment)
        event.add("rrule", _rule(invite.start, invite.recurrence))
    organizer = icalendar.vCalAddress(f"mailto:{invite.organizer.email}")
    organizer.params["cn"] = icalendar.vText(invite.organizer.name or invite.organizer.email)
    event.add("organizer", organizer)
    for person in invite.attendees:
        attendee = icalendar.vCalAddress(f"mailto:{person.email}")
        attendee.params.update(
            {
                "cn": icalendar.vText(person.name or person.email),
                "role": icalendar.vText("REQ-PARTICIPANT"),
                "partstat": icalendar.vText("NEEDS-ACTION"),
                "rsvp": icalendar.vText("TRUE"),
            }
        )
        event.add("attendee", attendee, encode=False)
    return event


def _times(invite: Invite) -> tuple[dt.datetime, dt.datetime]:
    """DTSTART and DTEND. The end is the start plus the duration in absolute
    time (on the wall clock a 30-minute meeting at 01:30 on the night the
    clocks go back would last 90). A single meeting whose local start or end
    falls in the repeated hour is written in UTC: a local time there is
    ambiguous, and clients would read it as the first 01:30 even when the
    meeting is at the second."""
    zone = invite.start.tzinfo
    start = invite.start.astimezone(dt.UTC).astimezone(zone)
    end = (start.astimezone(dt.UTC) + invite.duration).astimezone(zone)
    if invite.recurrence is None and (_ambiguous(start) or _ambiguous(end)):
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    return start, end


def _ambiguous(moment: dt.datetime) -> bool:
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def _rule(start: dt.datetime, recurrence: Recurrence) -> dict[str, object]:
    frequency, interval = FREQUENCIES[recurrence.cadence]
    rule: dict[str, object] = {"freq": frequency, "count": recurrence.count}
    if interval > 1:
        rule["interval"] = interval
    if frequency == "MONTHLY" and start.day > 28:
        # Kindred meets on the same day each month, or the month's last day
        # when it has none (31 Jan, 28 Feb, 31 Mar, 30 Apr). A bare monthly
        # rule would skip the months without that day (RFC 5545), so the
        # rule says "the last of the 28th..day that the month has".
        rule["bymonthday"] = list(range(28, start.day + 1))
        rule["bysetpos"] = -1
    return rule


def _description(invite: Invite) -> str:
    lines = [invite.description] if invite.description else []
    if invite.video_link:
        lines.append(f"{invite.join_prefix}: {invite.video_link}")
    lines += [f"{label}: {url}" for label, url in invite.links.items()]
    return "\n".join(lines)
