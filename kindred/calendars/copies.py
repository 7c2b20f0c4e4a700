"""What Kindred writes into a person's own calendar, and who says what
that is. Meetings live in a layer above calendars, so the meetings app
hands its reader in when it starts (`provide`), and calendars asks it for
a person's copies without importing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from kindred.accounts.models import User


@dataclass(frozen=True)
class Copy:
    """One event as Kindred wants it in the person's calendar."""

    uid: str
    digest: str  # changes exactly when what the event says changes
    ends_at: dt.datetime  # the end of its last occurrence, in UTC
    # Builds the calendar object resource (no METHOD). Called only for an
    # event that is written: the sweep every 15 minutes finds most unchanged.
    build: Callable[[], bytes]


CopiesOf = Callable[[User, dt.datetime], list[Copy]]
_source: list[CopiesOf] = []


def provide(copies_of: CopiesOf) -> None:
    """Called once by the meetings app as it starts."""
    _source[:] = [copies_of]


def copies_of(person: User, now: dt.datetime) -> list[Copy]:
    if not _source:
        raise RuntimeError("No app provides the events written into calendars.")
    return _source[0](person, now)
