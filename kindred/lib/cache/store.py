"""What is cached for a person between requests, and how it stays current.

Each person has a version in the shared cache. Whatever is cached for them
(their account for signing in, their home page) is stored with the version
it was computed under, and served only while that is still their version.
Whatever changes something about a person removes their version
(`invalidate`), on the spot and again once its transaction commits: a
request that read the database before the change committed stored its copy
under a version the commit then removes. The version is read (or made)
before the database is, for that reason.

Caching needs a cache all processes share (settings.SHARED_CACHE): what one
process forgets in its own memory the others would go on serving. Each
process also holds copies of what it served, checked against the version
like the shared ones (settings.CACHE_LOCAL_COPIES; 0 turns them off)."""

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


def version_key(person_id: int) -> str:
    return f"cache:version:{person_id}"


def enabled() -> bool:
    return bool(settings.SHARED_CACHE)


def invalidate(people: Iterable[int]) -> None:
    """What is cached for these people is out of date."""
    if not enabled():
        return
    versions = [version_key(person_id) for person_id in set(people)]
    if versions:
        cache.delete_many(versions)
        transaction.on_commit(lambda: cache.delete_many(versions))


def cached(
    key: str, person_id: int, compute: Callable[[], tuple[T, bool]], version: str | None = None
) -> tuple[T, str]:
    """What is cached under `key` for the person while it is current; else
    what `compute()` reads from the database, cached for next time if it
    says so. With the version it was checked against: pass that to the next
    call for the same person in the same request, which then need not read it.

    A copy this process already served (`_local`) is checked against the
    version like a shared one: a page served again then costs one read of
    the version, not of the whole entry."""
    if not enabled():
        return compute()[0], ""
    local, version_at = _local_copy(key), version_key(person_id)
    entry: tuple[str, Any] | None = None
    if version is None and local is None:  # one round trip for both
        found = cache.get_many([key, version_at])
        version, entry = found.get(version_at), found.get(key)
    else:
        if version is None:
            version = cache.get(version_at)
        if version is not None and local is not None and local[0] == version:
            return local[1], version
        entry = cache.get(key) if version is not None else None
    if version is not None and entry is not None and entry[0] == version:
        _keep_local_copy(key, entry)
        return entry[1], version
    version = version or _new_version(version_at)
    value, keep = compute()
    if keep:
        cache.set(key, (version, value), LIFETIME)
        _keep_local_copy(key, (version, value))
    return value, version


# This process's copies: key -> (version, value, when it stops being used).
_local: dict[str, tuple[str, Any, float]] = {}
_local_lock = threading.Lock()


def _local_copy(key: str) -> tuple[str, Any] | None:
    if not settings.CACHE_LOCAL_COPIES:
        return None
    copy = _local.get(key)
    if copy is None or copy[2] < time.monotonic():
        return None
    return copy[0], copy[1]


def _keep_local_copy(key: str, entry: tuple[str, Any]) -> None:
    if not settings.CACHE_LOCAL_COPIES:
        return
    with _local_lock:
        if len(_local) >= settings.CACHE_LOCAL_COPIES:
            _local.clear()  # cheaper than tracking use, and refilled from the cache
        _local[key] = (entry[0], entry[1], time.monotonic() + LIFETIME)


def version(person_id: int) -> str:
    """The person's current version (made now if they have none)."""
    return cache.get(version_key(person_id)) or _new_version(version_key(person_id))


def forget_local_copies() -> None:
    """For tests that change the database behind the cache's back."""
    _local.clear()


def _new_version(key: str) -> str:
    """A new version, unless another request made one first: then theirs."""
    made = secrets.token_hex(8)
    if cache.add(key, made, 2 * LIFETIME):
        return made
    return cache.get(key) or made
