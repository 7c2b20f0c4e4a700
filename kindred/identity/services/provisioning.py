"""SCIM provisioning of people: the tokens a directory uses, the people it
sends, and the one welcome e-mail an account the organisation made gets."""

from __future__ import annotations

import datetime as dt
import secrets as secrets_module
from typing import Any

from django.db import transaction
from django.utils import timezone

from kindred.accounts import hr_changes
from kindred.accounts.models import HrChange, User
from kindred.identity.messages import AccountWelcome
from kindred.identity.models import ScimPerson, ScimToken
from kindred.identity.policies import require_identity_admin
from kindred.identity.scim import ScimValues, token_digest
from kindred.identity.services.leavers import person_leave, person_return
from kindred.lib import logs
from kindred.lib.errors import Conflict, NotFound
from kindred.lib.jobs import run_later
from kindred.lib.text import require_single_line
from kindred.notifications.services import notify

SCIM_TOKEN_PREFIX = "kscim_"
UNVERIFIED_ACCOUNT = (
    "An account with this address exists but its holder never confirmed it: they confirm "
    "it by resetting their password before the directory can take it over."
)


@logs.logged
@transaction.atomic
def scim_token_create(*, actor: User, name: str) -> tuple[ScimToken, str]:
    """A provisioning token acting as `actor`; its plain text is returned
    once and never stored."""
    require_identity_admin(actor)
    name = require_single_line(name.strip()[:80], "name") or "Directory"
    raw = SCIM_TOKEN_PREFIX + secrets_module.token_urlsafe(32)
    token = ScimToken.objects.create(
        name=name,
        prefix=raw[: len(SCIM_TOKEN_PREFIX) + 6],
        key_hash=token_digest(raw),
        created_by=actor,
    )
    return token, raw


@logs.logged
@transaction.atomic
def scim_token_revoke(*, actor: User, token_id: int) -> None:
    require_identity_admin(actor)
    if not ScimToken.objects.filter(pk=token_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        raise NotFound("No such token.")


@logs.logged
@transaction.atomic
def scim_user_create(*, actor: User, values: ScimValues) -> ScimPerson:
    """A person the directory sends: a new account, or the existing one with
    the address when its holder proved it (never an unconfirmed one). The
    record returned shows the account as it now stands."""
    require_identity_admin(actor)
    person = User.objects.select_for_update().filter(email=values.email).first()
    if person is not None and ScimPerson.objects.filter(user=person).exists():
        raise Conflict(f"{values.email} is already provisioned.")
    if person is not None and not person.email_verified:
        raise Conflict(UNVERIFIED_ACCOUNT)
    if ScimPerson.objects.filter(user_name__iexact=values.user_name).exists():
        raise Conflict(f"userName {values.user_name} is already provisioned.")
    if person is None:
        person = User.objects.create_user(values.email, **_account_fields(values))
        record = ScimPerson.objects.create(user=person, **_record_fields(values))
        if values.active:
            # A new person from the directory has joined; the HR history
            # import can correct the day.
            hr_changes.record([HrChange(person=person, on=_today(), kind=HrChange.Kind.HIRED)])
            run_later("kindred.identity.tasks.welcome_people", [person.pk])
        else:
            person_leave(actor=actor, person=person)
            person.refresh_from_db(fields=["is_active"])
        return record
    record = ScimPerson.objects.create(user=person, user_name=values.user_name)
    _write_scim_values(actor, record, values)
    person.refresh_from_db(fields=["is_active"])  # a leave or a return changed it
    return record


@logs.logged
@transaction.atomic
def scim_user_update(*, actor: User, record: ScimPerson, values: ScimValues) -> ScimPerson:
    require_identity_admin(actor)
    record = ScimPerson.objects.select_for_update().select_related("user").get(pk=record.pk)
    taken = User.objects.filter(email=values.email).exclude(pk=record.user_id).exists()
    if (
        taken
        or ScimPerson.objects.filter(user_name__iexact=values.user_name)
        .exclude(pk=record.pk)
        .exists()
    ):
        raise Conflict(f"Another account already has {values.user_name} or {values.email}.")
    _write_scim_values(actor, record, values)
    return record


@logs.logged
@transaction.atomic
def scim_user_delete(*, actor: User, record: ScimPerson) -> None:
    """The directory deletes a person: a leaver, whose SCIM id is forgotten
    (their account and history stay, inactive)."""
    require_identity_admin(actor)
    person_leave(actor=actor, person=record.user)
    record.delete()


def _account_fields(values: ScimValues) -> dict[str, Any]:
    return {
        "full_name": values.full_name,
        "title": values.title,
        "department": values.department,
        "manager_email": values.manager_email,
    }


def _record_fields(values: ScimValues) -> dict[str, Any]:
    return {
        "user_name": values.user_name,
        "external_id": values.external_id,
        "given_name": values.given_name,
        "family_name": values.family_name,
        "formatted_name": values.formatted_name,
        "display_name": values.display_name,
        "emails": values.email_list(),
        "updated_at": timezone.now(),
    }


def _write_scim_values(actor: User, record: ScimPerson, values: ScimValues) -> None:
    person = record.user
    person.email = values.email
    fields = _account_fields(values)
    changed = {name: value for name, value in fields.items() if getattr(person, name) != value}
    for field, value in fields.items():
        setattr(person, field, value)
    person.save(update_fields=["email", *fields])
    hr_changes.record(hr_changes.changes_of(person.pk, changed, _today()))  # a department move
    for field, value in _record_fields(values).items():
        setattr(record, field, value)
    record.save()
    if person.is_active and not values.active:
        person_leave(actor=actor, person=person)
    elif values.active and not person.is_active:
        person_return(actor=actor, person=person)


def _today() -> dt.date:
    return timezone.now().date()


def welcome_made_accounts(*, people: list[int]) -> int:
    """One welcome e-mail to each account the organisation made and nobody
    has used yet (no password, never signed in, not come through a
    provider); returns how many were queued. Safe to call again: the
    outbox keeps one per person."""
    fresh = User.objects.filter(
        pk__in=people, is_active=True, last_login__isnull=True, external_identities__isnull=True
    )
    queued = 0
    for person in fresh:
        if person.has_usable_password():
            continue  # they chose a password, so they know they are here
        notify(
            recipient=person,
            message=AccountWelcome(person=person.pk),
            key=f"account-welcome:{person.pk}",
        )
        queued += 1
    return queued
