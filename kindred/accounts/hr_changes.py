"""Keeping a person's HR changes with their dates (HrChange): the one
place the people import, the HR history import and the directory's
leavers and returners write them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from kindred.accounts.models import HrChange

# The HR fields whose changes outcomes read: a level up is a promotion.
TRACKED = {
    "level": HrChange.Kind.LEVEL,
    "department": HrChange.Kind.DEPARTMENT,
    "location": HrChange.Kind.LOCATION,
}


def changes_of(person_id: int, changed: Mapping[str, object], on: dt.date) -> list[HrChange]:
    """The tracked fields among `changed` (field: new value) as changes on `on`."""
    return [
        HrChange(person_id=person_id, on=on, kind=kind, value=_text(changed[name]))
        for name, kind in TRACKED.items()
        if name in changed
    ]


def record(changes: Iterable[HrChange]) -> int:
    """Keep `changes`; a second change of one kind on the same day replaces
    the first (a re-imported history writes nothing twice)."""
    latest = {(c.person_id, c.kind, c.on): c for c in changes}
    HrChange.objects.bulk_create(
        list(latest.values()),
        update_conflicts=True,
        unique_fields=["person", "kind", "on"],
        update_fields=["value"],
        batch_size=1000,
    )
    return len(latest)


def _text(value: object) -> str:
    return "" if value is None else str(value)
