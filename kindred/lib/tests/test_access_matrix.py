"""Every view and endpoint, asked by every kind of person. Anything a caller
may not see answers 404, so the existence of a programme or person does not
leak; things they can see but may not do answer 403."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kindred.accounts.services import api_token_create
from kindred.conftest import World, api_client_for, client_for
from kindred.lib.tests.access import ACTORS, MANAGER_ONLY, SIGNED_IN, Case
from kindred.programs.models import Invitation

MEMBERS_AND_MANAGER = {
    "owner": 200,
    "partner": 200,
    "participant": 200,
    "outsider": 404,
    "manager": 200,
    "other_manager": 404,
    "admin": 200,
}
PERSON_VISIBLE = {
    "owner": 200,
    "partner": 404,
    "participant": 404,
    "outsider": 404,
    "manager": 200,
    "other_manager": 404,
    "admin": 200,
}
ONLY_SELF_AND_ADMIN = {a: 404 for a in ACTORS if a != "anonymous"} | {"owner": 200, "admin": 200}

CSV = (
    b"email,full_name,title,level,department,manager_email,location,timezone,languages\n"
    b"new@acme.example,New Person,Analyst,2,Ops,,Paris,Europe/Paris,fr\n"
)


def owner_token_id(world: World) -> int:
    token, _ = api_token_create(actor=world.owner, name="owner's")
    return token.pk


def invitation_id(world: World) -> int:
    return Invitation.objects.create(programme=world.programme, role="mentee").pk


WEB = [
    Case("home", "get", lambda w: "/", SIGNED_IN),
    Case("programme list", "get", lambda w: "/programmes/", SIGNED_IN),
    Case(
        "programme create",
        "get",
        lambda w: "/programmes/new/",
        dict.fromkeys(ACTORS, 403) | {"admin": 200},
    ),
    Case("programme detail", "get", lambda w: "/programmes/alpha/", MEMBERS_AND_MANAGER),
    Case("programme edit", "get", lambda w: "/programmes/alpha/edit/", MANAGER_ONLY),
    Case("participants", "get", lambda w: "/programmes/alpha/participants/", MANAGER_ONLY),
    Case("import page", "get", lambda w: "/programmes/alpha/import/", MANAGER_ONLY),
    Case("invitations", "get", lambda w: "/programmes/alpha/invitations/", MANAGER_ONLY),
    Case(
        "invitation revoke",
        "post",
        lambda w: f"/programmes/alpha/invitations/{invitation_id(w)}/revoke/",
        MANAGER_ONLY | {"manager": 302, "admin": 302},
        route="programs:invitation_revoke",
    ),
    Case("vocabulary", "get", lambda w: "/programmes/alpha/vocabulary/", MANAGER_ONLY),
    Case("person profile", "get", lambda w: f"/people/{w.owner.pk}/", PERSON_VISIBLE),
    Case("own profile", "get", lambda w: "/profile/", SIGNED_IN),
    Case("intake step", "get", lambda w: "/intake/values/", SIGNED_IN),
    Case("demographics step", "get", lambda w: "/intake/demographics/", SIGNED_IN),
    Case("tokens", "get", lambda w: "/accounts/tokens/", SIGNED_IN),
    Case(
        "token revoke",
        "post",
        lambda w: f"/accounts/tokens/{owner_token_id(w)}/revoke/",
        dict.fromkeys(ACTORS, 404) | {"owner": 302},
        route="accounts:token_revoke",
    ),
]

API = [
    Case("me", "get", lambda w: "/api/v1/me", SIGNED_IN, api=True),
    Case("programmes", "get", lambda w: "/api/v1/programmes", SIGNED_IN, api=True),
    Case("programme", "get", lambda w: "/api/v1/programmes/alpha", MEMBERS_AND_MANAGER, api=True),
    Case(
        "participants",
        "get",
        lambda w: "/api/v1/programmes/alpha/participants",
        MANAGER_ONLY,
        api=True,
    ),
    Case(
        "import",
        "post",
        lambda w: "/api/v1/programmes/alpha/import",
        MANAGER_ONLY,
        api=True,
        body=lambda w: {"file": SimpleUploadedFile("p.csv", CSV, "text/csv")},
    ),
    Case("own profile", "get", lambda w: "/api/v1/profiles/me", SIGNED_IN, api=True),
    Case(
        "person profile",
        "get",
        lambda w: f"/api/v1/profiles/{w.owner.pk}",
        PERSON_VISIBLE,
        api=True,
    ),
    Case(
        "person demographics",
        "get",
        lambda w: f"/api/v1/profiles/{w.owner.pk}/demographics",
        ONLY_SELF_AND_ADMIN,
        api=True,
    ),
    Case(
        "own demographics",
        "put",
        lambda w: "/api/v1/profiles/me/demographics",
        SIGNED_IN,
        api=True,
        body=lambda w: {"gender": "woman"},
        json=True,
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", WEB + API, ids=lambda c: c.label)
def test_access(world: World, case: Case, actor: str) -> None:
    user = world.actors()[actor]
    response = case.ask((api_client_for if case.api else client_for)(user), world)
    assert response.status_code == case.expected_for(actor), response.content[:300]
    if actor == "anonymous" and not case.api:
        assert response["Location"].startswith("/accounts/sign-in/")


def test_api_also_accepts_the_browser_session(world: World) -> None:
    response = client_for(world.owner).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == "owner@test.example"
