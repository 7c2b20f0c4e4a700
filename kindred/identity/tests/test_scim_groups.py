"""SCIM Groups as Okta and Entra ID send them, and what an organisation
admin maps each to: joining a mapped group grants its role; leaving takes
back the admin and manager roles (unless another group still grants them,
or the person is the break-glass superuser) but never unenrols a mentor
or mentee; a closed programme and a leaver take nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kindred.accounts.models import User
from kindred.conftest import World, client_for
from kindred.identity.models import ScimGroup, ScimPerson
from kindred.identity.services import scim_token_create
from kindred.identity.tests.test_scim import ENTRA_CREATE, send
from kindred.programs.models import Membership, Programme, ProgrammeStatus

PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


@pytest.fixture
def scim(world: World) -> Client:
    _, raw = scim_token_create(actor=world.admin, name="Okta")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def provision(scim: Client, name: str) -> str:
    body = ENTRA_CREATE | {
        "userName": f"{name}@test.example",
        "externalId": name,
        "displayName": name.title(),
        "emails": [{"primary": True, "value": f"{name}@test.example"}],
    }
    made = send(scim, "POST", "Users", body)
    assert made.status_code == 201, made.content
    return str(made.json()["id"])


def person(scim_id: str) -> User:
    return ScimPerson.objects.select_related("user").get(scim_id=scim_id).user


def make_group(scim: Client, name: str, members: list[str]) -> str:
    made = send(scim, "POST", "Groups", {
        "schemas": [GROUP], "displayName": name,
        "members": [{"value": m, "display": "whatever Okta calls them"} for m in members],
    })  # fmt: skip
    assert made.status_code == 201, made.content
    assert made["Location"] == made.json()["meta"]["location"]
    return str(made.json()["id"])


def patch(scim: Client, group: str, *operations: dict[str, Any]) -> Any:
    return send(scim, "PATCH", f"Groups/{group}", {"schemas": [PATCH], "Operations": operations})


def map_group(world: World, group: str, grants: str, programme: Programme | None = None) -> Any:
    pk = ScimGroup.objects.get(scim_id=group).pk
    return client_for(world.admin).post(
        f"/identity/provisioning/groups/{pk}/",
        {"grants": grants, "programme": programme.pk if programme else ""},
    )


def test_okta_pushes_a_group_that_grants_nothing_until_an_admin_maps_it(
    world: World, scim: Client
) -> None:
    ana, ben = provision(scim, "ana"), provision(scim, "ben")
    group = make_group(scim, "Mentors 2027", [ana])
    assert not Membership.objects.filter(user=person(ana)).exists()

    page = client_for(world.admin).get("/identity/provisioning/")
    assert "Mentors 2027" in page.content.decode() and "nothing yet" in page.content.decode()
    mapped = map_group(world, group, "mentor", world.programme)
    assert mapped.status_code == 302
    membership = Membership.objects.get(user=person(ana), programme=world.programme)
    assert membership.role == "mentor" and membership.source == Membership.Source.DIRECTORY
    page = client_for(world.admin).get("/identity/provisioning/")
    assert "Mentor in Alpha Programme" in page.content.decode()

    # Okta adds with a value list and removes with a filtered path.
    assert (
        patch(scim, group, {"op": "add", "path": "members", "value": [{"value": ben}]}).status_code
        == 200
    )
    assert Membership.objects.filter(user=person(ben), role="mentor").exists()
    removed = patch(scim, group, {"op": "remove", "path": f'members[value eq "{ben}"]'})
    assert removed.status_code == 200
    assert [m["value"] for m in removed.json()["members"]] == [ana]
    # Leaving the group never unenrols: that would end relationships.
    assert Membership.objects.filter(user=person(ben), programme=world.programme).exists()


def test_entra_admin_group_grants_and_takes_back_the_admin_role(world: World, scim: Client) -> None:
    ana, ben = provision(scim, "ana"), provision(scim, "ben")
    admins = make_group(scim, "Kindred admins", [])
    other = make_group(scim, "IT admins", [ben])
    map_group(world, admins, "org_admin")
    map_group(world, other, "org_admin")
    assert person(ben).is_org_admin and not person(ana).is_org_admin

    # Entra ID: capitalised ops, members listed in the value.
    entra_add = {"op": "Add", "path": "members", "value": [{"value": ana}, {"value": ben}]}
    assert patch(scim, admins, entra_add).status_code == 200
    assert person(ana).is_org_admin
    entra_remove = {"op": "Remove", "path": "members", "value": [{"value": ana}, {"value": ben}]}
    assert patch(scim, admins, entra_remove).status_code == 200
    assert not person(ana).is_org_admin
    assert person(ben).is_org_admin  # still in another admin group


def test_the_break_glass_superuser_keeps_the_admin_role(world: World, scim: Client) -> None:
    root = provision(scim, "root")
    User.objects.filter(pk=person(root).pk).update(is_superuser=True, is_org_admin=True)
    group = make_group(scim, "Admins", [root])
    map_group(world, group, "org_admin")
    assert send(scim, "DELETE", f"Groups/{group}").status_code == 204
    assert person(root).is_org_admin


def test_a_manager_group_appoints_and_withdraws_managers_of_one_programme(
    world: World, scim: Client
) -> None:
    ana = provision(scim, "ana")
    group = make_group(scim, "Alpha managers", [ana])
    map_group(world, group, "manager", world.programme)
    assert world.programme.managers.filter(pk=person(ana).pk).exists()
    assert not world.other_programme.managers.filter(pk=person(ana).pk).exists()
    assert (
        patch(scim, group, {"op": "remove", "path": "members"}).status_code == 200
    )  # everyone out
    assert not world.programme.managers.filter(pk=person(ana).pk).exists()
    assert world.programme.managers.filter(pk=world.manager.pk).exists()  # untouched


def test_remapping_a_group_moves_its_members_from_one_role_to_another(
    world: World, scim: Client
) -> None:
    ana = provision(scim, "ana")
    group = make_group(scim, "Pilot", [ana])
    map_group(world, group, "org_admin")
    assert person(ana).is_org_admin
    map_group(world, group, "mentee", world.other_programme)
    assert not person(ana).is_org_admin
    assert Membership.objects.get(user=person(ana)).programme == world.other_programme


def test_a_closed_programme_and_a_leaver_take_nothing(world: World, scim: Client) -> None:
    ana, ben = provision(scim, "ana"), provision(scim, "ben")
    send(scim, "PATCH", f"Users/{ben}", {"schemas": [PATCH],
         "Operations": [{"op": "replace", "path": "active", "value": False}]})  # fmt: skip
    group = make_group(scim, "Mentees", [ana, ben])
    Programme.objects.filter(pk=world.programme.pk).update(status=ProgrammeStatus.CLOSED)
    map_group(world, group, "mentee", world.programme)
    assert not Membership.objects.filter(user__in=[person(ana), person(ben)]).exists()
    map_group(world, group, "org_admin")
    assert not person(ben).is_org_admin and person(ana).is_org_admin


def test_groups_are_found_paged_replaced_and_renamed(world: World, scim: Client) -> None:
    ana, ben = provision(scim, "ana"), provision(scim, "ben")
    group = make_group(scim, "Mentors", [ana])
    make_group(scim, "Mentees", [])
    found = send(scim, "GET", 'Groups?filter=displayName eq "mentors"&excludedAttributes=members')
    assert found.json()["totalResults"] == 1
    (only,) = found.json()["Resources"]
    assert only["id"] == group and "members" not in only
    by_member = send(scim, "GET", f'Groups?filter=members.value eq "{ana}"').json()
    assert [g["id"] for g in by_member["Resources"]] == [group]
    paged = send(scim, "GET", "Groups?startIndex=2&count=1").json()
    assert paged["totalResults"] == 2 and paged["itemsPerPage"] == 1

    replaced = send(scim, "PUT", f"Groups/{group}", {
        "schemas": [GROUP], "displayName": "Mentors 2027", "externalId": "okta-123",
        "members": [{"value": ben}],
    })  # fmt: skip
    assert replaced.status_code == 200
    assert [m["value"] for m in replaced.json()["members"]] == [ben]
    renamed = patch(scim, group, {"op": "replace", "value": {"id": group, "displayName": "M"}})
    assert renamed.json()["displayName"] == "M" and renamed.json()["externalId"] == "okta-123"
    everything = send(scim, "POST", ".search", {"filter": f'id eq "{group}"'}).json()
    assert [r["id"] for r in everything["Resources"]] == [group]


def test_bad_group_requests_change_nothing(world: World, scim: Client) -> None:
    ana = provision(scim, "ana")
    group = make_group(scim, "Mentors", [ana])
    stranger = [{"value": "0a21f0f2-8d2a-4f8e-8f2e-1b1c4d4e5f60"}]
    unknown = patch(scim, group, {"op": "add", "path": "members", "value": stranger})
    assert unknown.status_code == 400 and unknown.json()["scimType"] == "invalidValue"
    duplicate = send(scim, "POST", "Groups", {"schemas": [GROUP], "displayName": "MENTORS"})
    assert duplicate.status_code == 409 and duplicate.json()["scimType"] == "uniqueness"
    nameless = send(scim, "POST", "Groups", {"schemas": [GROUP], "members": []})
    assert nameless.status_code == 400
    bad_op = patch(scim, group, {"op": "add", "path": f'members[value eq "{ana}"]'})
    assert bad_op.status_code == 400
    bad_filter = send(scim, "GET", 'Groups?filter=title eq "x"')
    assert bad_filter.status_code == 400 and bad_filter.json()["scimType"] == "invalidFilter"
    assert send(scim, "GET", "Groups/not-an-id").status_code == 404
    assert ScimGroup.objects.get().members.count() == 1


def test_the_admin_page_refuses_a_programme_role_without_a_programme(
    world: World, scim: Client
) -> None:
    group = make_group(scim, "Mentors", [provision(scim, "ana")])
    page = map_group(world, group, "mentor")
    assert page.status_code == 200
    assert "Choose the programme" in page.content.decode()
    assert ScimGroup.objects.get().grants == ""
    shown = client_for(world.admin).get(
        f"/identity/provisioning/groups/{ScimGroup.objects.get().pk}/"
    )
    assert "ana@test.example" in shown.content.decode()
