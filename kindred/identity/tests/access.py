"""Who may reach each of identity's pages: configuring providers is for
organisation admins only (a programme manager, even of every programme,
is refused); the sign-in round trip answers anyone, for providers that
exist and are on."""

from __future__ import annotations

from kindred.conftest import World
from kindred.identity.models import IdentityProvider
from kindred.lib.tests.access import ACTORS, Case, Rows, the_world

ADMIN_ONLY = dict.fromkeys(ACTORS, 403) | {"admin": 200}
NOT_FOUND = dict.fromkeys(ACTORS, 404)


def provider_id(world: World) -> int:
    provider, _ = IdentityProvider.objects.get_or_create(
        slug="corp",
        defaults={
            "name": "Corp",
            "kind": IdentityProvider.Kind.OIDC,
            "discovery_url": "http://127.0.0.1:9/.well-known/openid-configuration",
            "client_id": "kindred",
        },
    )
    return provider.pk


WORLD_ROWS = [
    Case("identity providers", "get", lambda w: "/identity/providers/", ADMIN_ONLY),
    Case("add an identity provider", "get", lambda w: "/identity/providers/new/", ADMIN_ONLY),
    Case(
        "an identity provider",
        "get",
        lambda w: f"/identity/providers/{provider_id(w)}/",
        ADMIN_ONLY,
        route="identity:provider",
    ),
    Case(
        "remove an identity provider",
        "post",
        lambda w: f"/identity/providers/{provider_id(w)}/delete/",
        ADMIN_ONLY | {"admin": 302},
        route="identity:provider_delete",
    ),
    Case(
        "sign in through an unknown provider",
        "get",
        lambda w: "/sso/nowhere/start/",
        NOT_FOUND,
        anonymous=404,
    ),
    Case(
        "come back from an unknown provider",
        "get",
        lambda w: "/sso/nowhere/callback/",
        NOT_FOUND,
        anonymous=404,
    ),
    Case(
        "the SAML metadata of an unknown provider",
        "get",
        lambda w: "/sso/nowhere/metadata/",
        NOT_FOUND,
        anonymous=404,
    ),
    Case(
        "the SAML metadata of an OpenID provider",
        "get",
        lambda w: f"/sso/corp/metadata/?p={provider_id(w)}",
        NOT_FOUND,
        anonymous=404,
        route="identity:saml_metadata",
    ),
    # Its discovery document cannot be fetched: told so on the sign-in page.
    Case(
        "sign in through an unreachable provider",
        "get",
        lambda w: f"/sso/corp/start/?p={provider_id(w)}",
        dict.fromkeys(ACTORS, 302),
        route="identity:start",
    ),
    Case(
        "come back from a provider without having gone",
        "get",
        lambda w: f"/sso/corp/callback/?p={provider_id(w)}&code=x&state=y",
        dict.fromkeys(ACTORS, 302),
        route="identity:callback",
    ),
]

ROWS = [Rows(the_world, WORLD_ROWS)]
