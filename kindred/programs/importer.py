"""Parse and validate an HR export of people (CSV or .xlsx), without touching the
database. Every row is checked and every problem reported with its line and
column, so a manager can fix the whole file in one pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import ngettext

from kindred.accounts.models import User
from kindred.lib.errors import InvalidInput
from kindred.lib.languages import parse_language_list
from kindred.lib.phrases import Phrase, phrase
from kindred.lib.text import SINGLE_LINE_MESSAGE, has_hidden_characters
from kindred.lib.timezones import canonical_zone, is_valid_zone
from kindred.programs.models import Role
from kindred.programs.spreadsheets import Unreadable, column_name, read_table

Fail = Callable[[str, Phrase], None]

REQUIRED_COLUMNS = ("email", *User.HR_FIELDS, *User.SELF_OWNED_FIELDS)
OPTIONAL_COLUMNS = ("role",)
MAX_LENGTHS = {"full_name": 150, "title": 150, "department": 150, "location": 150, "email": 254}


@dataclass(frozen=True)
class RowError:
    line: int  # line in the file as a spreadsheet shows it; the header is line 1
    column: str
    # Kept as a phrase: the scheduled roster pull stores it for admins who
    # each read it in their own language.
    words: Phrase

    @property
    def message(self) -> str:
        return str(self.words)

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class PersonRow:
    line: int
    email: str
    full_name: str
    title: str
    level: int | None
    department: str
    manager_email: str
    location: str
    timezone: str
    languages: list[str]
    role: str  # "" when the row only adds the person to the directory


@dataclass
class ParsedFile:
    rows: list[PersonRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[Phrase] = field(default_factory=list)  # how the file was read


def nothing_imported(problems: int) -> str:
    """What an import with problems says: nothing of it was imported."""
    return ngettext(
        "The file has %(count)s problem; nothing was imported.",
        "The file has %(count)s problems; nothing was imported.",
        problems,
    ) % {"count": problems}


def file_refused(notes: list[Phrase], errors: list[RowError]) -> InvalidInput:
    """The refusal of a file with problems, each by line; how the file was
    read comes first, as it often explains them."""
    return InvalidInput(
        " ".join([*map(str, notes), nothing_imported(len(errors))]),
        errors=[error.as_dict() for error in sorted(errors, key=lambda error: error.line)],
    )


@dataclass
class Lines:
    """A file's lines with words in them, each as its cells by column name."""

    values: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line, cells)
    errors: list[RowError] = field(default_factory=list)
    notes: list[Phrase] = field(default_factory=list)  # how the file was read


def table_lines(
    data: bytes,
    *,
    filename: str,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    max_rows: int,
) -> Lines:
    """Read a CSV (in any of the ways spreadsheets save it) or an .xlsx
    workbook, check its header, and give each line's stripped cells by
    column; lines with the wrong number of cells, or past `max_rows`, are
    errors."""
    found = Lines()
    try:
        table = read_table(data, filename)
    except Unreadable as exc:
        found.errors.append(RowError(0, "", exc.words))
        return found
    found.notes = table.notes
    rows = iter(table.rows)
    header = [column_name(name) for name in next(rows, [])]
    found.errors += header_problems(header, required, optional)
    if found.errors:
        return found
    for index, cells in enumerate(rows):
        line = index + 2
        if not any(cell.strip() for cell in cells):
            continue
        if len(found.values) + len(found.errors) >= max_rows:
            too_many = phrase("The file has more than %(rows)s rows.", rows=max_rows)
            found.errors.append(RowError(line, "", too_many))
            break
        if len(cells) != len(header):
            expected = phrase(
                "Expected %(expected)s cells, found %(found)s.",
                expected=len(header),
                found=len(cells),
            )
            found.errors.append(RowError(line, "", expected))
            continue
        found.values.append((line, {n: c.strip() for n, c in zip(header, cells, strict=True)}))
    return found


