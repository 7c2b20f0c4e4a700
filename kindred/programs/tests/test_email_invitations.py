"""Invitations e-mailed to people, tracked from sent to joined: typed
addresses or everyone imported who never signed in; the link proves the
address; a week without an answer brings one reminder."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from kindred.accounts.models import User
from kindred.conftest import TEST_PASSWORD, World, client_for, enrol
from kindred.notifications.models import Notification
from kindred.programs.models import EmailInvitation
from kindred.programs.services import email_invitations_remind

NEW_PASSWORD = "a-fresh-long-passphrase"


def link_in(notification: Notification) -> str:
    found = re.search(r"https?://[^/\s]+(/invited/\S+/)", notification.body)
    assert found is not None, notification.body
    return found[1]


def test_a_manager_invites_addresses_all_or_nothing(world: World) -> None:
    client = client_for(world.manager)
    url = "/programmes/alpha/invitations/email/"
    refused = client.post(url, {"emails": "ana@new.example, not-an-address", "role": "mentee"})
    assert refused.status_code == 422 and not EmailInvitation.objects.exists()
    client.post(
        url, {"emails": "ana@new.example\nBEN@new.example; ana@new.example", "role": "mentor"}
    )
    assert sorted(EmailInvitation.objects.values_list("email", "role")) == [
        ("ana@new.example", "mentor"),
        ("ben@new.example", "mentor"),
    ]
    client.post(url, {"emails": "ana@new.example", "role": "mentor"})  # invited already
    assert EmailInvitation.objects.count() == 2
    assert Notification.objects.filter(kind="personal_invitation").count() == 2
    page = client.get("/programmes/alpha/invitations/").content.decode()
    assert "ana@new.example" in page and ">Sent<" in page
    assert (
        client_for(world.other_manager)
        .post(url, {"emails": "x@y.example", "role": "mentee"})
        .status_code
        == 404
    )


def test_a_new_person_joins_through_their_link(world: World, client) -> None:
    client_for(world.manager).post(
        "/programmes/alpha/invitations/email/", {"emails": "ana@new.example", "role": "mentee"}
    )
    link = link_in(Notification.objects.get(address="ana@new.example"))
    page = client.get(link).content.decode()
    assert "Create my account and join" in page
    invitation = EmailInvitation.objects.get()
    assert invitation.opened_at is not None and invitation.state == "Opened the link"
    joined = client.post(link, {"full_name": "Ana Novak", "password": NEW_PASSWORD})
    assert joined["Location"] == "/intake/"
    person = User.objects.get(email="ana@new.example")
    assert world.programme.memberships.filter(user=person, role="mentee").exists()
    invitation.refresh_from_db()
    assert invitation.joined_at is not None and invitation.state == "Joined"
    assert "has been used" in client.get(link).content.decode()


def test_an_imported_person_is_told_and_chooses_a_password(world: World, client) -> None:
    imported = User.objects.create_user("imp@test.example", None, full_name="Ima Ported")
    enrol(imported, world.programme, "mentor")
    manager = client_for(world.manager)
    waiting = world.programme.memberships.filter(user__last_login__isnull=True).count()
    page = manager.get("/programmes/alpha/invitations/").content.decode()
    assert f"{waiting} people from your import have never signed in" in page
    manager.post("/programmes/alpha/invitations/email/", {"imported": "1"})
    invitation = EmailInvitation.objects.get(email="imp@test.example")
    assert invitation.role == "mentor" and invitation.person == imported
    link = link_in(Notification.objects.get(recipient=imported, kind="personal_invitation"))
    assert "Set my password and join" in client.get(link).content.decode()
    short = client.post(link, {"password": "short"})
    assert short.status_code == 200 and "data-error-summary" in short.content.decode()
    client.post(link, {"password": NEW_PASSWORD})
    imported.refresh_from_db()
    assert imported.check_password(NEW_PASSWORD)
    assert EmailInvitation.objects.get(pk=invitation.pk).joined_at is not None


def test_someone_with_a_password_signs_in_to_join(world: World, client) -> None:
    client_for(world.manager).post(
        "/programmes/alpha/invitations/email/",
        {"emails": world.outsider.email, "role": "mentee"},
    )
    link = link_in(Notification.objects.get(recipient=world.outsider, kind="personal_invitation"))
    assert "Sign in to join" in client.get(link).content.decode()
    client.post(link, {"password": NEW_PASSWORD})  # no password is taken over
    world.outsider.refresh_from_db()
    assert world.outsider.check_password(TEST_PASSWORD)
    assert "signed in as someone else" in client_for(world.owner).get(link).content.decode()
    client_for(world.outsider).post(link)
    assert world.programme.memberships.filter(user=world.outsider, role="mentee").exists()


def test_one_reminder_after_a_week(world: World) -> None:
    client_for(world.manager).post(
        "/programmes/alpha/invitations/email/", {"emails": "late@new.example", "role": "mentee"}
    )
    EmailInvitation.objects.update(sent_at=timezone.now() - dt.timedelta(days=8))
    assert email_invitations_remind() == 1 and email_invitations_remind() == 0
    reminder = Notification.objects.get(
        address="late@new.example", subject__startswith="A reminder"
    )
    assert "the only reminder" in reminder.body
    assert EmailInvitation.objects.get().state == "Reminded"
