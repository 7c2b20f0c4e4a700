from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kindred.accounts.models import User
from kindred.conftest import SmtpSink, World, client_for
from kindred.programs.models import Invitation, Membership
from kindred.programs.services import invitation_create

SIGN_UP = {
    "full_name": "Nia New",
    "email": "nia@test.example",
    "password": "a-good-long-passphrase",
}


@pytest.fixture
def invitation(world: World) -> Invitation:
    return invitation_create(actor=world.manager, programme=world.programme, role="mentee")


def test_new_person_signs_up_joins_and_lands_in_the_intake(
    world: World, invitation: Invitation, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    page = client.get(f"/invite/{invitation.token}/")
    assert b"Join Alpha Programme" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/invite/{invitation.token}/", SIGN_UP)
    assert response.status_code == 302 and response["Location"] == "/intake/"
    assert client.get("/intake/").status_code == 302
    nia = User.objects.get(email="nia@test.example")
    assert Membership.objects.get(user=nia).role == "mentee"
    invitation.refresh_from_db()
    assert invitation.use_count == 1


# The worker manages its own database connection, as it does in production,
# so this test runs on committed data rather than inside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_welcome_mail_is_queued_and_sent_by_the_worker_over_smtp(
    world: World, invitation: Invitation, smtp_server: SmtpSink, settings
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    Client().post(f"/invite/{invitation.token}/", SIGN_UP)
    assert smtp_server.messages == []  # nothing is sent inside the request
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m["To"] for m in smtp_server.messages] == ["nia@test.example"]
    assert "Welcome to Alpha Programme" in smtp_server.messages[0]["Subject"]


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


def test_an_existing_account_is_never_claimed_through_a_link(
    world: World, invitation: Invitation
) -> None:
    response = Client().post(
        f"/invite/{invitation.token}/", {**SIGN_UP, "email": "partner@test.example"}
    )
    assert response.status_code == 200
    assert b"already exists" in response.content
    world.partner.refresh_from_db()
    assert world.partner.check_password("a-long-test-password")


def test_weak_passwords_are_refused_with_the_reason(world: World, invitation: Invitation) -> None:
    response = Client().post(f"/invite/{invitation.token}/", {**SIGN_UP, "password": "password"})
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
    assert Client().post(f"/invite/{token}/", SIGN_UP).status_code == 404
    assert not User.objects.filter(email="nia@test.example").exists()


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
