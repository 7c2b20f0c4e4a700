"""Reading a calendar address's busy time, through kindred.lib.safe_fetch
and the calendar engine (a CalDAV account: kindred.calendars.caldav_reader),
and what both readers share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kindred.calendars.models import CalendarConnection
from kindred.engines.calendar.busy import BusyRead, Interval, Skipped, busy_from_ics
from kindred.lib.phrases import Phrase, SaidInWords, phrase
from kindred.lib.safe_fetch import FetchRefused, fetch
from kindred.lib.sealing import CannotUnseal, unseal

MAX_BYTES = 10 * 1024 * 1024


class CalendarUnreadable(SaidInWords):
    """Why a calendar could not be read, in words its owner can act on, kept
    as a phrase: the background read stores it, the owner reads it later."""


def skipped_phrase(part: Skipped) -> Phrase:
    """What of a calendar could not be read, to keep and show its owner."""
    if part.line:
        return phrase("Line %(line)s could not be read and was skipped.", line=part.line)
    return phrase("An event could not be read and was skipped (UID %(uid)s).", uid=part.event)


@dataclass(frozen=True)
class ReadOutcome:
    intervals: list[Interval] | None  # None: unchanged since the last read
    etag: str = ""
    last_modified: str = ""
    problems: list[Skipped] = field(default_factory=list)
    # A CalDAV account's calendars ({"url", "name"}), for choosing where
    # Kindred writes meetings.
    calendars: list[dict[str, str]] = field(default_factory=list)


def address_of(connection: CalendarConnection) -> str:
    try:
        return unseal(connection.url_sealed)
    except CannotUnseal as exc:
        raise CalendarUnreadable(
            phrase("Kindred can no longer read the stored address: connect it again.")
        ) from exc


def read_ics(
    connection: CalendarConnection, url: str, start: dt.datetime, end: dt.datetime
) -> ReadOutcome:
    try:
        fetched = fetch(
            url, max_bytes=MAX_BYTES, etag=connection.etag, last_modified=connection.last_modified
        )
    except FetchRefused as exc:
        raise CalendarUnreadable(exc.words) from exc
    if fetched.body is None:
        return ReadOutcome(None, fetched.etag, fetched.last_modified)
    read = busy_of(fetched.body, connection, start, end)
    return ReadOutcome(read.intervals, fetched.etag, fetched.last_modified, read.problems)


def busy_of(
    data: bytes, connection: CalendarConnection, start: dt.datetime, end: dt.datetime
) -> BusyRead:
    """The busy time in an iCalendar file, read in the owner's zone."""
    try:
        return busy_from_ics(
            data, start=start, end=end, home_zone=connection.owner.timezone,
            all_day_blocks=connection.all_day_blocks, skip_kindred_events=True,
        )  # fmt: skip
    except ValueError as exc:
        raise CalendarUnreadable(
            phrase("The address does not give a calendar (is it the secret iCal address?).")
        ) from exc
