"""People the organisation made accounts for (an import, the directory)
get one welcome e-mail: which programme, how to sign in (their provider,
or choosing a password), what the intake asks. Quiet hours apply; people
who already came in, chose a password, or came through a provider get
none; nobody gets two."""

from __future__ import annotations

from typing import Any

from django.test import Client

from kindred.accounts.models import User
from kindred.conftest import World
from kindred.identity.models import IdentityProvider
from kindred.identity.services import scim_token_create, welcome_made_accounts
from kindred.notifications.models import Notification
from kindred.programs.services import people_import

CSV = (
    b"email,full_name,title,level,department,manager_email,location,timezone,languages,role\n"
    b"new.one@corp.example,New One,Analyst,2,Finance,,London,Europe/London,en,mentee\n"
    b"owner@test.example,Olu Owner,Analyst,2,Ops,,Pune,Asia/Kolkata,en,mentee\n"
)


def welcomes() -> list[Notification]:
    return list(Notification.objects.filter(kind="account_welcome").order_by("pk"))


def test_imported_new_people_are_welcomed_once_after_the_import_commits(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        people_import(actor=world.manager, programme=world.programme, data=CSV, filename="hr.csv")
    (welcome,) = welcomes()
    assert welcome.recipient is not None
    assert welcome.recipient.email == "new.one@corp.example"  # the owner has a password
    assert not welcome.urgent  # quiet hours apply
    text = welcome.body
    assert "Alpha Programme as a mentee" in text
    assert "Choose a password first" in text and "/accounts/password/reset/" in text
    assert "about eight minutes" in text and "never your age" in text
    with django_capture_on_commit_callbacks(execute=True):
        people_import(
            actor=world.admin, programme=world.other_programme, data=CSV, filename="hr.csv"
        )
    assert len(welcomes()) == 1  # one welcome, whatever comes later


def test_where_a_provider_speaks_for_the_domain_the_welcome_says_use_it(world: World) -> None:
    IdentityProvider.objects.create(
        name="Corp SSO", slug="corp", kind="oidc", allowed_domains=["corp.example"]
    )
    person = User.objects.create_user("sso.person@corp.example", full_name="Sso Person")
    assert welcome_made_accounts(people=[person.pk]) == 1
    text = welcomes()[0].body
    assert "Sign in with Corp SSO" in text and "/sso/corp/start/" in text
    assert "Choose a password" not in text
    assert "A programme team will invite you" in text  # in no programme yet


def test_people_who_came_in_or_chose_a_password_are_not_welcomed(world: World) -> None:
    came_in = User.objects.create_user("came.in@corp.example")
    User.objects.filter(pk=came_in.pk).update(last_login="2026-12-01T09:00:00Z")
    assert welcome_made_accounts(people=[came_in.pk, world.owner.pk]) == 0


def test_the_directory_provisioning_someone_welcomes_them(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _, raw = scim_token_create(actor=world.admin, name="Entra")
    directory = Client(headers={"Authorization": f"Bearer {raw}"})
    with django_capture_on_commit_callbacks(execute=True):
        directory.post(
            "/scim/v2/Users",
            {"userName": "joiner@corp.example", "displayName": "Jo Iner"},
            content_type="application/scim+json",
        )
    (welcome,) = welcomes()
    assert welcome.recipient is not None
    assert welcome.recipient.email == "joiner@corp.example"
