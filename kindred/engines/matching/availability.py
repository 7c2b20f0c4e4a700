"""Weekly working windows in local time, laid onto a shared UTC grid.

Each person's windows are placed on their own local dates over the horizon,
converted to UTC with their IANA zone (so daylight-saving changes land where
they really do), and marked on a grid of 15-minute slots. Overlap between two
people is then a dot product. People with the same zone and windows share one
row, so a programme of thousands usually has only a few hundred patterns."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

SLOT_MINUTES = 15
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@lru_cache(maxsize=1024)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def horizon_start(reference_date: dt.date) -> dt.datetime:
    return dt.datetime.combine(reference_date, dt.time(), tzinfo=dt.UTC)


def pattern_grid(
    zone_name: str,
    windows: Sequence[tuple[int, str, str]],
    reference_date: dt.date,
    weeks: int,
) -> np.ndarray:
    """A boolean row of 15-minute UTC slots covering `weeks` weeks."""
    slots = np.zeros(weeks * 7 * SLOTS_PER_DAY, dtype=bool)
    start = horizon_start(reference_date)
    zone = _zone(zone_name)
    # Local dates from a day before to a day after cover every offset.
    for offset in range(-1, weeks * 7 + 1):
        local_date = reference_date + dt.timedelta(days=offset)
        for day, begin, end in windows:
            if day != local_date.weekday():
                continue
            local_begin = dt.datetime.combine(local_date, dt.time(), tzinfo=zone)
            first = _to_slot(local_begin, _minutes(begin), start)
            last = _to_slot(local_begin, _minutes(end), start)
            first, last = max(first, 0), min(last, slots.size)
            if first < last:
                slots[first:last] = True
    return slots


def _to_slot(local_midnight: dt.datetime, minutes: int, start: dt.datetime) -> int:
    # Wall-clock arithmetic in the zone, then to UTC: 09:00 stays 09:00 locally
    # on both sides of a daylight-saving change.
    naive = local_midnight.replace(tzinfo=None) + dt.timedelta(minutes=minutes)
    moment = naive.replace(tzinfo=local_midnight.tzinfo).astimezone(dt.UTC)
    return int((moment - start).total_seconds() // (SLOT_MINUTES * 60))


def pattern_index(
    people: Sequence[tuple[str, tuple[tuple[int, str, str], ...]]],
    reference_date: dt.date,
    weeks: int,
) -> tuple[np.ndarray, np.ndarray]:
    """(grid of unique patterns as float32 rows, index of each person's row)."""
    keys: dict[tuple[str, tuple[tuple[int, str, str], ...]], int] = {}
    index = np.empty(len(people), dtype=np.int64)
    rows: list[np.ndarray] = []
    for position, key in enumerate(people):
        row = keys.get(key)
        if row is None:
            row = keys[key] = len(rows)
            rows.append(pattern_grid(key[0], key[1], reference_date, weeks))
        index[position] = row
    width = weeks * 7 * SLOTS_PER_DAY
    grid = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, width), np.float32)
    return grid, index


def weekly_overlap_hours(grid_a: np.ndarray, grid_b: np.ndarray, weeks: int) -> np.ndarray:
    """Hours of shared working time per week between every pair of patterns."""
    slots = grid_a @ grid_b.T
    return slots * (SLOT_MINUTES / 60) / weeks


def overlap_local_hours(
    mentee: tuple[str, tuple[tuple[int, str, str], ...]],
    mentor: tuple[str, tuple[tuple[int, str, str], ...]],
    reference_date: dt.date,
    weeks: int,
) -> tuple[float, float] | None:
    """The typical local hour of day of the pair's shared time for each side,
    or None when they share none. Used to explain "your mornings, her evenings"."""
    shared = pattern_grid(*mentee, reference_date, weeks) & pattern_grid(
        *mentor, reference_date, weeks
    )
    if not shared.any():
        return None
    start = horizon_start(reference_date)
    moments = [
        start + dt.timedelta(minutes=int(slot) * SLOT_MINUTES + SLOT_MINUTES / 2)
        for slot in np.flatnonzero(shared)
    ]
    return _median_local_hour(moments, mentee[0]), _median_local_hour(moments, mentor[0])


def _median_local_hour(moments: list[dt.datetime], zone_name: str) -> float:
    zone = _zone(zone_name)
    hours = sorted(m.astimezone(zone).hour + m.astimezone(zone).minute / 60 for m in moments)
    return hours[len(hours) // 2]
