"""A second factor for password sign-in: an authenticator app (TOTP) with
one-time recovery codes, required for admins and managers when the
deployment says so, with tries limited and codes never accepted twice."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp
import pytest
from django.test import Client

from kindred.accounts.models import Passkey, RecoveryCode, TotpDevice
from kindred.conftest import TEST_PASSWORD, World, api_client_for, client_for
from kindred.lib.sealing import unseal


def set_up_authenticator(client: Client) -> tuple[str, list[str]]:
    """What a person does on the security page: start, scan, type a code."""
    page = client.post("/accounts/security/", {"action": "begin"}).content.decode()
    key = re.search(r'<code class="token">([A-Z2-7]+)</code>', page)
    assert key, page
    response = client.post(
        "/accounts/security/", {"action": "confirm", "code": pyotp.TOTP(key.group(1)).now()}
    )
    return key.group(1), response.context["new_codes"]


def password_step(email: str) -> Client:
    client = Client()
    response = client.post("/accounts/sign-in/", {"username": email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def signed_in_as(client: Client) -> Any:
    user = client.get("/").wsgi_request.user
    return user if user.is_authenticated else None


def code_for(key: str, steps_ahead: int = 0) -> str:
    totp = pyotp.TOTP(key)
    return totp.at(int(time.time()) + steps_ahead * totp.interval)


def test_setting_up_the_app_seals_the_key_and_gives_recovery_codes(world: World) -> None:
    key, codes = set_up_authenticator(client_for(world.owner))
    device = TotpDevice.objects.get(user=world.owner)
    assert device.is_confirmed and key not in device.secret_sealed
    assert unseal(device.secret_sealed) == key
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = RecoveryCode.objects.filter(user=world.owner).values_list("code_hash", flat=True)
    assert not set(codes) & set(stored)  # digests only


def test_a_wrong_code_does_not_turn_the_app_on(world: World) -> None:
    client = client_for(world.owner)
    client.post("/accounts/security/", {"action": "begin"})
    response = client.post("/accounts/security/", {"action": "confirm", "code": "000000"})
    assert "That code does not match" in response.content.decode()
    assert not TotpDevice.objects.exists()


def test_the_password_alone_no_longer_signs_in(world: World) -> None:
    key, _ = set_up_authenticator(client_for(world.owner))
    client = password_step(world.owner.email)
    assert signed_in_as(client) is None
    page = client.get("/accounts/sign-in/code/")
    assert "authenticator app" in page.content.decode()
    response = client.post("/accounts/sign-in/code/", {"code": code_for(key, 1)})
    assert response["Location"] == "/"
    assert signed_in_as(client) == world.owner


def test_a_code_is_accepted_once(world: World) -> None:
    key, _ = set_up_authenticator(client_for(world.owner))
    code = code_for(key, 1)
    first = password_step(world.owner.email)
    first.post("/accounts/sign-in/code/", {"code": code})
    assert signed_in_as(first) == world.owner
    again = password_step(world.owner.email)
    response = again.post("/accounts/sign-in/code/", {"code": code})
    assert "That code does not match" in response.content.decode()
    assert signed_in_as(again) is None


def test_a_recovery_code_signs_in_once(world: World) -> None:
    _, codes = set_up_authenticator(client_for(world.owner))
    client = password_step(world.owner.email)
    client.post("/accounts/sign-in/code/", {"code": codes[0].upper().replace("-", " ")})
    assert signed_in_as(client) == world.owner
    again = password_step(world.owner.email)
    again.post("/accounts/sign-in/code/", {"code": codes[0]})
    assert signed_in_as(again) is None


def test_tries_are_limited_even_for_the_right_code(world: World) -> None:
    key, _ = set_up_authenticator(client_for(world.owner))
    client = password_step(world.owner.email)
    for _ in range(5):
        client.post("/accounts/sign-in/code/", {"code": "123456"})
    response = client.post("/accounts/sign-in/code/", {"code": code_for(key, 1)})
    assert "Too many wrong codes" in response.content.decode()
    assert signed_in_as(client) is None


def test_the_code_page_without_a_password_step_starts_again(world: World) -> None:
    response = Client().get("/accounts/sign-in/code/")
    assert response["Location"] == "/accounts/sign-in/"


def test_the_password_step_expires(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    key, _ = set_up_authenticator(client_for(world.owner))
    client = password_step(world.owner.email)
    later = time.time() + 6 * 60
    monkeypatch.setattr("kindred.accounts.sign_in.time.time", lambda: later)
    response = client.post("/accounts/sign-in/code/", {"code": code_for(key, 1)})
    assert response["Location"] == "/accounts/sign-in/"
    assert signed_in_as(client) is None


def test_turning_the_app_off_needs_a_code(world: World) -> None:
    client = client_for(world.owner)
    key, _ = set_up_authenticator(client)
    client.post("/accounts/security/", {"action": "remove", "code": "999999"})
    assert TotpDevice.objects.filter(user=world.owner).exists()
    client.post("/accounts/security/", {"action": "remove", "code": code_for(key, 1)})
    assert not TotpDevice.objects.filter(user=world.owner).exists()
    assert not RecoveryCode.objects.filter(user=world.owner).exists()


def test_api_tokens_are_unaffected_and_listed_with_their_last_use(world: World) -> None:
    client = client_for(world.owner)
    set_up_authenticator(client)
    api = api_client_for(world.owner)
    assert api.get("/api/v1/me/export").status_code == 200
    page = client.get("/accounts/security/").content.decode()
    assert "tests" in page and "never" not in page.split("API tokens")[1]


def test_admins_and_managers_must_set_it_up_when_the_deployment_requires(
    world: World, settings: Any
) -> None:
    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = True
    manager = password_step(world.manager.email)
    assert signed_in_as(manager) == world.manager  # signed in, but held here:
    assert manager.get("/programmes/")["Location"] == "/accounts/security/"
    assert "Your role needs this" in manager.get("/accounts/security/").content.decode()
    set_up_authenticator(manager)
    assert manager.get("/programmes/").status_code == 200
    # A participant is not asked.
    participant = password_step(world.owner.email)
    assert participant.get("/matches/").status_code == 200


def test_the_requirement_is_off_by_default_in_tests(world: World) -> None:
    client = password_step(world.admin.email)
    assert client.get("/programmes/").status_code == 200


def test_a_passkey_is_a_second_factor_and_leaves_only_with_the_password(world: World) -> None:
    passkey = Passkey.objects.create(
        user=world.owner, name="Phone", credential_id="cGhvbmU", public_key=b"k"
    )
    client = password_step(world.owner.email)
    assert signed_in_as(client) is None  # the passkey is asked for
    assert "Use a passkey" in client.get("/accounts/sign-in/code/").content.decode()
    owner = client_for(world.owner)
    owner.post(f"/accounts/security/passkeys/{passkey.pk}/remove/", {"password": "wrong"})
    assert Passkey.objects.filter(pk=passkey.pk).exists()
    owner.post(f"/accounts/security/passkeys/{passkey.pk}/remove/", {"password": TEST_PASSWORD})
    assert not Passkey.objects.filter(pk=passkey.pk).exists()


def test_a_forged_passkey_answer_signs_nobody_in(world: World) -> None:
    Passkey.objects.create(user=world.owner, name="Phone", credential_id="cGhvbmU", public_key=b"k")
    client = password_step(world.owner.email)
    client.post("/accounts/sign-in/passkey/options/")
    forged = {
        "id": "cGhvbmU",
        "rawId": "cGhvbmU",
        "type": "public-key",
        "response": {"clientDataJSON": "e30", "authenticatorData": "AA", "signature": "AA"},
    }
    response = client.post("/accounts/sign-in/passkey/", forged, content_type="application/json")
    assert response.status_code == 400
    assert signed_in_as(client) is None
    # The challenge was spent: the same answer again is refused before any check.
    again = client.post("/accounts/sign-in/passkey/", forged, content_type="application/json")
    assert "expired" in again.json()["error"]
