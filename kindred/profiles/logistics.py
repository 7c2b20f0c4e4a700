"""Weekly windows and boundary blocks in local time: parsing and validation.

Pure functions on plain data. Times are "HH:MM" strings in the person's own
IANA zone; days are 0 (Monday) to 6 (Sunday). Working windows lie inside a
day (end may be "24:00"); boundary blocks and quiet hours may cross midnight
(end earlier than start)."""

from __future__ import annotations

import itertools
import re
from typing import Any, TypedDict

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.profiles import boundary_words

SYNC_CHANNELS = {
    "video": gettext_lazy("Video call"),
    "phone": gettext_lazy("Phone"),
    "internal": gettext_lazy("Internal system"),
}
ASYNC_CHANNELS = {
    "email": gettext_lazy("E-mail"),
    "messages": gettext_lazy("In-app messages"),
    "linkedin": "LinkedIn",
}
BLOCK_LABELS = {
    "caregiving": gettext_lazy("Caregiving"),
    "homeschooling": gettext_lazy("Homeschooling"),
    "personal": gettext_lazy("Personal"),
}

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")
# People type an en dash as often as a hyphen between two times.
_RANGE = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-\u2013]\s*(\d{1,2}:\d{2})\s*$")


class LogisticsError(ValueError):
    pass


class Window(TypedDict):
    day: int
    start: str
    end: str


class Block(TypedDict):
    label: str
    days: list[int]
    start: str
    end: str
    hard: bool


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def normalise_clock(raw: str) -> str:
    text = raw.strip()
    if re.fullmatch(r"\d:\d{2}", text):
        text = "0" + text
    if not _TIME.match(text):
        raise LogisticsError(
            _("%(raw)s is not a time of day (use HH:MM, 24-hour).") % {"raw": repr(raw)}
        )
    return text


def parse_day_windows(day: int, text: str) -> list[Window]:
    """Parse "09:00-12:00, 13:30-17:00" for one day; an empty text means no work."""
    windows: list[Window] = []
    for part in filter(None, (chunk.strip() for chunk in text.split(","))):
        match = _RANGE.match(part)
        if not match:
            raise LogisticsError(
                _("%(part)s is not a range like 09:00-17:00.") % {"part": repr(part)}
            )
        start, end = normalise_clock(match[1]), normalise_clock(match[2])
        if start == "24:00" or minutes(end) <= minutes(start):
            raise LogisticsError(
                _("%(part)s: a working window must end after it starts.") % {"part": part}
            )
        windows.append({"day": day, "start": start, "end": end})
    windows.sort(key=lambda w: minutes(w["start"]))
    for earlier, later in itertools.pairwise(windows):
        if minutes(later["start"]) < minutes(earlier["end"]):
            raise LogisticsError(_("Working windows on the same day must not overlap."))
    return windows


def format_day_windows(windows: list[Window], day: int) -> str:
    return ", ".join(f"{w['start']}-{w['end']}" for w in windows if w["day"] == day)


def weekly_hours(windows: list[Window]) -> float:
    return sum(minutes(w["end"]) - minutes(w["start"]) for w in windows) / 60


def validate_windows(raw: Any) -> list[Window]:
    if not isinstance(raw, list) or len(raw) > 7 * 6:
        raise LogisticsError(_("Working windows must be a list of at most 42 windows."))
    by_day: dict[int, list[str]] = {}
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"day", "start", "end"}:
            raise LogisticsError(_("Each working window needs exactly day, start and end."))
        day = item["day"]
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise LogisticsError(_("A window's day must be 0 (Monday) to 6 (Sunday)."))
        if not isinstance(item["start"], str) or not isinstance(item["end"], str):
            raise LogisticsError(_("Window start and end must be HH:MM strings."))
        by_day.setdefault(day, []).append(f"{item['start']}-{item['end']}")
    result: list[Window] = []
    for day in sorted(by_day):
        result.extend(parse_day_windows(day, ", ".join(by_day[day])))
    return result


def validate_block(raw: Any) -> Block:
    if not isinstance(raw, dict):
        raise LogisticsError(_("A boundary block must be an object."))
    label = raw.get("label")
    if label not in BLOCK_LABELS:
        raise LogisticsError(
            _("A block's label must be one of %(labels)s.") % {"labels": ", ".join(BLOCK_LABELS)}
        )
    days = raw.get("days")
    if (
        not isinstance(days, list)
        or not days
        or any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in days)
    ):
        raise LogisticsError(_("A block needs at least one day, each 0 (Monday) to 6 (Sunday)."))
    start, end = (
        normalise_clock(str(raw.get("start", ""))),
        normalise_clock(str(raw.get("end", ""))),
    )
    if start == end:
        raise LogisticsError(_("A block must not start and end at the same time."))
    hard = raw.get("hard", True)
    if not isinstance(hard, bool):
        raise LogisticsError(_("A block's hard flag must be true or false."))
    return {"label": label, "days": sorted(set(days)), "start": start, "end": end, "hard": hard}


def validate_quiet_hours(raw: Any) -> dict[str, str] | None:
    if raw in (None, {}):
        return None
    if not isinstance(raw, dict) or set(raw) != {"start", "end"}:
        raise LogisticsError(_("Quiet hours need a start and an end."))
    start, end = normalise_clock(str(raw["start"])), normalise_clock(str(raw["end"]))
    if start == end:
        raise LogisticsError(_("Quiet hours must not start and end at the same time."))
    return {"start": start, "end": end}


