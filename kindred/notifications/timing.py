"""When a person may be e-mailed: their quiet hours and hard blocks.

Those live in the person's profile, an app above the outbox, so the outbox
does not read them itself: the profiles app hands in its reader when Django
starts (ProfilesConfig.ready). Without one, a person has no quiet hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from kindred.engines.scheduling import Calendar
from kindred.engines.scheduling.slots import boundaries, normalise

if TYPE_CHECKING:
    from kindred.accounts.models import User

CalendarReader = Callable[["User", dt.datetime], Calendar]


def _no_boundaries(user: User, around: dt.datetime) -> Calendar:
    return Calendar(user.timezone, ())


_reader: CalendarReader = _no_boundaries


def read_calendars_with(reader: CalendarReader) -> None:
    global _reader
    _reader = reader


def calendar_of(user: User, around: dt.datetime) -> Calendar:
    """The person's own boundaries around `around`."""
    return _reader(user, around)


LOOKAHEAD = dt.timedelta(days=3)


def earliest_send_time(
    user: User, now: dt.datetime, calendar: Calendar | None = None
) -> dt.datetime:
    """The first moment from `now` that is outside the recipient's quiet
    hours and hard blocks (their profile's, or `calendar`'s: a relationship
    passes the one its signed agreement sets)."""
    calendar = calendar or calendar_of(user, now)
    hard, _ = boundaries(calendar, now - dt.timedelta(days=1), now + LOOKAHEAD)
    moment = now
    for begin, end in normalise(interval for interval, _ in hard):
        if begin <= moment < end:
            moment = end
    return moment
