from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from kindred.accounts.models import ApiToken
from kindred.accounts.services import MAX_ACTIVE_TOKENS, api_token_create
from kindred.conftest import World, client_for
from kindred.lib.errors import Conflict


def test_token_is_shown_once_and_stored_only_as_a_hash(world: World) -> None:
    client = client_for(world.owner)
    response = client.post("/accounts/tokens/", {"name": "HR sync"})
    raw = response.context["new_token"]
    assert raw.startswith("knd_") and raw.encode() in response.content
    stored = ApiToken.objects.get(user=world.owner)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.name, stored.prefix, stored.key_hash}
    again = client.get("/accounts/tokens/")
    assert raw.encode() not in again.content
    assert stored.prefix.encode() in again.content


def test_a_token_acts_with_its_owners_permissions_only(world: World) -> None:
    _, raw = api_token_create(actor=world.owner, name="bot")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/me").json()["email"] == world.owner.email
    assert client.get("/api/v1/programmes/alpha/participants").status_code == 403
    assert client.get("/api/v1/programmes/beta").status_code == 404


def test_revoked_token_stops_working_at_once(world: World) -> None:
    token, raw = api_token_create(actor=world.owner, name="bot")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/me").status_code == 200
    response = client_for(world.owner).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert api.get("/api/v1/me").status_code == 401


def test_a_deactivated_person_s_token_stops_working(world: World) -> None:
    _, raw = api_token_create(actor=world.owner, name="bot")
    world.owner.is_active = False
    world.owner.save()
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me").status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer nonsense", "Bearer knd_" + "x" * 43, "Bearer " + "knd_" * 100, "Basic abc", ""],
)
def test_bad_tokens_are_refused(world: World, header: str) -> None:
    client = Client(headers={"Authorization": header} if header else {})
    assert client.get("/api/v1/me").status_code == 401


def test_names_are_required_and_tokens_are_capped(world: World) -> None:
    response = client_for(world.owner).post("/accounts/tokens/", {"name": "  "})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    for n in range(MAX_ACTIVE_TOKENS):
        api_token_create(actor=world.owner, name=f"t{n}")
    with pytest.raises(Conflict):
        api_token_create(actor=world.owner, name="one too many")


def test_a_bad_token_on_a_write_is_unauthenticated_not_a_csrf_error(world: World) -> None:
    client = Client(headers={"Authorization": "Bearer knd_wrong"})
    response = client.post("/api/v1/programmes/alpha/import", {})
    assert response.status_code == 401


def test_session_writes_to_the_api_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    body = {"gender": "woman"}
    refused = client.put("/api/v1/profiles/me/demographics", body, content_type="application/json")
    assert refused.status_code == 403
    client.get("/accounts/tokens/")  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.put(
        "/api/v1/profiles/me/demographics",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 200
