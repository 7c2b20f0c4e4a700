"""Times for a group (issue 26: circles and their facilitators): every
suggested time fits every attendee's own windows and boundaries, checked
minute by minute on each person's own clock, for up to eight people in
eight zones across the clock changes; when no time fits everyone, the
times offered stretch some people past their working hours (never through
a hard boundary or a busy time) and say exactly who; and the awkward hour
rotates round the group across a series."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindred.engines.scheduling import SlotRequest, find_group_slots, find_slots
from kindred.engines.scheduling.tests.test_slots import (
    busy_calendars,
    calendars,
    hard_block_at,
    in_window_at,
    office,
)

UTC = dt.UTC
MINUTE = dt.timedelta(minutes=1)
# Weeks in which clocks change somewhere: US and EU springs, the southern autumn.
CHANGE_WEEKS = [
    dt.datetime(2027, 3, 8, 6, tzinfo=UTC),
    dt.datetime(2027, 3, 24, 6, tzinfo=UTC),
    dt.datetime(2027, 4, 1, 6, tzinfo=UTC),
    dt.datetime(2026, 10, 21, 6, tzinfo=UTC),
]


def minutes_of(slot) -> list[dt.datetime]:
    moments, moment = [], slot.start
    while moment < slot.end:
        moments.append(moment)
        moment += MINUTE
    return moments


@settings(max_examples=60, deadline=None)
@given(
    group=st.lists(calendars(), min_size=3, max_size=8),
    now=st.sampled_from(CHANGE_WEEKS),
    length=st.sampled_from([30, 45, 60]),
)
def test_every_group_slot_fits_everyone_or_says_who_it_stretches(group, now, length) -> None:
    request = SlotRequest(now=now, duration_minutes=length, horizon=dt.timedelta(weeks=2), limit=60)
    for slot in find_group_slots(group, request):
        assert len(slot.local) == len(group)
        for moment in minutes_of(slot):
            assert not any(hard_block_at(person, moment) for person in group), (slot, moment)
        for n, person in enumerate(group):
            fits = all(in_window_at(person, moment) for moment in minutes_of(slot))
            assert fits == (n not in slot.stretched), (slot, n)
            assert slot.local[n].astimezone(UTC) == slot.start


@settings(max_examples=40, deadline=None)
@given(
    busy=st.lists(busy_calendars(CHANGE_WEEKS[1]), min_size=3, max_size=8),
    zones=st.permutations(
        ["Europe/London", "America/New_York", "Asia/Kolkata", "Asia/Tokyo",
         "Australia/Sydney", "Europe/Berlin", "America/Sao_Paulo", "UTC"]
    ),
)  # fmt: skip
def test_no_group_slot_touches_anyones_busy_time(busy, zones) -> None:
    group = [
        replace(office(zone, "00:00", "24:00", days=tuple(range(7))), calendar_busy=mine)
        for zone, mine in zip(zones, busy, strict=False)
    ]
    request = SlotRequest(now=CHANGE_WEEKS[1], duration_minutes=45, limit=300)
    for slot in find_group_slots(group, request):
        for moment in minutes_of(slot):
            assert not any(a <= moment < b for mine in busy for a, b in mine), (slot, moment)


def test_when_no_time_fits_everyone_the_stretched_are_named() -> None:
    london, tokyo, delhi = (
        office("Europe/London"), office("Asia/Tokyo"), office("Asia/Kolkata")
    )  # fmt: skip
    request = SlotRequest(now=dt.datetime(2027, 1, 11, tzinfo=UTC), limit=20)
    assert find_slots(london, tokyo, request) == []  # a pair is never stretched
    slots = find_group_slots([london, tokyo, delhi], request)
    assert slots and all(slot.stretched for slot in slots)
    best = slots[0]
    assert len(best.stretched) == 1  # one person stretched beats two
    assert find_group_slots([london, tokyo, delhi], request, stretch=None) == []


def test_a_group_of_five_in_four_zones_meets_inside_everyones_hours() -> None:
    group = [
        office("Europe/London", "08:00", "18:00"),
        office("Europe/Berlin", "08:00", "18:00"),
        office("America/New_York", "08:00", "18:00"),
        office("America/Sao_Paulo", "09:00", "18:00"),
        office("Europe/London", "10:00", "16:00"),
    ]
    slots = find_group_slots(group, SlotRequest(now=dt.datetime(2027, 1, 11, tzinfo=UTC)))
    assert slots and not any(slot.stretched for slot in slots)
    assert all(slot.local[2].hour >= 8 and slot.local[4].hour >= 10 for slot in slots)


def test_the_awkward_hour_rotates_round_the_group() -> None:
    group = [
        office("Europe/London", "07:00", "19:00"),
        office("America/New_York", "07:00", "19:00"),
        office("Asia/Kolkata", "07:00", "22:00"),
    ]
    request = SlotRequest(now=dt.datetime(2027, 1, 11, tzinfo=UTC), limit=1)
    new_york_had_it = find_group_slots(group, request, inconvenienced=[0, 4, 0])[0]
    delhi_had_it = find_group_slots(group, request, inconvenienced=[0, 0, 4])[0]
    # The only common hours are New York's morning and Delhi's evening: the
    # time slides towards whoever has had fewer awkward meetings.
    assert new_york_had_it.local[1].hour >= 9  # New York no longer starts early
    assert delhi_had_it.local[2] < new_york_had_it.local[2]  # Delhi stays less late
    assert delhi_had_it.local[1].hour < 9


def test_a_group_needs_two_people_and_a_count_each() -> None:
    request = SlotRequest(now=dt.datetime(2027, 1, 11, tzinfo=UTC))
    with pytest.raises(ValueError, match="at least two"):
        find_group_slots([office("UTC")], request)
    with pytest.raises(ValueError, match="per person"):
        find_group_slots([office("UTC"), office("UTC")], request, inconvenienced=[1])


def test_a_pair_through_the_group_finder_is_the_pair_finder() -> None:
    first, second = office("Europe/London"), office("America/New_York")
    request = SlotRequest(now=dt.datetime(2027, 3, 8, tzinfo=UTC), limit=30)
    assert find_group_slots([first, second], request) == find_slots(first, second, request)
