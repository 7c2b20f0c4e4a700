"""Parse an HR history export: one dated change a row (who joined, who
left and why, level, department and location changes), years back, so
that outcomes can compare participants with colleagues on what was known
before a programme and on what happened after. Like the people import it
reads CSV or .xlsx, touches no database, and names every problem by line
and column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kindred.accounts.models import HrChange
from kindred.lib.phrases import Phrase, phrase
from kindred.lib.text import SINGLE_LINE_MESSAGE, has_hidden_characters
from kindred.programs.importer import Fail, RowError, check_email, parse_level, table_lines

COLUMNS = ("email", "date", "event", "value")
NAMED = (HrChange.Kind.DEPARTMENT, HrChange.Kind.LOCATION)  # the value is a name
MAX_VALUE = 150


@dataclass(frozen=True)
class HistoryRow:
    line: int
    email: str
    on: dt.date
    kind: str
    value: str


@dataclass
class ParsedHistory:
    rows: list[HistoryRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[Phrase] = field(default_factory=list)


def parse_history(
    data: bytes, *, today: dt.date, filename: str = "", max_rows: int = 1_000_000
) -> ParsedHistory:
    lines = table_lines(data, filename=filename, required=COLUMNS, max_rows=max_rows)
    result = ParsedHistory(errors=lines.errors, notes=lines.notes)
    seen: dict[tuple[str, str, dt.date], int] = {}
    for line, values in lines.values:
        _parse_row(line, values, today, seen, result)
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, "", phrase("The file has a header but no changes.")))
    return result


def _parse_row(
    line: int,
    values: dict[str, str],
    today: dt.date,
    seen: dict[tuple[str, str, dt.date], int],
    result: ParsedHistory,
) -> None:
    errors: list[RowError] = []

    def fail(column: str, words: Phrase) -> None:
        errors.append(RowError(line, column, words))

    email = values["email"].lower()
    check_email(email, "email", fail, required=True)
    on = _date(values["date"], today, fail)
    kind = values["event"].lower()
    if kind not in HrChange.Kind.values:
        fail("event", phrase("The event is one of hired, left, level, department or location."))
    value = _value(kind, values["value"], fail)
    if on is not None:
        first = seen.setdefault((email, kind, on), line)
        if first != line:
            fail("event", phrase("Duplicate of line %(line)s.", line=first))
    if errors or on is None:
        result.errors += errors
        return
    result.rows.append(HistoryRow(line, email, on, kind, value))


def _date(raw: str, today: dt.date, fail: Fail) -> dt.date | None:
    try:
        on = dt.date.fromisoformat(raw)
    except ValueError:
        fail("date", phrase("“%(date)s” is not a date written as 2024-03-31.", date=raw))
        return None
    if on > today:
        fail("date", phrase("The date is in the future."))
        return None
    return on


def _value(kind: str, raw: str, fail: Fail) -> str:
    """The change's value as kept: a level's number, a leaver's reason
    (unknown when not given), a department's or location's name."""
    if kind == HrChange.Kind.LEVEL:
        level = parse_level(raw, fail, column="value")
        if level is None and not raw:
            fail("value", phrase("A level change needs the new level."))
        return "" if level is None else str(level)
    if kind == HrChange.Kind.LEFT:
        reason = raw.lower() or HrChange.LeaveReason.UNKNOWN
        if reason not in HrChange.LeaveReason.values:
            fail("value", phrase("A reason for leaving is voluntary, involuntary or unknown."))
        return reason
    if kind in NAMED:
        if not raw:
            fail("value", phrase("A department or location change needs the new name."))
        elif len(raw) > MAX_VALUE:
            fail("value", phrase("Longer than %(limit)s characters.", limit=MAX_VALUE))
        elif has_hidden_characters(raw):
            fail("value", Phrase(SINGLE_LINE_MESSAGE))
        return raw
    return ""  # joining needs no value
