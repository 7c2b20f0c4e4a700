"""The slot finder, for a pair or a group. Each person's availability is
built on their own local dates (a weekday rule applies to *their* Monday,
wherever that falls in UTC), converted to UTC with their IANA zone, then
everyone's are intersected and hard boundaries and busy time removed.
Candidate slots are ranked: soft boundaries cost, comfortable local hours
for everyone count, the usual time is preferred, and the less convenient
hour rotates between people. When no time fits a whole group, the group
is offered times that stretch some people past their working hours (never
through a hard boundary or a busy time), each slot saying who.

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
DISTANCE_MINUTES = 240  # a minute this far outside those hours costs double
# Whoever took the awkward hour last time counts more this time, so the
# inconvenience rotates between the two instead of landing on one person.
ROTATION_SHARE = 0.8
STRETCH_PENALTY = 40.0  # per person asked to meet outside their working hours
STRETCH = dt.timedelta(hours=2)  # how far past their hours a group may ask someone


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
    local: tuple[dt.datetime, ...]  # the start in each person's zone, in their order
    score: float
    soft_conflicts: tuple[str, ...] = field(default=())
    stretched: tuple[int, ...] = ()  # who it takes outside their working hours (positions)


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
    """Times that suit a pair; the awkward hour rotates by who took it last."""
    shares = (0.5, 0.5)
    if request.last_inconvenienced == 0:
        shares = (ROTATION_SHARE, 1 - ROTATION_SHARE)
    elif request.last_inconvenienced == 1:
        shares = (1 - ROTATION_SHARE, ROTATION_SHARE)
    return _find((first, second), request, shares, stretch=None)


def find_group_slots(
    calendars: Sequence[Calendar],
    request: SlotRequest,
    *,
    inconvenienced: Sequence[int] = (),
    stretch: dt.timedelta | None = STRETCH,
) -> list[Slot]:
    """Times that suit everyone in a group (a circle, its facilitators):
    the usual time is in the first person's zone, and `inconvenienced`
    counts, per person, the past meetings that were awkward for them, so
    the awkward hour rotates round the group across a series. When no time
    fits everyone, times within `stretch` of some people's hours, each
    naming who is stretched, fewest first."""
    if len(calendars) < 2:
        raise ValueError("A meeting has at least two people.")
    return _find(tuple(calendars), request, rotation_shares(inconvenienced, len(calendars)),
                 stretch=stretch)  # fmt: skip


def rotation_shares(inconvenienced: Sequence[int], people: int) -> tuple[float, ...]:
    """How much each person's discomfort counts: more for whoever has had
    more awkward meetings, so the next awkward hour goes to someone else."""
    counts = list(inconvenienced) or [0] * people
    if len(counts) != people:
        raise ValueError("One count of awkward meetings per person.")
    weights = [1.0 + count for count in counts]
    return tuple(weight / sum(weights) for weight in weights)


def _find(
    calendars: tuple[Calendar, ...],
    request: SlotRequest,
    shares: tuple[float, ...],
    *,
    stretch: dt.timedelta | None,
) -> list[Slot]:
    if request.now.tzinfo is None:
        raise ValueError("`now` must be an aware datetime.")
    earliest = _round_up(request.now.astimezone(UTC) + request.min_notice, request.step_minutes)
    latest = request.now.astimezone(UTC) + request.horizon
    own = [availability(calendar, earliest, latest) for calendar in calendars]
    blocked, soft = _blocked(calendars, earliest, latest, request)
    ranking = _Ranking(calendars, request, shares, soft)
    slots = [ranking.slot(start) for start in _starts(subtract(_common(own), blocked), request)]
    if not slots and stretch is not None:
        widened = [_widened(intervals, stretch, earliest, latest) for intervals in own]
        for start in _starts(subtract(_common(widened), blocked), request):
            end = start + dt.timedelta(minutes=request.duration_minutes)
            outside = tuple(n for n, mine in enumerate(own) if not _covers(mine, start, end))
            slots.append(ranking.slot(start, outside))
    slots.sort(key=lambda s: (-s.score, s.start))
    return slots[: request.limit]


def _common(each: Sequence[list[Interval]]) -> list[Interval]:
    common = each[0]
    for intervals in each[1:]:
        common = intersect(common, intervals)
    return common


def _blocked(
    calendars: Sequence[Calendar], earliest: dt.datetime, latest: dt.datetime,
    request: SlotRequest,
) -> tuple[list[Interval], list[tuple[Interval, str]]]:  # fmt: skip
    """Everyone's hard boundaries, meetings (with the buffer) and calendar
    busy time; and the soft boundaries, with their labels, by start."""
    buffer = dt.timedelta(minutes=request.buffer_minutes)
    blocked: list[Interval] = []
    soft: list[tuple[Interval, str]] = []
    for calendar in calendars:
        hard, mild = boundaries(calendar, earliest, latest)
        blocked += [interval for interval, _ in hard]
        blocked += [(a - buffer, b + buffer) for a, b in calendar.busy]
        blocked += calendar.calendar_busy
        soft += mild
    soft.sort(key=lambda item: item[0][0])
    return blocked, soft


def _widened(
    intervals: Sequence[Interval], stretch: dt.timedelta, earliest: dt.datetime,
    latest: dt.datetime,
) -> list[Interval]:  # fmt: skip
    return clip(normalise((a - stretch, b + stretch) for a, b in intervals), earliest, latest)


def _covers(intervals: Sequence[Interval], start: dt.datetime, end: dt.datetime) -> bool:
    at = bisect.bisect_right(intervals, (start, dt.datetime.max.replace(tzinfo=UTC))) - 1
    return at >= 0 and intervals[at][0] <= start and end <= intervals[at][1]


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
    """The meeting's minutes outside the comfortable part of the local day,
    each counting more the further it is from it (a minute at 21:00 costs
    twice one at 17:00): 19:30 is worse than 17:30, not the same."""
    begin = local.hour * 60 + local.minute
    end = begin + duration
    early = _graded(COMFORT_START - min(end, COMFORT_START), COMFORT_START - begin)
    late = _graded(max(begin, COMFORT_END) - COMFORT_END, end - COMFORT_END)
    return early + late


def _graded(near: int, far: int) -> float:
    """The cost of the minutes from `near` to `far` minutes away from the
    comfortable hours: each costs 1 + its distance / DISTANCE_MINUTES."""
    if far <= near or far <= 0:
        return 0.0
    near = max(near, 0)
    return (far - near) + (far * far - near * near) / (2 * DISTANCE_MINUTES)


class _Ranking:
    """Scores candidate starts: soft boundaries touched, discomfort weighed
    by each person's share, the usual time, and whoever is stretched."""

    def __init__(
        self,
        calendars: Sequence[Calendar],
        request: SlotRequest,
        shares: tuple[float, ...],
        soft: list[tuple[Interval, str]],
    ) -> None:
        self.zones = [zone(calendar.zone) for calendar in calendars]
        self.request, self.shares, self.soft = request, shares, soft
        self.soft_starts = [interval[0] for interval, _ in soft]
        self.longest = max((b - a for (a, b), _ in soft), default=dt.timedelta(0))
        self.duration = dt.timedelta(minutes=request.duration_minutes)

    def slot(self, start: dt.datetime, stretched: tuple[int, ...] = ()) -> Slot:
        local = tuple(start.astimezone(tz) for tz in self.zones)
        conflicts = self._soft_touched(start)
        length = self.request.duration_minutes
        awkward = sum(
            share * discomfort(moment, length)
            for share, moment in zip(self.shares, local, strict=True)
        )
        score = (
            100.0
            - SOFT_PENALTY * len(conflicts)
            - STRETCH_PENALTY * len(stretched)
            - len(local) * DISCOMFORT_WEIGHT * awkward
            + self._usual_bonus(local[0])
        )
        return Slot(start, start + self.duration, local, round(score, 3), conflicts, stretched)

    def _soft_touched(self, start: dt.datetime) -> tuple[str, ...]:
        """Labels of the soft boundaries a slot touches, found by bisection."""
        end = start + self.duration
        first = bisect.bisect_left(self.soft_starts, start - self.longest)
        last = bisect.bisect_left(self.soft_starts, end)
        return tuple(sorted({label for (a, b), label in self.soft[first:last] if b > start}))

    def _usual_bonus(self, local: dt.datetime) -> float:
        if self.request.usual is None:
            return 0.0
        weekday, clock = self.request.usual
        offset = abs(local.hour * 60 + local.minute - minutes(clock))
        if local.weekday() == weekday and offset <= 60:
            return USUAL_BONUS * (1 - offset / 120)
        return 0.0
