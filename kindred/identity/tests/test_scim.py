"""SCIM 2.0 provisioning as Entra ID and Okta send it: people created,
found by filter, paged, replaced and patched; a leaver (active=false or
DELETE) stops signing in at once, their relationships end kindly, their
meetings are cancelled in the partner's calendar; a returner comes back
without their ended relationships; errors in SCIM's shape."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kindred.accounts.models import HrChange, User
from kindred.conftest import (
    TEST_PASSWORD,
    SmtpSink,
    World,
    api_client_for,
    make_meeting,
    started_pair,
    text_of,
)
from kindred.identity.models import ScimPerson
from kindred.identity.services import scim_token_create
from kindred.meetings.models import Meeting
from kindred.notifications.services import dispatch
from kindred.relationships.models import Relationship

SCIM = "application/scim+json"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


@pytest.fixture
def scim(world: World) -> Client:
    _, raw = scim_token_create(actor=world.admin, name="Entra ID")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, f"/scim/v2/{path}", data, content_type=SCIM)


# What Entra ID's provisioning service sends (its default attribute mappings).
ENTRA_CREATE = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
    "externalId": "0a21f0f2-8d2a-4f8e-8f2e-1b1c4d4e5f60",
    "userName": "Grace.Hopper@Test.example",
    "active": True,
    "displayName": "Grace Hopper",
    "title": "Rear Admiral",
    "emails": [{"primary": True, "type": "work", "value": "Grace.Hopper@Test.example"}],
    "name": {"formatted": "Grace Hopper", "familyName": "Hopper", "givenName": "Grace"},
    "phoneNumbers": [{"type": "work", "value": "+1 555 0100"}],
    "addresses": [{"type": "work", "locality": "Arlington"}],
    ENTERPRISE: {"department": "Navy Research", "employeeNumber": "1906"},
}


def test_entra_creates_a_person_and_finds_them_by_username(scim: Client) -> None:
    created = send(scim, "POST", "Users", ENTRA_CREATE)
    assert created.status_code == 201, created.content
    body = created.json()
    assert created["Content-Type"] == SCIM and created["Location"] == body["meta"]["location"]
    assert body["userName"] == "Grace.Hopper@Test.example"  # as the directory spells it
    assert body[ENTERPRISE]["department"] == "Navy Research" and body["active"] is True
    person = User.objects.get(email="grace.hopper@test.example")
    assert person.full_name == "Grace Hopper" and person.title == "Rear Admiral"
    assert person.email_verified and not person.has_usable_password()
    found = send(scim, "GET", 'Users?filter=userName eq "grace.hopper@test.example"').json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == body["id"]
    assert (
        send(scim, "GET", 'Users?filter=userName eq "nobody@test.example"').json()["totalResults"]
        == 0
    )
    again = send(scim, "POST", "Users", ENTRA_CREATE)
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"


def test_entra_patches_as_it_does(scim: Client) -> None:
    """Entra's PatchOp: capitalised ops, paths with filters, "False" as a string."""
    scim_id = send(scim, "POST", "Users", ENTRA_CREATE).json()["id"]
    patch = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "Replace", "path": "title", "value": "Commodore"},
            {"op": "Add", "path": f"{ENTERPRISE}:department", "value": "Computing"},
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "x@test.example"},
            {"op": "Replace", "path": "name.givenName", "value": "Amazing Grace"},
        ],
    }
    response = send(scim, "PATCH", f"Users/{scim_id}", patch)
    assert response.status_code == 200, response.content
    person = User.objects.get(scim__scim_id=scim_id)
    assert (person.title, person.department) == ("Commodore", "Computing")
    assert response.json()["name"]["givenName"] == "Amazing Grace"
    assert person.full_name == "Grace Hopper"  # displayName, which Entra also sends, wins
    # Dated for outcomes: the directory's new person joined today, then moved.
    today = timezone.now().date()
    assert list(HrChange.objects.filter(person=person).values_list("on", "kind", "value")) == [
        (today, "department", "Computing"),
        (today, "hired", ""),
    ]


