"""Imports as people really send them (issue 30, point 12): Excel's
semicolon CSV, UTF-16 "Unicode text" with tabs, a byte-order mark, headers
such as `Full Name` or `Time zone`, and .xlsx workbooks; and a file that
cannot be read is refused in one line that says why."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from kindred.accounts.models import User
from kindred.conftest import World, api_client_for
from kindred.lib.errors import InvalidInput
from kindred.programs.services import people_import
from kindred.programs.spreadsheets import column_name

HEADER = ["Email", "Full Name", "Title", "Level", "Department", "Manager e-mail",
          "Location", "Time zone", "Languages", "Role"]  # fmt: skip
ROWS = [
    ["nia@acme.example", "Nia Ndlovu", "Analyst", "2", "Ops", "", "Paris", "Europe/Paris", "fr",
     "mentee"],
    ["kofi@acme.example", "Kofi Mensah", "Lead", "4", "Ops", "", "Accra", "Africa/Accra", "en",
     "mentor"],
]  # fmt: skip


def text(delimiter: str) -> str:
    return "\r\n".join(delimiter.join(row) for row in [HEADER, *ROWS]) + "\r\n"


def imported(world: World, data: bytes, filename: str = "hr.csv") -> list[str]:
    summary = people_import(
        actor=world.admin, programme=world.programme, data=data, filename=filename
    )
    assert summary.rows == 2
    return summary.notes


def assert_people_are_in() -> None:
    nia = User.objects.get(email="nia@acme.example")
    assert (nia.full_name, nia.timezone, nia.languages) == ("Nia Ndlovu", "Europe/Paris", ["fr"])


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (text(",").encode(), ""),
        (text(";").encode(), "semicolon-separated"),
        (b"\xef\xbb\xbf" + text(";").encode(), "semicolon-separated"),
        (text("\t").encode("utf-16"), "UTF-16"),  # Excel's "Unicode text": BOM, tabs
        (text(",").encode("utf-16-le"), "UTF-16"),  # no byte-order mark
        (text(";").encode("utf-16-be"), "UTF-16"),
    ],
    ids=["comma", "semicolon", "bom-semicolon", "unicode-text", "utf16le", "utf16be"],
)
def test_csv_as_spreadsheets_save_it(world: World, data: bytes, note: str) -> None:
    notes = imported(world, data)
    assert not note or any(note in n for n in notes), notes
    assert_people_are_in()


def test_an_excel_workbook(world: World) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([int(c) if c.isdigit() else c for c in row])  # levels as numbers
    buffer = io.BytesIO()
    book.save(buffer)
    response = api_client_for(world.admin).post(
        "/api/v1/programmes/alpha/import", {"file": io.BytesIO(buffer.getvalue())}
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2 and "People" in response.json()["notes"][0]
    assert_people_are_in()
    assert User.objects.get(email="kofi@acme.example").level == 4


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ("email,name\n".encode("cp1252") + "é".encode("cp1252"), "not UTF-8"),
        (b"PK\x03\x04not really a workbook", "Excel file could not be read"),
        (b"a,b\x00c\n", "NUL bytes"),
    ],
)
def test_an_unreadable_file_is_refused_in_one_line(world: World, data: bytes, says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        people_import(actor=world.admin, programme=world.programme, data=data)
    (error,) = refused.value.errors
    assert says in error["message"] and "\n" not in error["message"]


def test_a_semicolon_file_with_a_bad_row_says_how_it_was_read(world: World) -> None:
    bad = text(";").replace("Europe/Paris", "Mars/Olympus")
    with pytest.raises(InvalidInput) as refused:
        people_import(actor=world.admin, programme=world.programme, data=bad.encode())
    assert refused.value.message.startswith("This looks like a semicolon-separated file")


@pytest.mark.parametrize(
    ("raw", "name"),
    [("Full Name", "full_name"), ("Time zone", "timezone"), ("E-mail address", "email"),
     ("  EMAIL ", "email"), ("Manager e-mail", "manager_email"), ("Dept.", "department"),
     ("Job title", "title"), ("role", "role")],
)  # fmt: skip
def test_header_aliases(raw: str, name: str) -> None:
    assert column_name(raw) == name
