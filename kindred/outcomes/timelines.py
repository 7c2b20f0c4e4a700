"""Everyone's HR changes as sorted arrays, so that the state of the whole
organisation on any day (who was employed, at what level, in which
department) and what happened in any window after it (who left, who was
promoted) is a few vectorised look-ups, not a query or a loop per person:
the report asks this for every programme's start, across 100,000 people.

Each kind of change is kept as keys person * SPAN + day (days as ordinals)
in ascending order, with its values beside them; "the latest change on or
before day d" for every person at once is one searchsorted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
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
        found, valid = self._latest(people, day)
        return np.where(valid, self.values[found], MISSING)

    def latest_day(self, people: np.ndarray, day: int) -> np.ndarray:
        """The day of each person's latest change on or before `day`; MISSING if none."""
        found, valid = self._latest(people, day)
        return np.where(valid, self.keys[found] % SPAN, MISSING)

    def count(self, people: np.ndarray, after: int, until: int) -> np.ndarray:
        """How many changes each person had in (after, until]."""
        high = np.searchsorted(self.keys, people * SPAN + until, side="right")
        low = np.searchsorted(self.keys, people * SPAN + after, side="right")
        return high - low

    def _latest(self, people: np.ndarray, day: int) -> tuple[np.ndarray, np.ndarray]:
        """Where each person's latest change on or before `day` stands, and
        whether they had one (else the place is 0, not to be read)."""
        found = np.searchsorted(self.keys, people * SPAN + day, side="right") - 1
        valid = found >= 0
        valid[valid] = self.keys[found[valid]] // SPAN == people[valid]
        return np.where(valid, found, 0), valid


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


Row = tuple[int, int, str]  # person id, day (ordinal), value


def load() -> Timelines:
    """Every HR change in the organisation, read once from the database
    cursor and sorted out by kind."""
    by_kind: dict[str, list[Row]] = defaultdict(list)
    rows = HrChange.objects.order_by("person_id", "on").values_list(
        "person_id", "on", "kind", "value"
    )
    for person, on, kind, value in rows.iterator(chunk_size=10_000):
        by_kind[kind].append((person, on.toordinal(), value))
    people = np.unique([row[0] for found in by_kind.values() for row in found]).astype(np.int64)
    names: dict[str, int] = {}

    def changes(kind: str, code: Callable[[str], int]) -> Changes:
        found = by_kind.get(kind, [])
        persons = np.array([row[0] for row in found], dtype=np.int64)
        days = np.array([row[1] for row in found], dtype=np.int64)
        values = np.array([code(row[2]) for row in found], dtype=np.int64)
        return Changes(np.searchsorted(people, persons) * SPAN + days, values)

    def named(value: str) -> int:
        return names.setdefault(value, len(names))

    levels = changes(HrChange.Kind.LEVEL, _level)
    return Timelines(
        people=people,
        hired=changes(HrChange.Kind.HIRED, lambda _value: 0),
        left=changes(HrChange.Kind.LEFT, lambda value: _REASONS.get(value, 0)),
        level=levels,
        promoted=_rises(levels),
        department=changes(HrChange.Kind.DEPARTMENT, named),
        location=changes(HrChange.Kind.LOCATION, named),
        names=list(names),
    )


_REASONS: dict[str, int] = {
    HrChange.LeaveReason.VOLUNTARY: 1,
    HrChange.LeaveReason.INVOLUNTARY: 2,
}


def _level(value: str) -> int:
    return int(value) if value.isdigit() else MISSING


def _rises(levels: Changes) -> Changes:
    """The level changes that raised a person's level: promotions."""
    if not len(levels.keys):
        return levels
    same_person = np.r_[False, levels.keys[1:] // SPAN == levels.keys[:-1] // SPAN]
    rose = same_person & (levels.values > np.r_[MISSING, levels.values[:-1]])
    return Changes(levels.keys[rose], levels.values[rose])
