"""The slot finder on the hard edges of time: daylight-saving gaps and
repeats, the weeks when US and European clocks disagree, the southern
hemisphere, half- and quarter-hour zones, and the date line."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from kindred.engines.scheduling import Block, Calendar, Override, SlotRequest, find_slots
from kindred.engines.scheduling.slots import availability, minutes

UTC = dt.UTC
WEEKDAYS = tuple(range(5))
ALL_DAYS = tuple(range(7))


def office(zone: str, start: str = "09:00", end: str = "17:00", days=WEEKDAYS, **extra) -> Calendar:
    return Calendar(zone, tuple((d, start, end) for d in days), **extra)


def always(zone: str = "UTC") -> Calendar:
    return Calendar(zone, tuple((d, "00:00", "24:00") for d in ALL_DAYS))


def hours(intervals) -> float:
    return sum((b - a).total_seconds() for a, b in intervals) / 3600


def request(now: dt.datetime, **extra) -> SlotRequest:
    return SlotRequest(now=now, min_notice=dt.timedelta(0), limit=5000, **extra)


def test_the_skipped_hour_takes_no_time_and_hosts_no_meeting() -> None:
    # 2026-03-08 02:00-03:00 does not exist in New York.
    sunday = Calendar("America/New_York", ((6, "01:00", "04:00"),))
    day = (dt.datetime(2026, 3, 8, tzinfo=UTC), dt.datetime(2026, 3, 9, 12, tzinfo=UTC))
    assert hours(availability(sunday, *day)) == 2.0
    slots = find_slots(
        sunday, always(), request(day[0], duration_minutes=30, horizon=dt.timedelta(days=1))
    )
    local_starts = {s.local[0].strftime("%H:%M") for s in slots}
    # 01:45 runs 30 real minutes to 03:15; nothing starts in the missing hour.
    assert local_starts == {"01:00", "01:15", "01:30", "01:45", "03:00", "03:15", "03:30"}


def test_the_repeated_hour_counts_twice() -> None:
    # 2026-11-01 01:00-02:00 happens twice in New York.
    sunday = Calendar("America/New_York", ((6, "00:00", "03:00"),))
    day = (dt.datetime(2026, 11, 1, tzinfo=UTC), dt.datetime(2026, 11, 2, tzinfo=UTC))
    assert hours(availability(sunday, *day)) == 4.0
    slots = find_slots(
        sunday, always(), request(day[0], duration_minutes=60, horizon=dt.timedelta(days=1))
    )
    assert sum(1 for s in slots if s.local[0].strftime("%H:%M") == "01:00") == 2  # once per offset


def earliest_london_start(now: dt.datetime) -> str:
    slots = find_slots(
        office("America/New_York"),
        office("Europe/London"),
        SlotRequest(now=now, min_notice=dt.timedelta(0), horizon=dt.timedelta(days=1), limit=50),
    )
    return min(s.local[1] for s in slots).strftime("%H:%M")


def test_us_and_eu_clocks_disagree_for_three_weeks_each_spring_and_one_each_autumn() -> None:
    assert earliest_london_start(dt.datetime(2026, 3, 3, tzinfo=UTC)) == "14:00"  # both winter
    assert earliest_london_start(dt.datetime(2026, 3, 10, tzinfo=UTC)) == "13:00"  # US summer only
    assert earliest_london_start(dt.datetime(2026, 3, 31, tzinfo=UTC)) == "14:00"  # both summer
    assert earliest_london_start(dt.datetime(2026, 10, 27, tzinfo=UTC)) == "13:00"  # EU winter only
    assert earliest_london_start(dt.datetime(2026, 11, 3, tzinfo=UTC)) == "14:00"  # both winter


def weekly_overlap(first: Calendar, second: Calendar, monday: dt.date) -> float:
    start = dt.datetime.combine(monday, dt.time(), tzinfo=UTC)
    end = start + dt.timedelta(days=7)
    from kindred.engines.scheduling.slots import intersect

    return hours(intersect(availability(first, start, end), availability(second, start, end)))


def test_sydney_against_london_through_both_changes() -> None:
    london = office("Europe/London", "20:00", "22:00")  # London evenings, Mon-Fri
    sydney = office("Australia/Sydney", "07:00", "09:00", days=(1, 2, 3, 4, 5))  # next mornings
    assert weekly_overlap(london, sydney, dt.date(2026, 1, 5)) == 10.0  # 11 h apart: all 2 h
    assert weekly_overlap(london, sydney, dt.date(2026, 4, 13)) == 0.0  # 9 h apart: none
    assert weekly_overlap(london, sydney, dt.date(2026, 10, 12)) == 5.0  # 10 h apart: 1 h
    assert weekly_overlap(london, sydney, dt.date(2026, 11, 2)) == 10.0  # 11 h again


def test_half_and_quarter_hour_zones_line_up() -> None:
    now = dt.datetime(2026, 6, 1, tzinfo=UTC)
    for zone_name, expected in (("Asia/Kolkata", "13:30"), ("Asia/Kathmandu", "13:45")):
        slots = find_slots(
            office("Europe/London"),
            office(zone_name, "09:00", "19:00"),
            request(now, horizon=dt.timedelta(days=1)),
        )
        first = min(slots, key=lambda s: s.start)
        assert first.local[0].strftime("%H:%M") == "09:00"  # London, BST
        assert first.local[1].strftime("%H:%M") == expected
    # Lord Howe moves by half an hour: +10:30 in winter, +11 in summer.
    lord_howe = office("Australia/Lord_Howe", "09:00", "10:00")
    june = find_slots(
        lord_howe, always(), request(now, duration_minutes=30, horizon=dt.timedelta(days=2))
    )
    december = find_slots(
        lord_howe,
        always(),
        request(
            dt.datetime(2026, 12, 1, tzinfo=UTC), duration_minutes=30, horizon=dt.timedelta(days=2)
        ),
    )
    assert min(s.start for s in june).strftime("%H:%M") == "22:30"
    assert min(s.start for s in december).strftime("%H:%M") == "22:00"


def test_weekday_rules_apply_to_each_persons_own_date_across_the_date_line() -> None:
    # Kiritimati is UTC+14, Pago Pago UTC-11: the same instant is a day apart.
    kiritimati_monday = Calendar("Pacific/Kiritimati", ((0, "09:00", "17:00"),))
    pago_sunday = Calendar("Pacific/Pago_Pago", ((6, "09:00", "17:00"),))
    pago_monday = Calendar("Pacific/Pago_Pago", ((0, "09:00", "17:00"),))
    monday = dt.date(2026, 6, 8)
    assert weekly_overlap(kiritimati_monday, pago_sunday, monday - dt.timedelta(days=2)) == 7.0
    assert weekly_overlap(kiritimati_monday, pago_monday, monday - dt.timedelta(days=2)) == 0.0
    slot = find_slots(kiritimati_monday, pago_sunday, request(dt.datetime(2026, 6, 6, tzinfo=UTC)))[
        0
    ]
    assert (slot.local[0].strftime("%a"), slot.local[1].strftime("%a")) == ("Mon", "Sun")


def test_quiet_hours_crossing_midnight() -> None:
    late = office("Europe/Berlin", "06:00", "23:30", days=ALL_DAYS, quiet_hours=("22:00", "07:00"))
    slots = find_slots(
        late, always(), request(dt.datetime(2026, 6, 1, tzinfo=UTC), duration_minutes=30)
    )
    local = {s.local[0].hour * 60 + s.local[0].minute for s in slots}
    assert min(local) == 7 * 60 and max(local) + 30 <= 22 * 60


def test_soft_blocks_are_avoided_but_offered_and_hard_ones_never() -> None:
    caregiving = Block(WEEKDAYS, "09:00", "12:00", hard=False, label="caregiving")
    school = Block(WEEKDAYS, "12:00", "13:00", hard=True, label="homeschooling")
    parent = office("Europe/London", blocks=(caregiving, school))
    slots = find_slots(
        parent, office("Europe/London"), request(dt.datetime(2026, 6, 1, tzinfo=UTC))
    )
    assert slots[0].soft_conflicts == ()
    assert any(s.soft_conflicts == ("caregiving",) for s in slots)
    assert all(
        not (12 * 60 - 60 < s.local[0].hour * 60 + s.local[0].minute < 13 * 60) for s in slots
    )


def test_busy_time_buffers_notice_overrides_and_the_usual_time() -> None:
    now = dt.datetime(2026, 6, 1, 8, tzinfo=UTC)  # a Monday
    meeting = (dt.datetime(2026, 6, 3, 10, tzinfo=UTC), dt.datetime(2026, 6, 3, 11, tzinfo=UTC))
    away = Override(dt.date(2026, 6, 4))  # no windows on Thursday
    first = office("UTC", busy=(meeting,), overrides=(away,))
    slots = find_slots(first, office("UTC"), SlotRequest(now=now, limit=500, usual=(1, "15:00")))
    starts = [s.start for s in slots]
    assert min(starts) >= now + dt.timedelta(hours=24)  # minimum notice
    assert not any(
        dt.datetime(2026, 6, 3, 9, 0, 1, tzinfo=UTC)
        <= s
        < dt.datetime(2026, 6, 3, 11, 15, tzinfo=UTC)
        for s in starts
    )
    assert not any(s.date() == dt.date(2026, 6, 4) for s in starts)
    assert slots[0].local[0].strftime("%a %H:%M") == "Tue 15:00"  # the pair's usual time first


def test_the_awkward_hour_rotates() -> None:
    london, tokyo = (
        office("Europe/London", "07:00", "19:00"),
        office("Asia/Tokyo", "07:00", "22:00"),
    )
    now = dt.datetime(2026, 6, 1, tzinfo=UTC)
    spare_london = find_slots(london, tokyo, request(now, last_inconvenienced=0))[0]
    spare_tokyo = find_slots(london, tokyo, request(now, last_inconvenienced=1))[0]
    assert spare_london.local[0].hour >= 9  # London took the early hour last time
    assert spare_tokyo.local[1].hour < 17  # Tokyo took the late hour last time


ZONES = (
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "UTC",
)
CLOCKS = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 15, 30, 45)]


@st.composite
def calendars(draw) -> Calendar:
    windows = []
    for day in draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True)):
        start = draw(st.integers(0, 22 * 4)) * 15
        end = draw(st.integers(start // 15 + 2, 24 * 4)) * 15
        windows.append(
            (day, f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}")
        )
    blocks = tuple(
        Block(
            tuple(draw(st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True))),
            draw(st.sampled_from(CLOCKS)),
            draw(st.sampled_from(CLOCKS)),
            hard=True,
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    return Calendar(draw(st.sampled_from(ZONES)), tuple(windows), blocks=blocks)


def allowed_at(calendar: Calendar, moment: dt.datetime) -> bool:
    """An independent, minute-by-minute oracle on the person's own clock."""
    return in_window_at(calendar, moment) and not hard_block_at(calendar, moment)


