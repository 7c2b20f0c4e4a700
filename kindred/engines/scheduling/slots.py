"""The slot finder. Each person's availability is built on their own local
dates (a weekday rule applies to *their* Monday, wherever that falls in UTC),
converted to UTC with their IANA zone, then the two are intersected and hard
boundaries and busy time removed. Candidate slots are ranked: soft
boundaries cost, comfortable local hours for both count, the pair's usual
time is preferred, and the less convenient hour rotates between them.

Plain data in, plain data out; the caller supplies "now" (no clock here).
Local wall times that do not exist (the skipped hour of a daylight-saving
change) take no time; repeated ones count twice, as real time does."""

from __future__ import annotations

import bisect
import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

UTC = dt.UTC
Interval = tuple[dt.datetime, dt.datetime]

COMFORT_START, COMFORT_END = 9 * 60, 17 * 60  # local minutes: the easy part of a day
SOFT_PENALTY = 30.0
USUAL_BONUS = 25.0
DISCOMFORT_WEIGHT = 0.25  # score lost per minute outside 09:00-17:00 local
# Whoever took the awkward hour last time counts more this time, so the
# inconvenience rotates between the two instead of landing on one person.
ROTATION_SHARE = 0.8


@dataclass(frozen=True)
class Block:
    """A recurring boundary in local time; may cross midnight (end <= start)."""

    days: tuple[int, ...]  # 0 = Monday
    start: str
    end: str
    hard: bool = True
    label: str = "personal"


@dataclass(frozen=True)
class Override:
    """A dated change to the weekly windows: these windows that day, or none."""

    date: dt.date
    windows: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Calendar:
    zone: str
    windows: tuple[tuple[int, str, str], ...]  # (weekday, "HH:MM", "HH:MM") local
    overrides: tuple[Override, ...] = ()
    blocks: tuple[Block, ...] = ()
    quiet_hours: tuple[str, str] | None = None  # a hard block every day
    busy: tuple[Interval, ...] = ()  # existing meetings, aware datetimes
    # Busy time from the person's own calendars: as hard as a boundary, but
    # with no buffer (a meeting right after a dentist's appointment is fine).
    calendar_busy: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class SlotRequest:
    now: dt.datetime  # aware
    duration_minutes: int = 60
    step_minutes: int = 15
    min_notice: dt.timedelta = dt.timedelta(hours=24)
    horizon: dt.timedelta = dt.timedelta(weeks=2)
    buffer_minutes: int = 15  # kept free around existing meetings
    usual: tuple[int, str] | None = None  # (weekday, "HH:MM") in the first person's zone
    last_inconvenienced: int | None = None  # 0 or 1: who took the awkward hour last time
    limit: int = 10


@dataclass(frozen=True)
class Slot:
    start: dt.datetime  # UTC
    end: dt.datetime
    local: tuple[dt.datetime, dt.datetime]  # the start in each person's zone
    score: float
    soft_conflicts: tuple[str, ...] = field(default=())


@lru_cache(maxsize=512)
def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


@lru_cache(maxsize=4096)
def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


@lru_cache(maxsize=131072)  # people share zones and round times: most calls repeat
def local_to_utc(day: dt.date, clock_minutes: int, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """The UTC instant of a wall-clock time on a local date. Minutes past
    24:00 run into the next day. In a skipped hour the earlier offset is used
    (fold=0), so a window inside the gap collapses to nothing."""
    naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=clock_minutes)
    return naive.replace(tzinfo=tz).astimezone(UTC)


