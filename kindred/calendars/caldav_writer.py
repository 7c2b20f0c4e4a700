"""Kindred's meetings written into a person's CalDAV calendar (RFC 4791):
each meeting a calendar object resource of its own, PUT at an address made
from its UID, or where the calendar already holds that UID (an invitation
the person accepted: a server keeps one object per UID, so the copy
replaces it rather than standing beside it), and DELETEd when cancelled.

The calendar written to is the one the person chose, else the one the
connection's address names, else the account's first. Every address
written to must be on the connection's own server: a server's answer never
sends Kindred's requests elsewhere."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

from caldav.lib import error as caldav_error

from kindred.calendars.caldav_reader import (
    account_calendars,
    client_for,
    in_words,
    read_from,
    same_address,
)
from kindred.calendars.models import CalendarConnection
from kindred.calendars.readers import CalendarUnreadable
from kindred.lib.phrases import SaidInWords, phrase

ICS_TYPE = {"Content-Type": "text/calendar; charset=utf-8"}


class CalendarUnwritable(SaidInWords):
    """Nothing can be written to this calendar now (the reason, in words,
    kept as a phrase for its owner to read later in their language)."""


class CopyRefused(SaidInWords):
    """The server refused one event; the others are still written. Its words
    are kept with the connection and read later in the owner's language."""


class Writer:
    def __init__(self, connection: CalendarConnection, url: str) -> None:
        try:
            self.client = client_for(connection, url)
        except CalendarUnreadable as exc:
            raise CalendarUnwritable(exc.words) from exc
        self.url, self.write_to = url, connection.write_to
        self._calendar: Any = None

    def calendar(self) -> Any:
        """The calendar chosen for meetings, else the one the address names,
        else the account's first."""
        if self._calendar is None:
            with _said():
                try:
                    every = account_calendars(self.client)
                except CalendarUnreadable as exc:
                    raise CalendarUnwritable(exc.words) from exc
            if self.write_to:
                chosen = [c for c in every if same_address(str(c.url), self.write_to)]
                if not chosen:
                    raise CalendarUnwritable(
                        phrase(
                            "The calendar chosen for your meetings is no longer in the account: "
                            "choose another on its Change page."
                        )
                    )
                self._calendar = chosen[0]
            else:
                self._calendar = read_from(every, self.url)[0]
        return self._calendar

    def put(self, uid: str, data: bytes, href: str = "") -> str:
        """Write the event; returns where it now is."""
        href = href or str(self.calendar().url.join(quote(uid, safe="") + ".ics"))
        with _said():
            answer = self.client.put(self._ours(href), data.decode(), ICS_TYPE)
            if answer.status in (403, 409) and "no-uid-conflict" in str(answer.raw):
                href = str(self.calendar().event_by_uid(uid).url)
                answer = self.client.put(self._ours(href), data.decode(), ICS_TYPE)
        if not 200 <= answer.status < 300:
            raise CopyRefused(
                phrase(
                    "the server answered %(status)s to the meeting %(uid)s",
                    status=answer.status,
                    uid=uid,
                )
            )
        return href

    def delete(self, href: str) -> None:
        """Take the event out; one already gone (the person deleted it) is fine."""
        with _said():
            answer = self.client.delete(self._ours(href))
        if not (200 <= answer.status < 300 or answer.status in (404, 410)):
            raise CopyRefused(
                phrase(
                    "the server answered %(status)s to removing %(href)s",
                    status=answer.status,
                    href=href,
                )
            )

    def _ours(self, href: str) -> str:
        mine, theirs = urlsplit(self.url), urlsplit(href)
        if (theirs.scheme, theirs.netloc) != (mine.scheme, mine.netloc):
            raise CopyRefused(phrase("the server pointed at an address on another server"))
        return href


@contextlib.contextmanager
def _said() -> Iterator[None]:
    """The library's and the network's failures, in words for the owner;
    one event the server no longer has is that event's problem alone."""
    with in_words(CalendarUnwritable, "written to"):
        try:
            yield
        except caldav_error.NotFoundError as exc:
            raise CopyRefused(phrase("the server no longer has that event")) from exc
