"""OpenID Connect through Authlib: the authorisation code flow with PKCE
(S256), state and nonce kept in the session, the ID token's signature
checked against the provider's published keys and its issuer, audience,
expiry and nonce checked by Authlib. Kindred adds what Authlib leaves to
the application: reading e-mail from userinfo when the ID token leaves it
out, and refusing an answer about a different subject."""

from __future__ import annotations

import logging
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth, OAuthError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from joserfc.errors import JoseError
from requests import RequestException

from kindred.identity import secrets
from kindred.identity.adapters import Assertion, SignInFailed
from kindred.identity.models import IdentityProvider

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
UNREACHABLE = gettext_noop("The identity provider could not be reached. Try again in a moment.")
REFUSED = gettext_noop(
    "The identity provider's answer could not be checked, so you were not signed in."
)


def client_secret(provider: IdentityProvider) -> str:
    if provider.client_secret_env:
        return secrets.from_environment(provider.client_secret_env)
    return secrets.unseal(provider.client_secret_encrypted)


def _client(provider: IdentityProvider) -> Any:
    # A registry per use: an admin's edit applies to the next sign-in.
    return OAuth().register(
        name=provider.slug,
        client_id=provider.client_id,
        client_secret=client_secret(provider),
        server_metadata_url=provider.discovery_url,
        client_kwargs={
            "scope": provider.scopes,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT_SECONDS,
        },
    )


class OpenIDConnect:
    def begin(
        self, request: HttpRequest, provider: IdentityProvider, return_to: str
    ) -> HttpResponse:
        try:
            return _client(provider).authorize_redirect(request, return_to)
        except (RequestException, ValueError) as exc:
            log.warning("oidc discovery failed for %s: %s", provider.slug, exc)
            raise SignInFailed(_(UNREACHABLE)) from exc
        except secrets.SecretUnavailable as exc:
            raise SignInFailed(str(exc)) from exc

    def finish(self, request: HttpRequest, provider: IdentityProvider, return_to: str) -> Assertion:
        client = _client(provider)
        try:
            token = client.authorize_access_token(request)
            claims = dict(token.get("userinfo") or {})
            if not claims:
                raise SignInFailed(_(REFUSED))
            if "email" not in claims:
                claims = _with_userinfo(client, token, claims)
        except OAuthError as exc:
            log.info("oidc sign-in refused by %s: %s", provider.slug, exc)
            raise SignInFailed(_words_for(exc)) from exc
        except (AuthlibBaseError, JoseError) as exc:
            log.warning("oidc token from %s failed checks: %s", provider.slug, exc)
            raise SignInFailed(_(REFUSED)) from exc
        except RequestException as exc:
            log.warning("oidc token request to %s failed: %s", provider.slug, exc)
            raise SignInFailed(_(UNREACHABLE)) from exc
        return _assertion(provider, claims, token.get("id_token", ""))

    def logout_url(
        self, provider: IdentityProvider, hint: dict[str, str], return_to: str
    ) -> str | None:
        """RP-initiated logout, where the provider publishes an end-session
        endpoint; None where it does not."""
        try:
            client = _client(provider)
            if not client.load_server_metadata().get("end_session_endpoint"):
                return None
            result = client.create_logout_url(
                post_logout_redirect_uri=return_to, id_token_hint=hint.get("id_token")
            )
        except (RequestException, ValueError, secrets.SecretUnavailable, AuthlibBaseError):
            return None
        return str(result["url"])


def _with_userinfo(client: Any, token: dict[str, Any], claims: dict[str, Any]) -> dict[str, Any]:
    """The userinfo endpoint's claims, which must be about the same subject
    as the ID token (OpenID Connect Core 5.3.2)."""
    info = dict(client.userinfo(token=token))
    if info.get("sub") != claims.get("sub"):
        raise SignInFailed(_(REFUSED))
    return claims | info


def _words_for(exc: OAuthError) -> str:
    if exc.error == "access_denied":
        return _("The identity provider did not let you in (or you cancelled).")
    if exc.error == "mismatching_state":
        return _("That sign-in link was already used or has expired: start again.")
    return _(REFUSED)


def _assertion(provider: IdentityProvider, claims: dict[str, Any], id_token: str) -> Assertion:
    groups = claims.get(provider.groups_claim) if provider.groups_claim else None
    return Assertion(
        subject=str(claims["sub"]),
        email=str(claims.get("email") or ""),
        # True, or the string "true" that some providers send; nothing else.
        email_verified=claims.get("email_verified") in (True, "true"),
        name=str(claims.get("name") or ""),
        groups=tuple(str(g) for g in groups) if isinstance(groups, list) else (),
        logout_hint={"id_token": id_token} if id_token else {},
    )


REQUIRED_METADATA = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


def discovery_problem(url: str) -> str:
    """Why the discovery document at `url` cannot be used, or "": checked
    when an admin saves the provider, so a typo shows then and not at the
    first person's sign-in."""
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        metadata = response.json()
    except (RequestException, ValueError) as exc:
        return _("The discovery document could not be read (%(error)s).") % {
            "error": type(exc).__name__
        }
    if not isinstance(metadata, dict):
        return _("The discovery document is not a JSON object.")
    missing = [key for key in REQUIRED_METADATA if not metadata.get(key)]
    if missing:
        return _("The discovery document lacks %(keys)s.") % {"keys": ", ".join(missing)}
    return ""
