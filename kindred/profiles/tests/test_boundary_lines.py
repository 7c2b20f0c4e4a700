"""Off-limits hours written as lines: what people type, what is refused,
and that a profile's boundaries survive the trip to lines and back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindred.profiles.logistics import (
    BLOCK_LABELS,
    Block,
    LogisticsError,
    boundary_lines,
    parse_boundary_lines,
)


def test_the_lines_people_write() -> None:
    rules = parse_boundary_lines(
        "Quiet hours 22:00-07:00\n"
        "\n"
        "School run Mon-Fri 15:00\u201316:00\n"  # an en dash, as phones type it
        "Gym tue, THURSDAY 18:00-19:30 (flexible)\n"
        "Family dinner every day 19:00-20:00\n"
        "Church Sun 9:00-11:00\n"
        "Night shift Fri-Mon 23:00-06:00\n"
    )
    assert rules["quiet_hours"] == {"start": "22:00", "end": "07:00"}
    assert [(b["label"], b["days"], b["start"], b["end"], b["hard"]) for b in rules["blocks"]] == [
        ("School run", [0, 1, 2, 3, 4], "15:00", "16:00", True),
        ("Gym", [1, 3], "18:00", "19:30", False),
        ("Family dinner", [0, 1, 2, 3, 4, 5, 6], "19:00", "20:00", True),
        ("Church", [6], "09:00", "11:00", True),
        ("Night shift", [0, 4, 5, 6], "23:00", "06:00", True),  # the range wraps the week
    ]
    assert parse_boundary_lines("  \n") == {"quiet_hours": None, "blocks": []}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Evenings after 19:00", r"Line 1 \('Evenings after 19:00'\): write it like"),
        ("Quiet hours 22:00-07:00\nGym Funday 18:00-19:00", "Line 2.*'Funday' is not a day"),
        ("Gym Mon 25:00-26:00", "not a time of day"),
        ("Gym Mon 18:00-18:00", "must not start and end at the same time"),
        ("Quiet hours 22:00-07:00\nQuiet hours 23:00-06:00", "already given"),
        ("Quiet hours late", "not a range"),
        ("\n".join(["Gym Mon 18:00-19:00"] * 21), "at most 20 lines"),
    ],
)
def test_lines_that_do_not_parse_are_refused_with_their_number(text: str, message: str) -> None:
    with pytest.raises(LogisticsError, match=message):
        parse_boundary_lines(text)


clock = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 15, 30]))
block = st.builds(
    lambda label, days, start, end, hard: Block(
        label=label, days=sorted(days), start=start, end=end, hard=hard
    ),
    st.sampled_from(sorted(BLOCK_LABELS)),
    st.sets(st.integers(0, 6), min_size=1),
    clock,
    clock,
    st.booleans(),
).filter(lambda b: b["start"] != b["end"])
quiet = st.none() | st.builds(lambda a, b: {"start": a, "end": b}, clock, clock).filter(
    lambda q: q["start"] != q["end"]
)


@given(quiet, st.lists(block, max_size=6))
def test_profile_boundaries_round_trip_through_lines(
    quiet_hours: dict[str, str] | None, blocks: list[Block]
) -> None:
    assert parse_boundary_lines(boundary_lines(quiet_hours, blocks)) == {
        "quiet_hours": quiet_hours,
        "blocks": blocks,
    }