def validate_channels(raw: Any, allowed: dict[str, Any], what: str) -> list[str]:
    if not isinstance(raw, list) or any(not isinstance(c, str) for c in raw):
        raise LogisticsError(_("%(what)s must be a list of channel names.") % {"what": what})
    unknown = [c for c in raw if c not in allowed]
    if unknown:
        raise LogisticsError(
            _("%(what)s: %(unknown)s is not one of the choices.")
            % {"what": what, "unknown": ", ".join(unknown)}
        )
    if len(set(raw)) != len(raw):
        raise LogisticsError(_("%(what)s: list each one once.") % {"what": what})
    return list(raw)


# --- boundaries written as lines -------------------------------------------------
# The engagement agreement records each person's off-limits hours as a few
# readable lines both people can edit and sign, e.g.
#     Quiet hours 22:00-07:00
#     School run Mon-Fri 15:00-16:00
#     Gym Tue, Thu 18:00-19:30 (flexible)
# or the same in any language Kindred speaks ("Ruhezeit 22:00-07:00",
# kindred.profiles.boundary_words). The same lines are parsed back so that
# what was signed drives scheduling and notification timing.

MAX_BOUNDARY_LINES = 20
# How a line is written, in the reader's language (for help texts).
LINE_EXAMPLE = lazy(boundary_words.example, str)()


class Boundaries(TypedDict):
    quiet_hours: dict[str, str] | None
    blocks: list[Block]


def _day(token: str) -> int:
    number = boundary_words.day_number(token)
    if number is None:
        raise LogisticsError(_("%(day)s is not a day of the week.") % {"day": repr(token.strip())})
    return number


def _days(text: str) -> list[int]:
    """'Mon, Wed', 'Mon-Fri' (a range may wrap: 'Fri-Mon'), 'weekdays', in
    any language Kindred speaks ('Mo-Fr', '月〜金')."""
    named = boundary_words.vocabulary().day_sets.get(text.lower())
    if named is not None:
        return list(named)
    days: set[int] = set()
    for part in re.split(r"[,\u3001\u060c]", text):
        ends = [_day(token) for token in re.split(r"[-\u2013~\u301c]", part)]
        first, last = ends[0], ends[-1]
        days.update((first + step) % 7 for step in range((last - first) % 7 + 1))
    return sorted(days)


def parse_boundary_lines(text: str) -> Boundaries:
    """Read off-limits hours written as lines; a line that does not parse is
    refused with its number, so nothing signed is silently ignored."""
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(lines) > MAX_BOUNDARY_LINES:
        raise LogisticsError(_("Write at most %(lines)s lines.") % {"lines": MAX_BOUNDARY_LINES})
    result: Boundaries = {"quiet_hours": None, "blocks": []}
    for number, line in lines:
        try:
            _read_line(line, result)
        except LogisticsError as error:
            raise LogisticsError(
                _("Line %(number)s (%(line)s): %(error)s")
                % {"number": number, "line": repr(line), "error": error}
            ) from None
    return result


def _read_line(line: str, into: Boundaries) -> None:
    quiet_line, block_line = boundary_words.patterns()
    quiet = quiet_line.match(line)
    if quiet:
        if into["quiet_hours"] is not None:
            raise LogisticsError(_("quiet hours are already given on an earlier line."))
        start, end = _clock_range(quiet[1])
        into["quiet_hours"] = validate_quiet_hours({"start": start, "end": end})
        return
    block = block_line.match(line)
    if block is None:
        raise LogisticsError(_("write it like %(example)s.") % {"example": LINE_EXAMPLE})
    start, end = normalise_clock(block["start"]), normalise_clock(block["end"])
    if start == end:
        raise LogisticsError(_("it must not start and end at the same time."))
    into["blocks"].append(
        {
            "label": _label_key(block["label"].strip()[:60]),
            "days": _days(block["days"]),
            "start": start,
            "end": end,
            "hard": block["soft"] is None,
        }
    )


def _label_key(label: str) -> str:
    """A profile's own labels ('Caregiving', 'Betreuung') map back to their keys."""
    return boundary_words.vocabulary().labels.get(label.lower(), label)


def _clock_range(text: str) -> tuple[str, str]:
    match = _RANGE.match(text)
    if not match:
        raise LogisticsError(_("%(text)s is not a range like 22:00-07:00.") % {"text": repr(text)})
    return normalise_clock(match[1]), normalise_clock(match[2])


def boundary_lines(quiet_hours: dict[str, str] | None, blocks: list[Block]) -> str:
    """The inverse of `parse_boundary_lines`: a profile's boundaries as
    lines, in the reader's language (any language reads back the same)."""
    lines = (
        [boundary_words.quiet_line(quiet_hours["start"], quiet_hours["end"])] if quiet_hours else []
    )
    for block in blocks:
        key = block["label"]
        label = str(BLOCK_LABELS[key]) if key in BLOCK_LABELS else key
        lines.append(
            boundary_words.block_line(
                label, block["days"], block["start"], block["end"], hard=block.get("hard", True)
            )
        )
    return "\n".join(lines)
