"""Everyone's HR changes as sorted arrays, so that the state of the whole
organisation on any day (who was employed, at what level, in which
department) and what happened in any window after it (who left, who was
promoted) is a few vectorised look-ups, not a query or a loop per person:
the report asks this for every programme's start, across 100,000 people.

Each kind of change is kept as keys person * SPAN + day (days as ordinals)
in ascending order, with its values beside them; "the latest change on or
before day d" for every person at once is one searchsorted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from kindred.accounts.models import HrChange

SPAN = 1 << 22  # more days than any ordinal Kindred meets (year 11,000)
MISSING = -1


@dataclass(frozen=True)
class Changes:
    """One kind of change: sorted keys, each with a value (a code)."""

    keys: np.ndarray  # int64, person index * SPAN + day
    values: np.ndarray  # int64 codes

    def latest(self, people: np.ndarray, day: int) -> np.ndarray:
        """Each person's value as of `day` (its latest change on or before
        it), MISSING where they had none."""
        found = np.searchsorted(self.keys, people * SPAN + day, side="right") - 1
        valid = found >= 0
        valid[valid] = self.keys[found[valid]] // SPAN == people[valid]
        return np.where(valid, self.values[np.maximum(found, 0)], MISSING)

    def latest_day(self, people: np.ndarray, day: int) -> np.ndarray:
        """The day of each person's latest change on or before `day`; MISSING if none."""
        found = np.searchsorted(self.keys, people * SPAN + day, side="right") - 1
        valid = found >= 0
        valid[valid] = self.keys[found[valid]] // SPAN == people[valid]
        return np.where(valid, self.keys[np.maximum(found, 0)] % SPAN, MISSING)

    def count(self, people: np.ndarray, after: int, until: int) -> np.ndarray:
        """How many changes each person had in (after, until]."""
        high = np.searchsorted(self.keys, people * SPAN + until, side="right")
        low = np.searchsorted(self.keys, people * SPAN + after, side="right")
        return high - low


@dataclass(frozen=True)
class Timelines:
    people: np.ndarray  # person ids; a person's index is their place here
    hired: Changes
    left: Changes  # values: reason codes
    level: Changes  # values: the level
    promoted: Changes  # level changes that raised it
    department: Changes  # values: codes into `names`
    location: Changes
    names: list[str]  # department and location names by code

    def index_of(self, person_ids: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.people, person_ids)

    def employed(self, day: int) -> np.ndarray:
        """Everyone's index who had joined by `day` and not left since."""
        everyone = np.arange(len(self.people))
        joined = self.hired.latest_day(everyone, day)
        left = self.left.latest_day(everyone, day)
        return everyone[(joined != MISSING) & (left < joined)]


def load() -> Timelines:
    """Every HR change in the organisation, read once (a row at a time
    from the database cursor, into arrays)."""
    rows = np.array(
        list(
            HrChange.objects.order_by("person_id", "on")
            .values_list("person_id", "on", "kind", "value")
            .iterator(chunk_size=10_000)
        ),
        dtype=object,
    ).reshape(-1, 4)
    people = np.unique(rows[:, 0].astype(np.int64)) if len(rows) else np.zeros(0, np.int64)
    index = np.searchsorted(people, rows[:, 0].astype(np.int64)) if len(rows) else rows[:, 0]
    days = np.array([on.toordinal() for on in rows[:, 1]], dtype=np.int64)
    keys = index.astype(np.int64) * SPAN + days
    kinds = rows[:, 2]
    names: dict[str, int] = {}

    def changes(kind: str, values: np.ndarray) -> Changes:
        chosen = kinds == kind
        return Changes(keys[chosen], values[chosen].astype(np.int64))

    values = rows[:, 3]
    level = np.array([_level(v) for v in values], dtype=np.int64)
    named = np.array([names.setdefault(v, len(names)) for v in values], dtype=np.int64)
    reasons = np.array([_REASONS.get(v, 0) for v in values], dtype=np.int64)
    levels = changes(HrChange.Kind.LEVEL, level)
    return Timelines(
        people=people,
        hired=changes(HrChange.Kind.HIRED, np.zeros(len(rows))),
        left=changes(HrChange.Kind.LEFT, reasons),
        level=levels,
        promoted=_rises(levels),
        department=changes(HrChange.Kind.DEPARTMENT, named),
        location=changes(HrChange.Kind.LOCATION, named),
        names=list(names),
    )


_REASONS = {HrChange.LeaveReason.VOLUNTARY: 1, HrChange.LeaveReason.INVOLUNTARY: 2}


def _level(value: str) -> int:
    return int(value) if value.isdigit() else MISSING


def _rises(levels: Changes) -> Changes:
    """The level changes that raised a person's level: promotions."""
    if not len(levels.keys):
        return levels
    same_person = np.r_[False, levels.keys[1:] // SPAN == levels.keys[:-1] // SPAN]
    rose = same_person & (levels.values > np.r_[MISSING, levels.values[:-1]])
    return Changes(levels.keys[rose], levels.values[rose])


def ordinal(day: dt.date) -> int:
    return day.toordinal()