def _local_dates(start: dt.datetime, end: dt.datetime, tz: zoneinfo.ZoneInfo) -> Iterable[dt.date]:
    day = start.astimezone(tz).date() - dt.timedelta(days=1)
    last = end.astimezone(tz).date() + dt.timedelta(days=1)
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def availability(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> list[Interval]:
    tz = zone(calendar.zone)
    overrides = {o.date: o.windows for o in calendar.overrides}
    intervals = []
    for day in _local_dates(start, end, tz):
        if day in overrides:
            ranges = [(minutes(a), minutes(b)) for a, b in overrides[day]]
        else:
            ranges = [
                (minutes(a), minutes(b)) for d, a, b in calendar.windows if d == day.weekday()
            ]
        for begin, finish in ranges:
            intervals.append((local_to_utc(day, begin, tz), local_to_utc(day, finish, tz)))
    return clip(normalise(intervals), start, end)


def hard_boundaries(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> list[Interval]:
    hard, _ = boundaries(calendar, start, end)
    return normalise(interval for interval, _ in hard)


def boundaries(
    calendar: Calendar, start: dt.datetime, end: dt.datetime
) -> tuple[list[tuple[Interval, str]], list[tuple[Interval, str]]]:
    """Every boundary occurrence as a UTC interval with its label, split into
    (hard, soft). Quiet hours count as a hard boundary every day."""
    tz = zone(calendar.zone)
    blocks = list(calendar.blocks)
    if calendar.quiet_hours:
        quiet_start, quiet_end = calendar.quiet_hours
        blocks.append(Block(tuple(range(7)), quiet_start, quiet_end, True, "quiet hours"))
    hard: list[tuple[Interval, str]] = []
    soft: list[tuple[Interval, str]] = []
    for day in _local_dates(start, end, tz):
        for block in blocks:
            if day.weekday() not in block.days:
                continue
            begin, finish = minutes(block.start), minutes(block.end)
            if finish <= begin:  # crosses midnight into the next local day
                finish += 24 * 60
            interval = (local_to_utc(day, begin, tz), local_to_utc(day, finish, tz))
            (hard if block.hard else soft).append((interval, block.label))
    return hard, soft


def normalise(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-empty, merged."""
    merged: list[Interval] = []
    for begin, finish in sorted(i for i in intervals if i[0] < i[1]):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return merged


def clip(intervals: Sequence[Interval], start: dt.datetime, end: dt.datetime) -> list[Interval]:
    return [(max(a, start), min(b, end)) for a, b in intervals if b > start and a < end]


def intersect(left: Sequence[Interval], right: Sequence[Interval]) -> list[Interval]:
    result, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        begin, finish = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        if begin < finish:
            result.append((begin, finish))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def subtract(base: Sequence[Interval], cuts: Sequence[Interval]) -> list[Interval]:
    result = []
    cuts = normalise(cuts)
    for begin, finish in base:
        current = begin
        for cut_begin, cut_end in cuts:
            if cut_end <= current or cut_begin >= finish:
                continue
            if cut_begin > current:
                result.append((current, cut_begin))
            current = max(current, cut_end)
        if current < finish:
            result.append((current, finish))
    return result


def find_slots(first: Calendar, second: Calendar, request: SlotRequest) -> list[Slot]:
    if request.now.tzinfo is None:
        raise ValueError("`now` must be an aware datetime.")
    earliest = _round_up(request.now.astimezone(UTC) + request.min_notice, request.step_minutes)
    latest = request.now.astimezone(UTC) + request.horizon
    free = intersect(availability(first, earliest, latest), availability(second, earliest, latest))
    buffer = dt.timedelta(minutes=request.buffer_minutes)
    hard_a, soft_a = boundaries(first, earliest, latest)
    hard_b, soft_b = boundaries(second, earliest, latest)
    blocked = [
        *(interval for interval, _ in hard_a + hard_b),
        *((a - buffer, b + buffer) for a, b in (*first.busy, *second.busy)),
        *first.calendar_busy,
        *second.calendar_busy,
    ]
    free = subtract(free, blocked)
    soft = soft_a + soft_b
    soft.sort(key=lambda item: item[0][0])
    soft_starts = [interval[0] for interval, _ in soft]
    longest = max((b - a for (a, b), _ in soft), default=dt.timedelta(0))
    slots = [
        _rank(
            start, request, first, second, _overlapping(soft, soft_starts, longest, start, request)
        )
        for start in _starts(free, request)
    ]
    slots.sort(key=lambda s: (-s.score, s.start))
    return slots[: request.limit]


def _round_up(moment: dt.datetime, step: int) -> dt.datetime:
    epoch_minutes = int(moment.timestamp() // 60) + (1 if moment.timestamp() % 60 else 0)
    rounded = -(-epoch_minutes // step) * step
    return dt.datetime.fromtimestamp(rounded * 60, tz=UTC)


def _starts(free: Sequence[Interval], request: SlotRequest) -> Iterable[dt.datetime]:
    duration, step = (
        dt.timedelta(minutes=request.duration_minutes),
        dt.timedelta(minutes=request.step_minutes),
    )
    for begin, finish in free:
        start = _round_up(begin, request.step_minutes)
        while start + duration <= finish:
            yield start
            start += step


def discomfort(local: dt.datetime, duration: int) -> float:
    """Minutes of the meeting outside the comfortable part of the local day."""
    begin = local.hour * 60 + local.minute
    end = begin + duration
    inside = max(0, min(end, COMFORT_END) - max(begin, COMFORT_START))
    return float(duration - inside)


def _overlapping(
    soft: list[tuple[Interval, str]],
    starts: list[dt.datetime],
    longest: dt.timedelta,
    start: dt.datetime,
    request: SlotRequest,
) -> tuple[str, ...]:
    """Labels of the soft boundaries a slot touches, found by bisection."""
    end = start + dt.timedelta(minutes=request.duration_minutes)
    first = bisect.bisect_left(starts, start - longest)
    last = bisect.bisect_left(starts, end)
    return tuple(sorted({label for (a, b), label in soft[first:last] if b > start}))


def _rank(
    start: dt.datetime,
    request: SlotRequest,
    first: Calendar,
    second: Calendar,
    conflicts: tuple[str, ...],
) -> Slot:
    end = start + dt.timedelta(minutes=request.duration_minutes)
    local = (start.astimezone(zone(first.zone)), start.astimezone(zone(second.zone)))
    awkward = [discomfort(moment, request.duration_minutes) for moment in local]
    shares = [0.5, 0.5]
    if request.last_inconvenienced in (0, 1):
        shares[request.last_inconvenienced] = ROTATION_SHARE
        shares[1 - request.last_inconvenienced] = 1 - ROTATION_SHARE
    cost = 2 * DISCOMFORT_WEIGHT * (shares[0] * awkward[0] + shares[1] * awkward[1])
    score = 100.0 - SOFT_PENALTY * len(conflicts) - cost
    if request.usual is not None:
        weekday, clock = request.usual
        offset = abs(local[0].hour * 60 + local[0].minute - minutes(clock))
        if local[0].weekday() == weekday and offset <= 60:
            score += USUAL_BONUS * (1 - offset / 120)
    return Slot(start, end, local, round(score, 3), conflicts)