def test_okta_replaces_and_deactivates_as_it_does(scim: Client, world: World) -> None:
    okta = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "ada@test.example",
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"primary": True, "value": "ada@test.example", "type": "work"}],
        "displayName": "Ada Lovelace",
        "locale": "en-GB",
        "externalId": "00u1ab2cd3",
        "groups": [],
        "password": "never-stored",
        "active": True,
    }
    scim_id = send(scim, "POST", "Users", okta).json()["id"]
    put = okta | {"name": {"givenName": "Ada", "familyName": "King"}, "displayName": ""}
    assert send(scim, "PUT", f"Users/{scim_id}", put).json()["name"]["familyName"] == "King"
    assert User.objects.get(email="ada@test.example").full_name == "Ada King"
    deactivate = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"active": False}}],
    }
    assert send(scim, "PATCH", f"Users/{scim_id}", deactivate).json()["active"] is False
    assert not User.objects.get(email="ada@test.example").is_active
    assert not User.objects.get(email="ada@test.example").has_usable_password()


def test_pages_are_one_based_and_bounded(scim: Client) -> None:
    for n in range(5):
        send(scim, "POST", "Users", {"userName": f"p{n}@test.example"})
    page = send(scim, "GET", "Users?startIndex=2&count=2").json()
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (5, 2, 2)
    assert [r["userName"] for r in page["Resources"]] == ["p1@test.example", "p2@test.example"]
    assert send(scim, "GET", "Users?startIndex=0&count=-3").json()["itemsPerPage"] == 0
    assert send(scim, "GET", "Users?count=abc").status_code == 400


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "scim_type"),
    [
        ("POST", "Users", {"displayName": "No address"}, 400, "invalidValue"),
        ("POST", "Users", {"userName": "not an address"}, 400, "invalidValue"),
        ("POST", "Users", {"userName": "a@test.example", "active": "maybe"}, 400, "invalidValue"),
        ("POST", "Users", ["a list"], 400, "invalidSyntax"),
        ("GET", 'Users?filter=title co "x"', None, 400, "invalidFilter"),
        ("GET", "Users/not-an-id", None, 404, ""),
        ("GET", "Users/0a21f0f2-8d2a-4f8e-8f2e-1b1c4d4e5f60", None, 404, ""),
    ],
)
def test_mistakes_get_scim_errors_and_change_nothing(
    scim: Client, method: str, path: str, body: Any, status: int, scim_type: str
) -> None:
    people = User.objects.count()
    response = send(scim, method, path, body)
    assert response.status_code == status
    payload = response.json()
    assert payload["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert payload["status"] == str(status) and payload.get("scimType", "") == scim_type
    assert User.objects.count() == people


def test_only_a_live_admin_token_provisions(world: World) -> None:
    assert send(Client(), "GET", "Users").status_code == 401
    bad = Client(headers={"Authorization": "Bearer kscim_guess"})
    assert send(bad, "GET", "Users").status_code == 401
    # A session is not a token: a signed-in admin's browser cannot provision.
    from kindred.conftest import client_for

    assert send(client_for(world.admin), "GET", "Users").status_code == 401
    _, raw = scim_token_create(actor=world.admin, name="Okta")
    User.objects.filter(pk=world.admin.pk).update(is_org_admin=False)
    demoted = Client(headers={"Authorization": f"Bearer {raw}"})
    assert send(demoted, "GET", "Users").status_code == 403


def test_an_unconfirmed_account_is_never_taken_over(scim: Client) -> None:
    User.objects.create_user("squatter@test.example", email_verified=False)
    response = send(scim, "POST", "Users", {"userName": "squatter@test.example"})
    assert response.status_code == 409
    assert not ScimPerson.objects.exists()


def test_a_leaver_stops_at_once_and_their_partner_is_told_kindly(
    scim: Client, world: World, smtp_server: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    """The whole consequence: the owner (a mentee with a relationship, a
    future meeting and an API token) is deactivated by the directory."""
    pair = started_pair(world)
    soon = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=3)
    meeting = make_meeting(pair, soon, status=Meeting.Status.CONFIRMED)
    token_client = api_client_for(world.owner)
    browser = Client()
    browser.post("/accounts/sign-in/", {"username": world.owner.email, "password": TEST_PASSWORD})
    scim_id = send(scim, "POST", "Users", {"userName": world.owner.email}).json()["id"]
    dispatch()
    smtp_server.messages.clear()

    deactivate = {"Operations": [{"op": "Replace", "path": "active", "value": "False"}]}
    with django_capture_on_commit_callbacks(execute=True):
        assert send(scim, "PATCH", f"Users/{scim_id}", deactivate).status_code == 200

    assert token_client.get("/api/v1/me").status_code == 401
    assert browser.get("/").status_code == 302  # the session is gone
    pair.refresh_from_db()
    meeting.refresh_from_db()
    assert pair.status == Relationship.Status.ENDED_EARLY and pair.end_reason
    assert meeting.status == Meeting.Status.CANCELLED
    dispatch()
    to_partner = [m for m in smtp_server.messages if m["To"] == world.partner.email]
    subjects = [m["Subject"] for m in to_partner]
    assert "Your mentoring partner has left the organisation" in subjects
    cancel = [m for m in to_partner if "METHOD:CANCEL" in m.as_string()]
    assert cancel, subjects
    words = text_of(next(m for m in to_partner if m["Subject"].startswith("Your mentoring")))
    assert "Nothing you did caused this" in words
    to_manager = [m for m in smtp_server.messages if m["To"] == world.manager.email]
    assert any("relationship ended" in m["Subject"] for m in to_manager)
    assert not [m for m in smtp_server.messages if m["To"] == world.owner.email]

    # Back again: they may sign in, the relationship stays ended.
    reactivate = {"Operations": [{"op": "replace", "path": "active", "value": True}]}
    send(scim, "PATCH", f"Users/{scim_id}", reactivate)
    pair.refresh_from_db()
    assert User.objects.get(pk=world.owner.pk).is_active
    assert pair.status == Relationship.Status.ENDED_EARLY


def test_delete_is_a_leaver_whose_scim_id_is_forgotten(scim: Client, world: World) -> None:
    pair = started_pair(world)
    scim_id = send(scim, "POST", "Users", {"userName": world.partner.email}).json()["id"]
    assert send(scim, "DELETE", f"Users/{scim_id}").status_code == 204
    assert send(scim, "GET", f"Users/{scim_id}").status_code == 404
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.ENDED_EARLY
    assert not User.objects.get(pk=world.partner.pk).is_active


def test_discovery_publishes_only_what_kindred_keeps(scim: Client) -> None:
    config = send(scim, "GET", "ServiceProviderConfig").json()
    assert config["patch"]["supported"] and not config["bulk"]["supported"]
    types = send(scim, "GET", "ResourceTypes").json()["Resources"]
    assert [t["id"] for t in types] == ["User", "Group"]
    core, enterprise, group = send(scim, "GET", "Schemas").json()["Resources"]
    assert {a["name"] for a in core["attributes"]} == {
        "userName", "name", "displayName", "title", "active", "emails",
    }  # fmt: skip
    assert {a["name"] for a in enterprise["attributes"]} == {"department", "manager"}
    (members,) = [a for a in group["attributes"] if a["name"] == "members"]
    assert {s["name"] for s in members["subAttributes"]} == {"value", "$ref", "type"}


def test_an_admin_makes_a_token_in_the_app_and_the_directory_uses_it(world: World) -> None:
    from kindred.conftest import client_for

    page = client_for(world.admin).post("/identity/provisioning/", {"name": "Okta"})
    raw = page.context["new_token"]
    assert raw.startswith("kscim_") and "http://testserver/scim/v2" in page.content.decode()
    directory = Client(headers={"Authorization": f"Bearer {raw}"})
    assert send(directory, "GET", "Users").status_code == 200
    token = world.admin.scim_tokens.get()
    assert token.last_used_at is not None and raw not in token.key_hash
    client_for(world.admin).post(f"/identity/provisioning/tokens/{token.pk}/revoke/")
    assert send(directory, "GET", "Users").status_code == 401
