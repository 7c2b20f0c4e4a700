from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from kindred.accounts.models import HrChange, User
from kindred.lib.errors import InvalidInput
from kindred.profiles.models import IntakeStep, Profile
from kindred.programs.models import ImportRun, Membership
from kindred.programs.services import ImportSummary, people_import

HEADER = "email,full_name,title,level,department,manager_email,location,timezone,languages,role\n"
GOOD_ROWS = (
    "lead@acme.example,Lee Lead,Director,5,Ops,,London,Europe/London,en,mentor\n"
    "kofi@acme.example,Kofi Mensah,Analyst,2,Ops,lead@acme.example,Accra,Africa/Accra,en;fr,"
    "mentee\n"
    "asha@acme.example,Asha Rao,Engineer,3,Tech,lead@acme.example,Pune,Asia/Kolkata,en hi,mentee\n"
    "boss@acme.example,Bo Boss,VP,7,Ops,,NYC,America/New_York,en,\n"
)


def run(world, text: str | bytes) -> ImportSummary:
    data = text.encode() if isinstance(text, str) else text
    return people_import(
        actor=world.manager, programme=world.programme, data=data, filename="hr.csv"
    )


def test_valid_file_creates_people_memberships_and_reporting_lines(world) -> None:
    summary = run(world, HEADER + GOOD_ROWS)
    assert (summary.rows, summary.created, summary.enrolled) == (4, 4, 3)
    kofi = User.objects.get(email="kofi@acme.example")
    assert kofi.manager_email == "lead@acme.example"
    assert kofi.languages == ["en", "fr"]
    assert kofi.timezone == "Africa/Accra"
    assert not kofi.has_usable_password()
    assert Profile.objects.filter(user=kofi).exists()
    roles = dict(
        Membership.objects.filter(
            programme=world.programme, user__email__endswith="acme.example"
        ).values_list("user__email", "role")
    )
    # An empty role adds the person to the directory without enrolling them.
    assert roles == {
        "lead@acme.example": "mentor",
        "kofi@acme.example": "mentee",
        "asha@acme.example": "mentee",
    }
    assert ImportRun.objects.get().rows == 4


def test_one_bad_row_writes_nothing_and_names_its_line_and_column(world) -> None:
    users_before = User.objects.count()
    bad = GOOD_ROWS + "new@acme.example,New Person,Analyst,two,Ops,,Paris,Europe/Paris,en,mentee\n"
    with pytest.raises(InvalidInput) as caught:
        run(world, HEADER + bad)
    assert caught.value.errors == [
        {"line": 6, "column": "level", "message": "“two” is not a whole number."}
    ]
    assert User.objects.count() == users_before
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("not-an-email,X,T,1,D,,L,Europe/Paris,en,mentee", "email"),
        ("a@acme.example,X,T,1,D,,L,Mars/Olympus,en,mentee", "timezone"),
        ("a@acme.example,X,T,1,D,,L,Europe/Paris,english,mentee", "languages"),
        ("a@acme.example,X,T,1,D,,L,Europe/Paris,en,boss", "role"),
        ("a@acme.example,X,T,1,D,a@acme.example,L,Europe/Paris,en,mentee", "manager_email"),
        ("a@acme.example,,T,1,D,,L,Europe/Paris,en,mentee", "full_name"),
        ("a@acme.example," + "x" * 151 + ",T,1,D,,L,Europe/Paris,en,mentee", "full_name"),
    ],
)
def test_each_kind_of_bad_value_is_reported_by_column(world, row: str, column: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        run(world, HEADER + row + "\n")
    assert [e["column"] for e in caught.value.errors] == [column]
    assert caught.value.errors[0]["line"] == 2


def test_duplicate_emails_inside_the_file_point_at_the_first(world) -> None:
    rows = GOOD_ROWS + "KOFI@acme.example,Kofi Again,Analyst,2,Ops,,Accra,Africa/Accra,en,mentee\n"
    with pytest.raises(InvalidInput) as caught:
        run(world, HEADER + rows)
    assert caught.value.errors[0]["message"] == "Duplicate of line 3."


def test_unknown_and_missing_columns(world) -> None:
    with pytest.raises(InvalidInput) as caught:
        run(world, "email,full_name,salary\nx@acme.example,X,100\n")
    messages = {e["message"] for e in caught.value.errors}
    assert "Unknown column “salary”." in messages
    assert "Missing column “timezone”." in messages


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe" + HEADER.encode("utf-16-le"),
        HEADER.encode() + "zoë@acme.example,Zoë,T,1,D,,L,Europe/Paris,en,".encode("latin-1"),
        b"\x00\x01\x02",
        b"",
        HEADER.encode(),
        HEADER.encode() + b'"unterminated,quote\n',
    ],
)
def test_unreadable_files_get_a_clear_error_and_write_nothing(world, data: bytes) -> None:
    before = User.objects.count()
    with pytest.raises(InvalidInput) as caught:
        run(world, data)
    assert caught.value.errors
    assert User.objects.count() == before


def test_reimport_updates_by_email_without_duplicates(world) -> None:
    run(world, HEADER + GOOD_ROWS)
    changed = GOOD_ROWS.replace("Kofi Mensah,Analyst,2", "Kofi Mensah,Senior Analyst,3").replace(
        "Asia/Kolkata,en hi,mentee", "Asia/Kolkata,en hi,mentor"
    )
    summary = run(world, HEADER + changed)
    assert (summary.created, summary.updated, summary.enrolled, summary.role_changes) == (
        0,
        1,
        0,
        1,
    )
    assert User.objects.filter(email__endswith="acme.example").count() == 4
    assert User.objects.get(email="kofi@acme.example").title == "Senior Analyst"
    # The level up is kept with its date (a promotion to outcomes); the new
    # people's first values are no change.
    kofi = User.objects.get(email="kofi@acme.example")
    assert list(HrChange.objects.values_list("person", "kind", "value")) == [
        (kofi.pk, "level", "3")
    ]


def test_reimport_keeps_a_time_zone_the_person_confirmed(world) -> None:
    run(world, HEADER + GOOD_ROWS)
    asha = User.objects.get(email="asha@acme.example")
    asha.timezone = "Asia/Kathmandu"
    asha.save()
    Profile.objects.filter(user=asha).update(steps_done=[IntakeStep.LOGISTICS.value])
    run(world, HEADER + GOOD_ROWS.replace("Asha Rao,Engineer", "Asha Rao,Senior Engineer"))
    asha.refresh_from_db()
    assert (asha.timezone, asha.title) == ("Asia/Kathmandu", "Senior Engineer")


def test_management_command_imports_and_reports(world, tmp_path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + GOOD_ROWS, encoding="utf-8")
    out = io.StringIO()
    call_command("import_people", str(path), "--programme", "alpha", stdout=out)
    assert "4 rows: 4 new" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "x,,,,,,,Nowhere/Zone,xx,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2, email"):
        call_command("import_people", str(bad), "--programme", "alpha", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No programme"):
        call_command("import_people", str(path), "--programme", "nope", stdout=io.StringIO())
