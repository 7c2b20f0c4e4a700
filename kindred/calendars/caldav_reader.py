"""Busy time from a CalDAV account (RFC 4791), through the `caldav` client.

caldav 2.1 is used because it speaks HTTP through `requests`, which the rest
of Kindred uses; later releases pull in `niquests`, whose `urllib3-future`
replaces urllib3 for every library in the process.

The address may name one calendar, or the account (every calendar in it
then counts). Where the person counts all-day events as busy, a free-busy
query asks the server for busy time alone (RFC 4791 7.10); otherwise, or
where the server does not answer one, Kindred reads the events in the
window and expands them itself, since a free-busy answer cannot tell an
all-day event from a day of meetings."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

import caldav
import icalendar
import requests
from caldav.lib import error as caldav_error

from kindred.calendars.models import CalendarConnection
from kindred.calendars.readers import CalendarUnreadable, ReadOutcome, busy_of
from kindred.engines.calendar.busy import Interval, Skipped, busy_from_free_busy
from kindred.lib.phrases import Phrase, phrase
from kindred.lib.safe_fetch import TIMEOUT_SECONDS, address_problem
from kindred.lib.sealing import CannotUnseal, unseal


def read_caldav(
    connection: CalendarConnection, url: str, start: dt.datetime, end: dt.datetime
) -> ReadOutcome:
    client = client_for(connection, url)
    intervals: list[Interval] = []
    problems: list[Skipped] = []
    with in_words(CalendarUnreadable, "read"):
        every = account_calendars(client)
        for calendar in read_from(every, url):
            intervals += _busy(calendar, connection, start, end, problems)
    # The calendar the address names first: it is where meetings go unless
    # the person chooses another.
    ordered = sorted(every, key=lambda c: not same_address(str(c.url), url))
    listed = [{"url": str(c.url), "name": str(c.name or "Calendar")[:80]} for c in ordered]
    return ReadOutcome(sorted(intervals), problems=problems, calendars=listed)


@contextlib.contextmanager
def in_words(failure: type[Exception], doing: str) -> Iterator[None]:
    """The library's and the network's failures raised as `failure`, in
    words the calendar's owner can act on."""
    try:
        yield
    except caldav_error.AuthorizationError as exc:
        raise failure(phrase("The server refused the user name or app password.")) from exc
    except (caldav_error.DAVError, requests.RequestException) as exc:
        raise failure(_could_not(doing, type(exc).__name__)) from exc


def _could_not(doing: str, error: str) -> Phrase:
    if doing == "read":
        return phrase("The CalDAV server could not be read (%(error)s).", error=error)
    return phrase("The CalDAV server could not be written to (%(error)s).", error=error)


def client_for(connection: CalendarConnection, url: str) -> caldav.DAVClient:
    """A client for the account, once its address is allowed and its app
    password can be unsealed (else CalendarUnreadable, in words)."""
    problem = address_problem(url)
    if problem:
        raise CalendarUnreadable(problem)
    try:
        password = unseal(connection.password_sealed)
    except CannotUnseal as exc:
        raise CalendarUnreadable(
            phrase("Kindred can no longer read the stored password: connect again.")
        ) from exc
    return caldav.DAVClient(
        url=url, username=connection.username, password=password, timeout=TIMEOUT_SECONDS
    )


def account_calendars(client: caldav.DAVClient) -> list[Any]:
    """Every calendar of the account (each with its name)."""
    calendars = client.principal().calendars()
    if not calendars:
        raise CalendarUnreadable(phrase("The account has no calendars."))
    return list(calendars)


def read_from(calendars: list[Any], url: str) -> list[Any]:
    """The calendar the address names, or every calendar of the account."""
    named = [c for c in calendars if same_address(str(c.url), url)]
    return named or calendars


def same_address(one: str, other: str) -> bool:
    return one.rstrip("/") == other.rstrip("/")


def _busy(
    calendar: Any,
    connection: CalendarConnection,
    start: dt.datetime,
    end: dt.datetime,
    problems: list[Skipped],
) -> list[Interval]:
    if connection.all_day_blocks:
        try:
            return _free_busy(calendar, start, end)
        except (caldav_error.DAVError, ValueError):
            pass  # the server does not answer free-busy queries: expand here
    found: list[Interval] = []
    for event in calendar.search(start=start, end=end, event=True, expand=False):
        read = busy_of(event.data.encode(), connection, start, end)
        found += read.intervals
        problems += read.problems
    return found


def _free_busy(calendar: Any, start: dt.datetime, end: dt.datetime) -> list[Interval]:
    answer = icalendar.Calendar.from_ical(calendar.freebusy_request(start, end).data)
    periods = []
    for component in answer.walk("VFREEBUSY"):
        listed = component.get("FREEBUSY", [])
        for prop in listed if isinstance(listed, list) else [listed]:
            kind = str(prop.params.get("FBTYPE", "BUSY"))
            for begin, until in _periods(prop):
                periods.append((begin, until, kind))
    return busy_from_free_busy(periods, start, end)


def _periods(prop: Any) -> list[tuple[dt.datetime, dt.datetime]]:
    values = prop.dts if hasattr(prop, "dts") else [prop]
    periods = []
    for value in values:
        begin, finish = value.dt
        periods.append((begin, begin + finish if isinstance(finish, dt.timedelta) else finish))
    return periods
