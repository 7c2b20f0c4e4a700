"""When a person may be e-mailed: their quiet hours and hard blocks.

Those live in the person's profile, an app above the outbox, so the outbox
does not read them itself: the profiles app hands in its reader when Django
starts (ProfilesConfig.ready). Without one, a person has no quiet hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from kindred.engines.scheduling import Calendar

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
