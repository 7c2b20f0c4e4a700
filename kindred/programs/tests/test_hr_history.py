"""The HR history import: dated joiners, leavers, levels, departments and
locations for everyone in the directory, all of a file or none of it, by
organisation admins only; and the changes the directory itself records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from kindred.accounts.models import HrChange, User
from kindred.conftest import World, make_user
from kindred.identity.services import person_leave, person_return
from kindred.lib.errors import Forbidden, InvalidInput
from kindred.programs.services import hr_history_import

HEADER = "email,date,event,value\n"
GOOD = (
    "kofi@acme.example,2019-04-01,hired,\n"
    "kofi@acme.example,2021-06-30,level,3\n"
    "kofi@acme.example,2022-01-10,department,Operations\n"
    "asha@acme.example,2020-09-14,hired,\n"
    "asha@acme.example,2023-02-28,left,Voluntary\n"
    "asha@acme.example,2023-02-27,location,Pune\n"
)


@pytest.fixture
def people(world: World) -> tuple[User, User]:
    return make_user("kofi@acme.example", "Kofi Mensah"), make_user("asha@acme.example", "Asha")


def run(world: World, text: str, actor: User | None = None) -> object:
    return hr_history_import(actor=actor or world.admin, data=text.encode(), filename="hr.csv")


def test_a_history_is_kept_with_its_dates_and_importing_it_again_changes_nothing(
    world: World, people: tuple[User, User]
) -> None:
    summary = run(world, HEADER + GOOD)
    assert (summary.changes, summary.people) == (6, 2)  # type: ignore[attr-defined]
    kofi, asha = people
    assert list(HrChange.objects.filter(person=asha).values_list("on", "kind", "value")) == [
        (dt.date(2020, 9, 14), "hired", ""),
        (dt.date(2023, 2, 27), "location", "Pune"),
        (dt.date(2023, 2, 28), "left", "voluntary"),
    ]
    run(world, HEADER + GOOD.replace("level,3", "level,4"))  # a correction replaces
    assert HrChange.objects.count() == 6
    assert HrChange.objects.get(person=kofi, kind="level").value == "4"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("nobody@acme.example,2020-01-01,hired,", "email", "No one in the directory has this"),
        ("kofi@acme.example,01/02/2020,hired,", "date", "is not a date written as 2024-03-31"),
        ("kofi@acme.example,2999-01-01,hired,", "date", "The date is in the future."),
        ("kofi@acme.example,2020-01-01,promoted,", "event", "The event is one of"),
        ("kofi@acme.example,2020-01-01,level,senior", "value", "is not a whole number"),
        ("kofi@acme.example,2020-01-01,level,", "value", "needs the new level"),
        ("kofi@acme.example,2020-01-01,left,fired", "value", "voluntary, involuntary or unknown"),
        ("kofi@acme.example,2020-01-01,department,", "value", "needs the new name"),
        ("kofi@acme.example,2020-01-01,location,=cmd|x\u202e", "value", ""),
        ("kofi@acme.example,2019-04-01,hired,", "event", "Duplicate of line 2."),
        ("not-an-address,2020-01-01,hired,", "email", "is not a valid e-mail address"),
    ],
)
def test_one_bad_row_keeps_nothing_and_names_its_line_and_column(
    world: World, people: tuple[User, User], row: str, column: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        run(world, HEADER + GOOD + row + "\n")
    assert [(e["line"], e["column"]) for e in caught.value.errors] == [(8, column)]
    assert message in caught.value.errors[0]["message"]
    assert "nothing was imported" in caught.value.message
    assert not HrChange.objects.exists()


@pytest.mark.parametrize(
    "text",
    ["", "email,date\nkofi@acme.example,2020-01-01\n", HEADER, "\x00\x01\x02 not a table"],
)
def test_files_that_are_not_a_history_keep_nothing(
    world: World, people: tuple[User, User], text: str
) -> None:
    with pytest.raises(InvalidInput):
        run(world, text)
    assert not HrChange.objects.exists()


def test_problems_read_in_the_admins_language(world: World, people: tuple[User, User]) -> None:
    with translation.override("de"), pytest.raises(InvalidInput) as caught:
        run(world, HEADER + "kofi@acme.example,2020-01-01,level,\n")
    assert "Stufe" in caught.value.errors[0]["message"]


def test_only_organisation_admins_import_history(world: World, people: tuple[User, User]) -> None:
    # A programme manager, even one who is also a participant, is not an
    # organisation admin: the history covers everyone, not their programme.
    for someone in (world.manager, world.other_manager, world.owner, world.participant):
        with pytest.raises(Forbidden):
            run(world, HEADER + GOOD, actor=someone)
    assert not HrChange.objects.exists()


def test_the_command_imports_and_refuses_with_lines(
    world: World, people: tuple[User, User], tmp_path: Path
) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(HEADER + GOOD)
    bad.write_text(HEADER + "kofi@acme.example,2020-01-01,promoted,\n")
    call_command("import_hr_history", str(good), actor=world.admin.email)
    assert HrChange.objects.count() == 6
    with pytest.raises(CommandError, match="Line 2: The event is one of"):
        call_command("import_hr_history", str(bad), actor=world.admin.email)
    with pytest.raises(CommandError, match="Only organisation admins"):
        call_command("import_hr_history", str(good), actor=world.manager.email)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_hr_history", str(tmp_path / "missing.csv"), actor=world.admin.email)


def test_the_directory_records_a_leaver_and_a_returner(world: World) -> None:
    person_leave(actor=world.admin, person=world.participant)
    person_leave(actor=world.admin, person=world.participant)  # nothing twice
    today = timezone.now().date()
    left = HrChange.objects.get(person=world.participant)
    assert (left.on, left.kind, left.value) == (today, "left", "unknown")
    person_return(actor=world.admin, person=world.participant)
    assert HrChange.objects.filter(person=world.participant, kind="hired", on=today).exists()
