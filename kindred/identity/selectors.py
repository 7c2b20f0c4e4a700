"""Reads for identity: which providers a sign-in page offers, and who must
sign in through one."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from kindred.accounts.models import User, normalise_email
from kindred.identity.models import IdentityProvider, ScimGroup


def providers_offered() -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.filter(enabled=True).order_by("name")


def provider_for_sign_in(slug: str) -> IdentityProvider | None:
    return providers_offered().filter(slug=slug).first()


def sso_only_provider(email: str) -> IdentityProvider | None:
    """The provider that alone signs in this address, if its domain is
    "SSO only"."""
    return provider_speaking_for(email, sso_only=True)


def password_refusal(email: str) -> str:
    """Why this address may not use a password, or "". A superuser keeps
    their password: the break-glass account when the provider is down."""
    provider = sso_only_provider(email)
    if provider is None:
        return ""
    if User.objects.filter(email=normalise_email(email), is_superuser=True).exists():
        return ""
    return _(
        "Your organisation signs you in through %(provider)s: use the “Sign in with "
        "%(provider)s” button. Kindred keeps no password for you."
    ) % {"provider": provider.name}


def provider_speaking_for(email: str, *, sso_only: bool = False) -> IdentityProvider | None:
    """The enabled provider that is the authority for this address's domain
    (only an "SSO only" one, if asked)."""
    providers = providers_offered().filter(sso_only=True) if sso_only else providers_offered()
    return next((p for p in providers if p.speaks_for(email)), None)


def directory_groups() -> QuerySet[ScimGroup]:
    """The directory's groups with how many members each has, for the
    provisioning page."""
    return ScimGroup.objects.select_related("programme").annotate(member_count=Count("members"))
