"""Configuring identity providers (organisation admins) and signing a
person in through one, creating or linking their account just in time."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User, normalise_email
from kindred.identity import secrets
from kindred.identity.adapters import Assertion, SignInFailed
from kindred.identity.models import ExternalIdentity, IdentityProvider
from kindred.identity.policies import require_identity_admin
from kindred.lib import logs
from kindred.lib.errors import NotFound
from kindred.lib.text import one_line
from kindred.programs.models import Membership, Programme
from kindred.programs.services import membership_enrol

NO_EMAIL = gettext_noop(
    "Your identity provider did not share your e-mail address, which Kindred needs: "
    "ask your IT team to release the email claim to Kindred."
)
CLOSED = gettext_noop(
    "This account has been closed. If you think that is a mistake, ask your programme manager."
)


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
    deleted, _kinds = IdentityProvider.objects.filter(pk=provider_id).delete()
    if not deleted:
        raise NotFound(_("No such identity provider."))


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
        raise SignInFailed(_(NO_EMAIL))
    if provider.allowed_domains and not provider.speaks_for(email):
        raise SignInFailed(
            _("%(provider)s does not sign in addresses at %(domain)s.")
            % {"provider": provider.name, "domain": email.partition("@")[2]}
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
        raise SignInFailed(_(CLOSED))
    _apply_groups(provider, person, set(assertion.groups))
    return person


def _link_new_subject(provider: IdentityProvider, assertion: Assertion, email: str) -> User:
    if not (assertion.email_verified or provider.speaks_for(email)):
        raise SignInFailed(
            _(
                "%(provider)s has not verified the address %(address)s, so Kindred cannot "
                "link it to an account. Ask your IT team to verify it."
            )
            % {"provider": provider.name, "address": email}
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
            _(
                "This address is already linked to another %(provider)s account. Ask an "
                "organisation admin to unlink it."
            )
            % {"provider": provider.name}
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