def parse_people(data: bytes, *, filename: str = "", max_rows: int = 50_000) -> ParsedFile:
    """Validate an HR export (CSV or .xlsx): every row checked, every
    problem named."""
    lines = table_lines(
        data,
        filename=filename,
        required=REQUIRED_COLUMNS,
        optional=OPTIONAL_COLUMNS,
        max_rows=max_rows,
    )
    result = ParsedFile(errors=lines.errors, notes=lines.notes)
    seen_emails: dict[str, int] = {}
    for line, values in lines.values:
        _parse_row(line, values, seen_emails, result)
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, "", phrase("The file has a header but no people.")))
    return result


def header_problems(
    header: list[str], required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[RowError]:
    """What is wrong with a file's header line: columns unknown, missing or twice."""
    errors = [
        RowError(1, name, phrase("Unknown column “%(name)s”.", name=name))
        for name in header
        if name not in required and name not in optional
    ]
    errors += [
        RowError(1, name, phrase("Missing column “%(name)s”.", name=name))
        for name in required
        if name not in header
    ]
    duplicated = {name for name in header if header.count(name) > 1}
    errors += [
        RowError(1, name, phrase("Column “%(name)s” appears more than once.", name=name))
        for name in sorted(duplicated)
    ]
    return errors


def _parse_row(
    line: int, values: dict[str, str], seen_emails: dict[str, int], result: ParsedFile
) -> None:
    errors: list[RowError] = []

    def fail(column: str, words: Phrase) -> None:
        errors.append(RowError(line, column, words))

    for column, limit in MAX_LENGTHS.items():
        if len(values[column]) > limit:
            fail(column, phrase("Longer than %(limit)s characters.", limit=limit))
        elif has_hidden_characters(values[column]):
            fail(column, Phrase(SINGLE_LINE_MESSAGE))
    email = values["email"].lower()
    check_email(email, "email", fail, required=True)
    if email in seen_emails:
        fail("email", phrase("Duplicate of line %(line)s.", line=seen_emails[email]))
    elif email:
        seen_emails[email] = line
    manager_email = values["manager_email"].lower()
    check_email(manager_email, "manager_email", fail, required=False)
    if manager_email and manager_email == email:
        fail("manager_email", phrase("A person cannot be their own manager."))
    if not values["full_name"]:
        fail("full_name", phrase("A name is required."))
    level = parse_level(values["level"], fail)
    zone = canonical_zone(values["timezone"])
    if not is_valid_zone(zone):
        fail(
            "timezone",
            phrase("“%(zone)s” is not an IANA time zone such as Europe/London.", zone=zone),
        )
    languages, unknown = parse_language_list(values["languages"])
    if unknown:
        fail(
            "languages",
            phrase(
                "Unknown language codes: %(codes)s (use ISO 639-1, e.g. en).",
                codes=", ".join(unknown),
            ),
        )
    role = values.get("role", "").lower()
    if role and role not in Role.values:
        fail("role", phrase("Role must be mentor, mentee or empty."))
    if errors:
        result.errors.extend(errors)
        return
    result.rows.append(
        PersonRow(
            line=line,
            email=email,
            full_name=values["full_name"],
            title=values["title"],
            level=level,
            department=values["department"],
            manager_email=manager_email,
            location=values["location"],
            timezone=zone,
            languages=languages,
            role=role,
        )
    )


def check_email(value: str, column: str, fail: Fail, *, required: bool) -> None:
    if not value:
        if required:
            fail(column, phrase("An e-mail address is required."))
        return
    try:
        validate_email(value)
    except ValidationError:
        fail(column, phrase("“%(address)s” is not a valid e-mail address.", address=value))


def parse_level(raw: str, fail: Fail, column: str = "level") -> int | None:
    if not raw:
        return None
    try:
        level = int(raw)
    except ValueError:
        fail(column, phrase("“%(level)s” is not a whole number.", level=raw))
        return None
    if not 0 <= level <= 50:
        fail(column, phrase("Level must be between 0 and 50."))
        return None
    return level
