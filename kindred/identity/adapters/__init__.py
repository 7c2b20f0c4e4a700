"""One adapter per protocol behind one small interface: start a sign-in at
the provider, read what the provider says when the person comes back, and
where to send them to sign out there too."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from django.http import HttpRequest, HttpResponse

from kindred.identity.models import IdentityProvider


class SignInFailed(Exception):
    """The provider's answer cannot be trusted or used; the message is for
    the person, the cause for the log."""


@dataclass(frozen=True)
class Assertion:
    """What a provider vouches for about the person signing in."""

    subject: str
    email: str
    email_verified: bool
    name: str = ""
    groups: tuple[str, ...] = ()
    # Kept in the session to sign out at the provider too (OIDC id_token).
    logout_hint: dict[str, str] = field(default_factory=dict)


class Adapter(Protocol):
    def begin(
        self, request: HttpRequest, provider: IdentityProvider, return_to: str
    ) -> HttpResponse: ...

    def finish(
        self, request: HttpRequest, provider: IdentityProvider, return_to: str
    ) -> Assertion: ...

    def logout_url(
        self, provider: IdentityProvider, hint: dict[str, str], return_to: str
    ) -> str | None: ...


def adapter_for(provider: IdentityProvider) -> Adapter:
    from kindred.identity.adapters.oidc import OpenIDConnect
    from kindred.identity.adapters.saml import Saml

    return Saml() if provider.is_saml else OpenIDConnect()
