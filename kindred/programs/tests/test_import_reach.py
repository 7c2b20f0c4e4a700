"""A programme manager's import reaches new people and their own programme's
people only; an organisation admin's reaches everyone; no import merges into
an account whose address was never proved (issue 20, finding 3; finding 9)."""

from __future__ import annotations

from typing import Any

import pytest

from kindred.accounts.models import User
from kindred.conftest import World, client_for, enrol, make_user
from kindred.lib.errors import InvalidInput
from kindred.notifications.models import Notification
from kindred.programs.models import Membership
from kindred.programs.policies import ADMIN, OUTSIDE, UNVERIFIED
from kindred.programs.services import people_import

HEADER = "email,full_name,title,level,department,manager_email,location,timezone,languages,role\n"


def row(email: str, name: str, role: str = "", manager: str = "") -> str:
    return f"{email},{name},Analyst,2,Ops,{manager},Paris,Europe/Paris,fr,{role}\n"


def refused(actor: User | None, world: World, body: str) -> list[Any]:
    before = list(User.objects.order_by("pk").values())
    members = Membership.objects.count()
    with pytest.raises(InvalidInput) as caught:
        people_import(actor=actor, programme=world.programme, data=(HEADER + body).encode())
    assert list(User.objects.order_by("pk").values()) == before
    assert Membership.objects.count() == members
    return caught.value.errors


def test_a_manager_cannot_enrol_someone_from_another_programme(world: World) -> None:
    errors = refused(world.manager, world, row("outsider@test.example", "Oscar Outsider", "mentee"))
    assert errors == [{"line": 2, "column": "email", "message": OUTSIDE}]


def test_a_manager_cannot_rename_the_admin_or_change_their_line_manager(world: World) -> None:
    assert refused(world.manager, world, row("admin@test.example", "Renamed"))[0]["message"] in (
        OUTSIDE,
        ADMIN,
    )
    enrol(world.admin, world.programme, "mentor")
    errors = refused(
        world.manager, world, row("admin@test.example", "Ada Admin", "mentor", "lead@test.example")
    )
    assert errors[0]["message"] == ADMIN


def test_a_manager_updates_their_own_people_and_adds_new_ones(world: World) -> None:
    body = row("owner@test.example", "Olu Owner-Renamed", "mentee") + row("new@test.example", "Nia")
    summary = people_import(
        actor=world.manager, programme=world.programme, data=(HEADER + body).encode()
    )
    assert (summary.created, summary.updated) == (1, 1)
    assert User.objects.get(email="owner@test.example").full_name == "Olu Owner-Renamed"
    # The same file again changes nothing and is not refused, though Nia is
    # in the directory only.
    people_import(actor=world.manager, programme=world.programme, data=(HEADER + body).encode())


def test_the_web_form_names_the_refused_row(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "hr.csv", (HEADER + row("outsider@test.example", "X", "mentee")).encode()
    )
    page = client_for(world.manager).post("/programmes/alpha/import/", {"file": upload})
    assert page.status_code == 422 and "ask an organisation admin" in page.content.decode()


def test_an_admin_enrols_an_existing_person_and_that_person_is_told(world: World) -> None:
    body = row("outsider@test.example", "Oscar Outsider", "mentee") + row(
        "fresh@test.example", "F", "mentee"
    )
    people_import(actor=world.admin, programme=world.programme, data=(HEADER + body).encode())
    told = Notification.objects.filter(kind="enrolled")
    assert list(told.values_list("recipient__email", flat=True)) == ["outsider@test.example"]
    assert "Alpha Programme" in told.get().subject


def test_no_import_merges_into_an_unproved_sign_up(world: World) -> None:
    make_user("future@test.example", "Squatter", email_verified=False)
    for actor in (world.manager, world.admin, None):
        errors = refused(actor, world, row("future@test.example", "Fay Future", "mentee"))
        assert errors == [{"line": 2, "column": "email", "message": UNVERIFIED}]


def test_names_with_control_characters_are_row_errors(world: World) -> None:
    body = row("new@test.example", '"Nia\rBcc: x"') + row("new2@test.example", "Ray\u202eTxt")
    errors = refused(world.admin, world, body)
    assert [(e["line"], e["column"]) for e in errors] == [(2, "full_name"), (3, "full_name")]
