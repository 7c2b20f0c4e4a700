"""Meetings people have outside their pairs (a circle's group meetings,
a booked office-hours conversation). The apps that hold them live above
meetings, so each hands its reader in when it starts (`provide`); a pair's
clash check and time suggestions ask them all without importing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

Interval = tuple[dt.datetime, dt.datetime]
# (people, start, end) -> each person's open engagements overlapping the range
Reader = Callable[[Collection[int], dt.datetime, dt.datetime], dict[int, list[Interval]]]
_readers: dict[str, Reader] = {}


def provide(name: str, reader: Reader) -> None:
    """Called once by each app with engagements, as it starts."""
    _readers[name] = reader


def engaged(
    people: Collection[int], start: dt.datetime, end: dt.datetime, *, leave_out: str = ""
) -> dict[int, list[Interval]]:
    """Each person's engagements outside their pairs between start and end
    (but those of the app named `leave_out`, which counts its own)."""
    found: dict[int, list[Interval]] = {}
    for name, reader in _readers.items():
        if name == leave_out:
            continue
        for person, times in reader(people, start, end).items():
            found.setdefault(person, []).extend(times)
    return found
