"""What a change invalidates, declared once per model: the people whose
cached things show that model's rows. One receiver per signal reads the
registry, so no app wires its own signals to the cache.

    register("relationships.Relationship", lambda row: [row.mentor_id, row.mentee_id])

A declaration may also name people through programmes (everyone enrolled
in them): `register(label, programmes=lambda row: [row.programme_id])`,
resolved by the reader of programme members that `programmes` hands in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from kindred.lib.cache.store import enabled, invalidate

PeopleOf = Callable[[Any], Iterable[int]]


@dataclass(frozen=True)
class Watch:
    people: PeopleOf | None
    programmes: PeopleOf | None


_watched: dict[str, Watch] = {}
_members_of: list[Callable[[list[int]], Iterable[int]]] = []


def register(
    label: str, people: PeopleOf | None = None, *, programmes: PeopleOf | None = None
) -> None:
    """A change to a row of `label` ("app.Model", or an m2m's through
    model) invalidates what is cached for these people."""
    _watched[label] = Watch(people, programmes)


def members_with(reader: Callable[[list[int]], Iterable[int]]) -> None:
    """How programme ids become the people in them (from the programs app)."""
    _members_of[:] = [reader]


def watched() -> frozenset[str]:
    return frozenset(_watched)


def people_of(label: str, row: Any) -> set[int]:
    watch = _watched.get(label)
    if watch is None:
        return set()
    found = set(watch.people(row)) if watch.people else set()
    if watch.programmes and _members_of:
        found |= set(_members_of[0](list(watch.programmes(row))))
    return found


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if enabled():
        invalidate(people_of(sender._meta.label, instance))


def _m2m_changed(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, reverse: bool, **kwargs: Any
) -> None:
    """An m2m between people and something (a programme's managers): the
    people added or removed, whichever side the change was made from."""
    if not action.startswith("post_") or not enabled():
        return
    if sender._meta.label not in _watched:
        return
    invalidate([instance.pk] if reverse else (pk_set or ()))


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="cache-registry-save")
    post_delete.connect(_changed, dispatch_uid="cache-registry-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="cache-registry-m2m")
