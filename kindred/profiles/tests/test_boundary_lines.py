"""Off-limits hours written as lines: what people type, what is refused,
and that a profile's boundaries survive the trip to lines and back."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation
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


LANGUAGES = [code for code, _name in settings.LANGUAGES]


@given(quiet, st.lists(block, max_size=6), st.sampled_from(LANGUAGES), st.sampled_from(LANGUAGES))
def test_profile_boundaries_round_trip_through_lines_in_any_language(
    quiet_hours: dict[str, str] | None, blocks: list[Block], written: str, read: str
) -> None:
    """Lines written for a reader of one language are read back the same by
    a reader of any other (the partner signs what the mentee wrote)."""
    with translation.override(written):
        lines = boundary_lines(quiet_hours, blocks)
    with translation.override(read):
        assert parse_boundary_lines(lines) == {"quiet_hours": quiet_hours, "blocks": blocks}


@pytest.mark.parametrize(
    "lines",
    [
        "Ruhezeit 22:00-07:00\nKita Mo-Fr 15:00-16:00 (flexibel)\nSport Di, Do 18:00-19:30",
        "Heures calmes 22:00-07:00\nÉcole lun-ven 15:00-16:00 (souple)\nSport mar, jeu 18:00-19:30",
        # Full-width brackets and a Japanese comma, as a Japanese keyboard types them.
        "静かな時間 22:00-07:00\n学校の送迎 月〜金 15:00〜16:00\uff08調整可\uff09\n"
        "ジム 火\u3001木 18:00-19:30",
        "ساعات الهدوء 22:00-07:00\nالمدرسة إثنين-جمعة 15:00-16:00 (مرن)\n"  # noqa: RUF001
        "رياضة ثلاثاء\u060c خميس 18:00-19:30",
        "शांत घंटे 22:00-07:00\nस्कूल सोम-शुक्र 15:00-16:00 (लचीला)\nजिम मंगल, गुरू 18:00-19:30",
    ],
)
def test_lines_written_in_another_language_mean_the_same(lines: str) -> None:
    rules = parse_boundary_lines(lines)
    assert rules["quiet_hours"] == {"start": "22:00", "end": "07:00"}
    assert [(b["days"], b["start"], b["hard"]) for b in rules["blocks"]] == [
        ([0, 1, 2, 3, 4], "15:00", False),
        ([1, 3], "18:00", True),
    ]


def test_a_profile_label_given_in_a_language_is_its_key_and_the_example_is_the_readers() -> None:
    from kindred.profiles.logistics import LINE_EXAMPLE

    assert parse_boundary_lines("Betreuung werktags 08:00-09:00")["blocks"][0]["label"] == (
        "caregiving"
    )
    with translation.override("de"):
        assert (
            str(LINE_EXAMPLE)
            == "„Ruhezeit 22:00-07:00“ oder „Schulweg Mo-Fr 15:00-16:00 (flexibel)“"
        )
        assert parse_boundary_lines("Ruhezeit 22:00-07:00")["quiet_hours"] is not None
    assert str(LINE_EXAMPLE) == (
        "“Quiet hours 22:00-07:00” or “School run Mon-Fri 15:00-16:00 (flexible)”"
    )


def test_a_channel_refusal_keeps_the_readers_capitals() -> None:
    from kindred.profiles.logistics import SYNC_CHANNELS, validate_channels

    with translation.override("de"), pytest.raises(LogisticsError) as refused:
        validate_channels(["pigeon"], SYNC_CHANNELS, "Live-Kanäle")
    assert str(refused.value) == "Live-Kanäle: pigeon ist keine der Auswahlmöglichkeiten."
