"""Writes for identity: configuring providers (organisation admins) and
signing a person in through one, creating or linking their account just in
time. Each service owns its transaction."""

from __future__ import annotations

import secrets as secrets_module
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kindred.accounts.models import User, normalise_email
from kindred.identity import secrets
from kindred.identity.adapters import Assertion, SignInFailed
from kindred.identity.messages import AccountWelcome, ParticipantLeft, PartnerLeft
from kindred.identity.models import ExternalIdentity, IdentityProvider, ScimPerson, ScimToken
from kindred.identity.policies import require_identity_admin
from kindred.identity.scim import ScimValues, token_digest
from kindred.lib import logs
from kindred.lib.errors import Conflict, NotFound
from kindred.lib.jobs import run_later
from kindred.lib.text import one_line, require_single_line
from kindred.meetings.models import Meeting
from kindred.meetings.services import cancel_for_departure, cancel_future_of
from kindred.notifications.services import notify
from kindred.programs.models import Membership, Programme
from kindred.programs.services import membership_enrol
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_change_status

SCIM_TOKEN_PREFIX = "kscim_"
NO_EMAIL = (
    "Your identity provider did not share your e-mail address, which Kindred needs: "
    "ask your IT team to release the email claim to Kindred."
)
CLOSED = "This account has been closed. If you think that is a mistake, ask your programme manager."


@logs.logged
@transaction.atomic
def provider_save(
    *, actor: User, provider: IdentityProvider, client_secret: str = ""
) -> IdentityProvider:
    """Create or update a provider; a new client secret, when given, is
    stored sealed (an empty one keeps the stored secret)."""
    require_identity_admin(actor)
    if client_secret:
        provider.client_secret_encrypted = secrets.seal(client_secret)
    if provider.pk is None:
        provider.created_by = actor
    provider.full_clean()
    provider.save()
    return provider


@logs.logged
@transaction.atomic
def provider_delete(*, actor: User, provider_id: int) -> None:
    require_identity_admin(actor)
    deleted, _ = IdentityProvider.objects.filter(pk=provider_id).delete()
    if not deleted:
        raise NotFound("No such identity provider.")


@logs.logged
@transaction.atomic
def sso_sign_in(*, provider: IdentityProvider, assertion: Assertion) -> User:
    """The person `assertion` is about, made or linked just in time.

    A returning subject is the person it was linked to, whatever address the
    provider now gives. A new subject links to the account with its address
    only when the address is verified: the provider says so, or speaks for
    its domain; an unverified address never takes over an account."""
    email = normalise_email(assertion.email)
    if not email:
        raise SignInFailed(NO_EMAIL)
    if provider.allowed_domains and not provider.speaks_for(email):
        raise SignInFailed(
            f"{provider.name} does not sign in addresses at {email.partition('@')[2]}."
        )
    link = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=provider, subject=assertion.subject)
        .first()
    )
    if link is not None:
        link.last_used_at = timezone.now()
        link.save(update_fields=["last_used_at"])
        person = link.user
    else:
        person = _link_new_subject(provider, assertion, email)
    if not person.is_active:
        raise SignInFailed(CLOSED)
    _apply_groups(provider, person, set(assertion.groups))
    return person


def _link_new_subject(provider: IdentityProvider, assertion: Assertion, email: str) -> User:
    if not (assertion.email_verified or provider.speaks_for(email)):
        raise SignInFailed(
            f"{provider.name} has not verified the address {email}, so Kindred cannot "
            "link it to an account. Ask your IT team to verify it."
        )
    person = User.objects.select_for_update().filter(email=email).first()
    if person is None:
        # The provider's name becomes e-mail headers and calendar lines:
        # made one plain line here, where it enters Kindred.
        person = User.objects.create_user(email, full_name=one_line(assertion.name)[:150])
    elif ExternalIdentity.objects.filter(provider=provider, user=person).exists():
        # The provider now names this address with another subject: a
        # re-created account there is not silently the same person here.
        raise SignInFailed(
            f"This address is already linked to another {provider.name} account. "
            "Ask an organisation admin to unlink it."
        )
    if not person.email_verified:
        # The provider proved the address, which is what verification means.
        person.email_verified = True
        person.save(update_fields=["email_verified"])
    ExternalIdentity.objects.create(provider=provider, subject=assertion.subject, user=person)
    return person