def in_window_at(calendar: Calendar, moment: dt.datetime) -> bool:
    local = moment.astimezone(zoneinfo.ZoneInfo(calendar.zone))
    now_minutes = local.hour * 60 + local.minute
    return any(
        d == local.weekday() and minutes(a) <= now_minutes < minutes(b)
        for d, a, b in calendar.windows
    )


def hard_block_at(calendar: Calendar, moment: dt.datetime) -> bool:
    local = moment.astimezone(zoneinfo.ZoneInfo(calendar.zone))
    now_minutes = local.hour * 60 + local.minute
    yesterday = (local.weekday() - 1) % 7
    for block in calendar.blocks:
        begin, end = minutes(block.start), minutes(block.end)
        if begin < end and local.weekday() in block.days and begin <= now_minutes < end:
            return True
        if end <= begin and (
            (local.weekday() in block.days and now_minutes >= begin)
            or (yesterday in block.days and now_minutes < end)
        ):
            return True
    return False


@settings(max_examples=60, deadline=None)
@given(first=calendars(), second=calendars(), day=st.integers(0, 364), hour=st.integers(0, 23))
def test_every_slot_fits_both_windows_and_no_hard_boundary(first, second, day, hour) -> None:
    now = dt.datetime(2026, 1, 1, hour, tzinfo=UTC) + dt.timedelta(days=day)
    for slot in find_slots(first, second, SlotRequest(now=now, duration_minutes=30, limit=40)):
        moment = slot.start
        while moment < slot.end:
            # Check each quarter hour of the slot on both people's own clocks.
            assert allowed_at(first, moment) and allowed_at(second, moment), (slot, moment)
            moment += dt.timedelta(minutes=15)
        for calendar, local in zip((first, second), slot.local, strict=True):
            assert local.tzinfo is not None and local.astimezone(UTC) == slot.start
            assert (
                local.utcoffset()
                == slot.start.astimezone(zoneinfo.ZoneInfo(calendar.zone)).utcoffset()
            )


