from __future__ import annotations

import re

from django.test import Client

from kindred.accounts.models import User
from kindred.conftest import SmtpSink, World, text_of
from kindred.notifications.models import Notification
from kindred.notifications.services import dispatch

LOGIN = "/accounts/sign-in/"


def test_sign_in_by_email_any_case(world: World) -> None:
    client = Client()
    response = client.post(
        LOGIN, {"username": "OWNER@test.example", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_passwords_are_hashed_with_argon2(db: None, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.create_user("argon@test.example", "a-long-test-password")
    assert user.password.startswith("argon2$")


def test_repeated_failures_lock_the_account_for_that_address(world: World) -> None:
    client = Client()
    for _ in range(5):
        response = client.post(LOGIN, {"username": "owner@test.example", "password": "wrong"})
        assert response.status_code in (200, 429)
    locked = client.post(
        LOGIN, {"username": "owner@test.example", "password": "a-long-test-password"}
    )
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    # Another person signing in from the same address is not locked out.
    other = client.post(
        LOGIN, {"username": "partner@test.example", "password": "a-long-test-password"}
    )
    assert other.status_code == 302


def test_password_reset_goes_out_over_smtp_and_works(world: World, smtp_server: SmtpSink) -> None:
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": "owner@test.example"})
    assert response.status_code == 302
    # Queued in the outbox, urgent, rather than sent inside the request.
    queued = Notification.objects.get(kind="password_reset")
    assert queued.urgent and queued.recipient == world.owner and not smtp_server.messages
    dispatch()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "owner@test.example"
    body = text_of(message)
    match = re.search(r"http://testserver(/accounts/password/reset/\S+/)", body)
    assert match is not None, body
    link = match[1]
    form = client.get(link, follow=True)
    post_url = form.redirect_chain[-1][0]
    done = client.post(
        post_url, {"new_password1": "brand-new-secret-42", "new_password2": "brand-new-secret-42"}
    )
    assert done.status_code == 302
    assert (
        Client()
        .post(LOGIN, {"username": "owner@test.example", "password": "brand-new-secret-42"})
        .status_code
        == 302
    )


def test_people_imported_without_a_password_can_set_one(db: None, smtp_server: SmtpSink) -> None:
    user = User(email="imported@test.example")
    user.set_unusable_password()
    user.save()
    Client().post("/accounts/password/reset/", {"email": "imported@test.example"})
    dispatch()
    assert [m["To"] for m in smtp_server.messages] == ["imported@test.example"]


def test_unknown_address_gets_the_same_answer_and_no_mail(db: None, smtp_server: SmtpSink) -> None:
    response = Client().post("/accounts/password/reset/", {"email": "nobody@test.example"})
    assert response.status_code == 302
    assert smtp_server.messages == []


def test_sign_out_needs_a_post(world: World) -> None:
    client = Client()
    client.force_login(world.owner)
    assert client.get("/accounts/sign-out/").status_code == 405
    assert client.post("/accounts/sign-out/").status_code == 302
    assert client.get("/").status_code == 302


def test_changing_the_letter_case_does_not_reset_the_lock_out(world: World) -> None:
    """Five failures lock `owner@…` however each attempt spells it."""
    client = Client()
    spellings = ["owner@test.example", "OWNER@test.example", "Owner@Test.Example"]
    for n in range(5):
        client.post(LOGIN, {"username": spellings[n % 3], "password": "wrong"})
    for spelling in [*spellings, " owner@test.example "]:
        locked = client.post(LOGIN, {"username": spelling, "password": "a-long-test-password"})
        assert locked.status_code == 429, spelling


def test_behind_a_trusted_proxy_lock_outs_key_on_the_visitor(world: World, settings) -> None:
    """One attacker behind the proxy locks out only themself; without
    TRUSTED_PROXIES a forged X-Forwarded-For changes nothing."""
    settings.TRUSTED_PROXIES = frozenset({"10.9.9.9"})
    attacker = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    for _ in range(5):
        attacker.post(LOGIN, {"username": "owner@test.example", "password": "wrong"})
    good = {"username": "owner@test.example", "password": "a-long-test-password"}
    assert attacker.post(LOGIN, good).status_code == 429
    colleague = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert colleague.post(LOGIN, good).status_code == 302
    # The forged first hop is not believed: the proxy appended the real one.
    forged = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.2, 203.0.113.7")
    assert forged.post(LOGIN, good).status_code == 429
    # Without a trusted proxy, a header naming the locked address is ignored.
    settings.TRUSTED_PROXIES = frozenset()
    direct = Client(REMOTE_ADDR="198.51.100.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert direct.post(LOGIN, good).status_code == 302


def test_a_password_reset_ends_every_session_and_token_and_tells_the_person(
    world: World, smtp_server: SmtpSink
) -> None:
    """Someone who held the account before (a squatter's token, a session
    left open) loses it the moment the real person sets a password
    (issue 20, finding 9)."""
    from kindred.conftest import api_client_for

    squatter_api = api_client_for(world.owner)
    squatter_web = Client()
    squatter_web.force_login(world.owner)
    assert squatter_api.get("/api/v1/me/export").status_code == 200
    client = Client()
    client.post("/accounts/password/reset/", {"email": "owner@test.example"})
    dispatch()
    body = text_of(smtp_server.messages[0])
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", body)
    assert link is not None
    form = client.get(link[1], follow=True)
    new = {"new_password1": "brand-new-secret-42", "new_password2": "brand-new-secret-42"}
    assert client.post(form.redirect_chain[-1][0], new).status_code == 302
    assert squatter_api.get("/api/v1/me/export").status_code == 401
    assert squatter_web.get("/").status_code == 302  # sent to sign in
    dispatch()
    told = [m for m in smtp_server.messages if m["Subject"] == "Your Kindred password was changed"]
    assert len(told) == 1 and "your API token no longer works" in text_of(told[0])
