"""HR exports as people really send them, read into rows of text.

Excel in most of Europe saves "CSV" with semicolons; "Unicode text" is
UTF-16 with tabs; many exports start with a byte-order mark; HR systems name
columns "Full Name" or "Time zone"; and most HR teams simply send an .xlsx.
This module finds the format (an .xlsx workbook, else the encoding from the
byte-order mark or the pattern of zero bytes, else UTF-8) and the delimiter
(the one that splits the header into the most known columns), and when it
cannot read a file says why in one line."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from kindred.lib.phrases import Phrase, SaidInWords, phrase

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
DELIMITERS = {",": gettext_noop("comma"), ";": gettext_noop("semicolon"), "\t": gettext_noop("tab")}

# The names HR systems and spreadsheets give the columns Kindred reads.
ALIASES = {
    "email": ("email", "e_mail", "email_address", "e_mail_address", "work_email", "mail"),
    "full_name": ("full_name", "name", "fullname", "display_name", "employee_name"),
    "title": ("title", "job_title", "position", "role_title"),
    "level": ("level", "grade", "job_level"),
    "department": ("department", "dept", "team", "business_unit"),
    "manager_email": ("manager_email", "manager_e_mail", "manager", "line_manager_email"),
    "location": ("location", "office", "city", "site"),
    "timezone": ("timezone", "time_zone", "tz"),
    "languages": ("languages", "language", "spoken_languages"),
    "role": ("role", "programme_role", "mentoring_role"),
}
_CANONICAL = {alias: name for name, aliases in ALIASES.items() for alias in aliases}


class Unreadable(SaidInWords, ValueError):
    """The file cannot be read as a table; `words` say why in one line."""


@dataclass
class Table:
    rows: list[list[str]]
    notes: list[Phrase] = field(default_factory=list)  # how it was read, for the person


def column_name(raw: str) -> str:
    """A header cell as Kindred names the column: `Full Name` is full_name."""
    key = re.sub(r"[^a-z0-9]+", "_", raw.strip().lower()).strip("_")
    return _CANONICAL.get(key, key)


def read_table(data: bytes, filename: str = "") -> Table:
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return _workbook(data)
    text, encoding = _decode(data)
    delimiter = _delimiter(text)
    notes = (
        [phrase("This file is %(encoding)s: we read it as such.", encoding=encoding)]
        if encoding == "UTF-16"
        else []
    )
    if delimiter != ",":
        notes.append(
            phrase(
                "This looks like a %(delimiter)s-separated file: we read it as such.",
                delimiter=Phrase(DELIMITERS[delimiter]),
            )
        )
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise Unreadable(phrase("Malformed CSV: %(error)s.", error=str(exc))) from exc
    return Table(rows, notes)


def _decode(data: bytes) -> tuple[str, str]:
    for mark, codec, name in BOMS:
        if data.startswith(mark):
            return _decoded(data, codec, name), name
    if _looks_like_utf16(data):
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return _decoded(data, codec, "UTF-16"), "UTF-16"
    if b"\x00" in data:
        raise Unreadable(
            phrase("The file contains NUL bytes and is not UTF-16: export it again as CSV.")
        )
    return _decoded(data, "utf-8", "UTF-8"), "UTF-8"


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: text in Latin letters has a zero in
    every other byte, on one side only."""
    sample = data[:200]
    half = len(sample) // 2
    zeros = sorted((sample[0::2].count(0), sample[1::2].count(0)))
    return zeros[1] >= max(2, 0.4 * half) and zeros[0] <= 0.1 * half


def _decoded(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise Unreadable(
            phrase(
                "The file is not %(encoding)s text (bad byte at position %(position)s): save it "
                'as "CSV UTF-8" or as an Excel workbook (.xlsx) and try again.',
                encoding=name,
                position=exc.start,
            )
        ) from exc


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    known = set(ALIASES)

    def score(delimiter: str) -> int:
        return sum(column_name(cell) in known for cell in header.split(delimiter))

    return max(DELIMITERS, key=lambda d: (score(d), d == ","))


def _workbook(data: bytes) -> Table:
    from openpyxl import load_workbook  # only workbooks pay for loading it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Unreadable(
            phrase("This Excel file could not be read (%(error)s): save it again.", error=str(exc))
        ) from exc
    try:
        sheet = book.worksheets[0]
        rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return Table(
        _trimmed(rows),
        [phrase("Read the first sheet, “%(sheet)s”, of the workbook.", sheet=sheet.title)],
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _trimmed(rows: Iterable[list[str]]) -> list[list[str]]:
    """Without the empty columns a sheet carries on its right."""
    rows = list(rows)
    width = max((i + 1 for row in rows for i, cell in enumerate(row) if cell.strip()), default=0)
    return [row[:width] + [""] * (width - len(row[:width])) for row in rows]