@st.composite
def busy_calendars(draw, start: dt.datetime) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    """Random busy time from a person's own calendar over two weeks: odd
    lengths and odd starts, some overlapping, as real calendars are."""
    events = draw(
        st.lists(st.tuples(st.integers(0, 14 * 24 * 60), st.integers(1, 8 * 60)), max_size=40)
    )
    return tuple(
        (start + dt.timedelta(minutes=at), start + dt.timedelta(minutes=at + length))
        for at, length in events
    )


NOW = dt.datetime(2027, 3, 20, 8, 7, tzinfo=UTC)  # the week both clock changes fall in


@settings(max_examples=80, deadline=None)
@given(
    zones=st.sampled_from(
        [("Europe/London", "Asia/Kolkata"), ("America/New_York", "Europe/Berlin"),
         ("Pacific/Auckland", "America/Los_Angeles"), ("Asia/Tokyo", "UTC")]
    ),
    first_busy=busy_calendars(NOW), second_busy=busy_calendars(NOW),
)  # fmt: skip
def test_no_slot_touches_either_persons_calendar_busy_time(zones, first_busy, second_busy):
    first = replace(always(zones[0]), calendar_busy=first_busy)
    second = replace(always(zones[1]), calendar_busy=second_busy)
    request = SlotRequest(now=NOW, duration_minutes=45, limit=500, min_notice=dt.timedelta(0))
    for slot in find_slots(first, second, request):
        moment = slot.start
        while moment < slot.end:  # every minute of the slot, against every busy interval
            assert not any(a <= moment < b for a, b in (*first_busy, *second_busy)), (slot, moment)
            moment += dt.timedelta(minutes=1)
