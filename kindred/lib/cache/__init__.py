"""One cache of what Kindred shows a person, and when it is out of date.

`cached(key, person, compute)` serves what was computed for the person
while it is current; `invalidate(people)` makes it out of date; `version`
reads a person's current version. What a change to each model invalidates
is declared once, in `registry`."""

from kindred.lib.cache.registry import connect, members_with, register, watched
from kindred.lib.cache.store import (
    LIFETIME,
    cached,
    enabled,
    forget_local_copies,
    invalidate,
    version,
    version_key,
)

__all__ = [
    "LIFETIME",
    "cached",
    "connect",
    "enabled",
    "forget_local_copies",
    "invalidate",
    "members_with",
    "register",
    "version",
    "version_key",
    "watched",
]
