"""What is kept of a person in the shared cache between requests, and how it
is kept current.

Each person has a stamp in the cache. Whatever is kept for them (their
account for signing in, their home page) is kept together with the stamp
it was drawn under, and is only served while that is still the stamp.
Whatever changes something about a person removes their stamp (`forget`),
on the spot and again once its transaction commits: a request that read
the database before the change committed kept its copy under a stamp the
commit then removes. The stamp is read (or made) before the database is,
for that reason.

Keeping needs a cache all processes share (settings.SHARED_CACHE): what
one process forgets in its own memory the others would go on serving."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

LIFETIME = 15 * 60  # seconds: also bounds how long a release shows what its predecessor kept

T = TypeVar("T")


def stamp_key(person_id: int) -> str:
    return f"kept:stamp:{person_id}"


def keeping() -> bool:
    return bool(settings.SHARED_CACHE)


def forget(people: Iterable[int]) -> None:
    """What is kept for these people is out of date."""
    if not keeping():
        return
    stamps = [stamp_key(person_id) for person_id in set(people)]
    if stamps:
        cache.delete_many(stamps)
        transaction.on_commit(lambda: cache.delete_many(stamps))


def kept(
    key: str, person_id: int, draw: Callable[[], tuple[T, bool]], stamp: str | None = None
) -> tuple[T, str]:
    """What is kept under `key` for the person while it is current; else
    what `draw()` reads from the database, kept for next time if it says
    so. With the stamp it was checked against: pass that to the next call
    for the same person in the same request, which then need not read it.

    Each process also holds its own copies of what it has served (`_local`),
    checked against the stamp like the shared ones: a page served again
    then costs one read of the stamp, not of the whole entry."""
    if not keeping():
        return draw()[0], ""
    local, stamp_at = _local_copy(key), stamp_key(person_id)
    entry: tuple[str, Any] | None = None
    if stamp is None and local is None:  # one round trip for both
        found = cache.get_many([key, stamp_at])
        stamp, entry = found.get(stamp_at), found.get(key)
    else:
        if stamp is None:
            stamp = cache.get(stamp_at)
        if stamp is not None and local is not None and local[0] == stamp:
            return local[1], stamp
        entry = cache.get(key) if stamp is not None else None
    if stamp is not None and entry is not None and entry[0] == stamp:
        _keep_local_copy(key, entry)
        return entry[1], stamp
    stamp = stamp or _new_stamp(stamp_at)
    value, keep = draw()
    if keep:
        cache.set(key, (stamp, value), LIFETIME)
        _keep_local_copy(key, (stamp, value))
    return value, stamp


# This process's copies: key -> (stamp, value, when it stops being used).
_local: dict[str, tuple[str, Any, float]] = {}
_local_lock = threading.Lock()
LOCAL_COPIES = 5000  # at a few kilobytes each, some megabytes per process


def _local_copy(key: str) -> tuple[str, Any] | None:
    copy = _local.get(key)
    if copy is None or copy[2] < time.monotonic():
        return None
    return copy[0], copy[1]


def _keep_local_copy(key: str, entry: tuple[str, Any]) -> None:
    with _local_lock:
        if len(_local) >= LOCAL_COPIES:
            _local.clear()  # cheaper than tracking use, and refilled from the cache
        _local[key] = (entry[0], entry[1], time.monotonic() + LIFETIME)


def forget_local_copies() -> None:
    """For tests that change the database behind the cache's back."""
    _local.clear()


def _new_stamp(key: str) -> str:
    """A new stamp, unless another request made one first: then theirs."""
    made = secrets.token_hex(8)
    if cache.add(key, made, 2 * LIFETIME):
        return made
    return cache.get(key) or made