def _apply_groups(provider: IdentityProvider, person: User, groups: set[str]) -> None:
    """The provider's groups make organisation admins (both ways, when
    admin groups are set; a superuser, the break-glass account, keeps the
    role) and enrol people in programmes (never unenrol: leaving a
    programme ends relationships, which a missing claim must not do)."""
    if provider.admin_groups and not person.is_superuser:
        should_be_admin = bool(groups & set(provider.admin_groups))
        if person.is_org_admin != should_be_admin:
            person.is_org_admin = should_be_admin
            person.save(update_fields=["is_org_admin"])
    for mapping in _programme_mappings(provider, groups):
        membership_enrol(
            programme=mapping["programme"],
            person=person,
            role=mapping["role"],
            source=Membership.Source.DIRECTORY,
        )


def _programme_mappings(provider: IdentityProvider, groups: set[str]) -> list[dict[str, Any]]:
    wanted = [m for m in provider.programme_groups if m.get("group") in groups]
    programmes = Programme.objects.in_bulk([m["programme"] for m in wanted], field_name="slug")
    # A closed programme takes nobody new, whatever the directory says.
    return [
        {"programme": programmes[m["programme"]], "role": m["role"]}
        for m in wanted
        if m["programme"] in programmes and not programmes[m["programme"]].is_closed
    ]


# --- leavers and returners -------------------------------------------------------

LEFT_ORGANISATION = "Left the organisation."


@logs.logged
@transaction.atomic
def person_leave(*, actor: User, person: User) -> int:
    """The directory says `person` has left: their sign-in and API tokens
    stop at once (an inactive account signs nothing in), their open
    relationships end through the relationships service (history kept),
    their future meetings are cancelled, and once this commits each partner
    gets the CANCELs and a kind word and each programme's managers are told.
    Returns how many relationships ended; nothing happens twice."""
    require_identity_admin(actor)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not person.is_active:
        return 0
    person.is_active = False
    person.save(update_fields=["is_active"])
    ended = [
        relationship_change_status(
            actor=actor, relationship=r, to=Relationship.Status.ENDED_EARLY, note=LEFT_ORGANISATION
        )
        for r in Relationship.objects.filter(Q(mentor=person) | Q(mentee=person)).filter(
            status__in=Relationship.OPEN
        )
    ]
    cancelled = cancel_future_of(person=person, reason=LEFT_ORGANISATION)
    transaction.on_commit(lambda: _tell_about_departure(person, ended, cancelled))
    return len(ended)


def _tell_about_departure(person: User, ended: list[Relationship], cancelled: list[int]) -> None:
    meetings = list(
        Meeting.objects.filter(pk__in=cancelled).select_related(
            "relationship__mentor", "relationship__mentee", "series"
        )
    )
    for relationship in ended:
        partner = (
            relationship.mentee if relationship.mentor_id == person.pk else relationship.mentor
        )
        theirs = [m for m in meetings if m.relationship_id == relationship.pk]
        with transaction.atomic():
            cancel_for_departure(meetings=theirs, stays=[partner])
            notify(
                recipient=partner,
                message=PartnerLeft(relationship=relationship.pk, cancelled=len(theirs)),
                key=f"partner-left:{relationship.pk}",
            )
            for manager in relationship.programme.managers.filter(is_active=True):
                notify(
                    recipient=manager,
                    message=ParticipantLeft(person=person.pk, relationship=relationship.pk),
                    key=f"participant-left:{relationship.pk}:{manager.pk}",
                )


@logs.logged
@transaction.atomic
def person_return(*, actor: User, person: User) -> None:
    """The directory turns a leaver's account back on: they may sign in
    again; relationships that ended stay ended (a new match is a decision
    for the programme, not a side effect of a directory flag)."""
    require_identity_admin(actor)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])


# --- SCIM provisioning -----------------------------------------------------------

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
    the address when its holder proved it (never an unconfirmed one)."""
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
            run_later("kindred.identity.tasks.welcome_people", [person.pk])
        else:
            person_leave(actor=actor, person=person)
        return record
    record = ScimPerson.objects.create(user=person, user_name=values.user_name)
    _write_scim_values(actor, record, values)
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
    for field, value in _account_fields(values).items():
        setattr(person, field, value)
    person.save(update_fields=["email", *_account_fields(values)])
    for field, value in _record_fields(values).items():
        setattr(record, field, value)
    record.save()
    if person.is_active and not values.active:
        person_leave(actor=actor, person=person)
    elif values.active and not person.is_active:
        person_return(actor=actor, person=person)


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
