from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kindred.accounts.models import User
from kindred.conftest import SmtpSink, World, client_for, visible
from kindred.notifications.models import Notification
from kindred.programs import selectors
from kindred.programs.models import Invitation, Membership
from kindred.programs.services import invitation_create

SIGN_UP = {"full_name": "Nia New", "password": "a-good-long-passphrase"}


@pytest.fixture
def invitation(world: World) -> Invitation:
    return invitation_create(actor=world.manager, programme=world.programme, role="mentee")


def ask(client: Client, invitation: Invitation, email: str = "nia@test.example") -> str:
    """Give the address on the invitation page; return the page."""
    response = client.post(f"/invite/{invitation.token}/", {"email": email})
    assert response.status_code == 200
    return response.content.decode()


def emailed_link(email: str = "nia@test.example") -> str:
    """The confirming link from the queued e-mail to `email`."""
    body = Notification.objects.get(address=email, kind="invitation_confirm").body
    found = re.search(r"https?://[^/]+(/invite/\S+/confirm/\S+/)", body)
    assert found is not None, body
    return found[1]


def test_new_person_proves_the_address_joins_and_lands_in_the_intake(
    world: World, invitation: Invitation, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    page = client.get(f"/invite/{invitation.token}/")
    assert b"Join Alpha Programme" in page.content
    assert "Check your inbox" in ask(client, invitation)
    assert not User.objects.filter(email="nia@test.example").exists()  # not before the link
    link = emailed_link()
    assert "nia@test.example" in client.get(link).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, SIGN_UP)
    assert response.status_code == 302 and response["Location"] == "/intake/"
    assert client.get("/intake/").status_code == 302
    nia = User.objects.get(email="nia@test.example")
    assert nia.email_verified and nia.full_name == "Nia New"
    assert Membership.objects.get(user=nia).role == "mentee"
    invitation.refresh_from_db()
    assert invitation.use_count == 1


def test_known_and_unknown_addresses_get_the_same_answer(
    world: World, invitation: Invitation
) -> None:
    """Nothing on the page tells whether an address has an account; the
    e-mail to it says what to do (issue 20, finding 13)."""
    unknown = ask(Client(), invitation, "nobody.yet@test.example")
    known = ask(Client(), invitation, "partner@test.example")
    strip = lambda page, email: visible(page.encode()).replace(email, "EMAIL")  # noqa: E731
    assert strip(unknown, "nobody.yet@test.example") == strip(known, "partner@test.example")
    told = Notification.objects.get(recipient=world.partner, kind="invitation_existing_account")
    assert "already have a Kindred account" in told.body and "/confirm/" not in told.body
    world.partner.refresh_from_db()
    assert world.partner.check_password("a-long-test-password")


def test_asking_is_rate_limited(world: World, invitation: Invitation) -> None:
    client = Client()
    for n in range(5):
        ask(client, invitation, f"someone{n}@test.example")
    assert (
        client.post(f"/invite/{invitation.token}/", {"email": "x@test.example"}).status_code == 429
    )


# The worker manages its own database connection, as it does in production,
# so this test runs on committed data rather than inside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_link_and_the_welcome_are_sent_by_the_worker_over_smtp(
    world: World, invitation: Invitation, smtp_server: SmtpSink, settings
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    client = Client()
    ask(client, invitation)
    assert smtp_server.messages == []  # nothing is sent inside the request
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m["To"] for m in smtp_server.messages] == ["nia@test.example"]
    client.post(emailed_link(), SIGN_UP)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m["To"] for m in smtp_server.messages] == ["nia@test.example"] * 2
    assert "Welcome to Alpha Programme" in smtp_server.messages[1]["Subject"]


def test_signed_in_person_joins_with_one_click(world: World, invitation: Invitation) -> None:
    client = client_for(world.outsider)
    assert b"Join as Oscar Outsider" in client.get(f"/invite/{invitation.token}/").content
    client.post(f"/invite/{invitation.token}/")
    assert Membership.objects.filter(user=world.outsider, programme=world.programme).exists()


def test_existing_member_with_another_role_is_told_not_changed(world: World) -> None:
    mentor_link = invitation_create(actor=world.manager, programme=world.programme, role="mentor")
    response = client_for(world.owner).post(f"/invite/{mentor_link.token}/")
    assert response.status_code == 409
    assert Membership.objects.get(user=world.owner, programme=world.programme).role == "mentee"


def test_a_link_for_an_address_that_got_an_account_meanwhile_claims_nothing(
    world: World, invitation: Invitation
) -> None:
    ask(Client(), invitation)
    link = emailed_link()
    User.objects.create_user("nia@test.example", "her-own-password-1")
    response = Client().post(link, SIGN_UP)
    assert response.status_code == 200 and b"already exists" in response.content
    assert User.objects.get(email="nia@test.example").check_password("her-own-password-1")


@pytest.mark.parametrize("tamper", ["signature", "other invitation", "expired"])
def test_a_forged_or_stale_link_makes_no_account(
    world: World, invitation: Invitation, tamper: str, settings, monkeypatch
) -> None:
    ask(Client(), invitation)
    link = emailed_link()
    if tamper == "signature":
        link = link.replace("/confirm/", "/confirm/x")
    elif tamper == "other invitation":
        other = invitation_create(actor=world.manager, programme=world.programme, role="mentor")
        link = link.replace(invitation.token, other.token)
    else:
        monkeypatch.setattr(selectors, "SIGN_UP_LINK_AGE", dt.timedelta(seconds=-1))
    assert Client().post(link, SIGN_UP).status_code == 404
    assert not User.objects.filter(email="nia@test.example").exists()


def test_weak_passwords_are_refused_with_the_reason(world: World, invitation: Invitation) -> None:
    ask(Client(), invitation)
    response = Client().post(emailed_link(), {**SIGN_UP, "password": "password"})
    assert b"too common" in response.content
    assert not User.objects.filter(email="nia@test.example").exists()


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown"])
def test_dead_links_are_not_found(world: World, invitation: Invitation, state: str) -> None:
    token = invitation.token
    if state == "revoked":
        Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    elif state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    else:
        token = "no-such-token"
    assert Client().get(f"/invite/{token}/").status_code == 404
    assert Client().post(f"/invite/{token}/", {"email": "nia@test.example"}).status_code == 404
    assert not Notification.objects.exists()


def test_manager_creates_and_revokes_links(world: World) -> None:
    client = client_for(world.manager)
    client.post(
        "/programmes/alpha/invitations/", {"role": "mentor", "days_valid": 7, "note": "Leads"}
    )
    link = Invitation.objects.get(programme=world.programme)
    assert link.role == "mentor" and link.note == "Leads"
    page = client.get("/programmes/alpha/invitations/")
    assert f"/invite/{link.token}/".encode() in page.content
    client.post(f"/programmes/alpha/invitations/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_a_manager_cannot_revoke_another_programmes_link(world: World) -> None:
    link = invitation_create(
        actor=world.other_manager, programme=world.other_programme, role="mentee"
    )
    response = client_for(world.manager).post(f"/programmes/alpha/invitations/{link.pk}/revoke/")
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
