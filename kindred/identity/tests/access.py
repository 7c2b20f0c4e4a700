"""Who may reach each of identity's pages: configuring providers is for
organisation admins only (a programme manager, even of every programme,
is refused); the sign-in round trip answers anyone, for providers that
exist and are on."""

from __future__ import annotations

from kindred.conftest import World
from kindred.identity.models import IdentityProvider, RosterUpload, ScimGroup
from kindred.identity.services import scim_token_create
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


def scim_token_id(world: World) -> int:
    token, _ = scim_token_create(actor=world.admin, name="Entra")
    return token.pk


def group_id(world: World) -> int:
    group, _ = ScimGroup.objects.get_or_create(display_name="Mentors")
    return group.pk


def upload_id(world: World) -> int:
    data = b"email,full_name,title,level,department,manager_email,location,timezone,languages\n"
    data += b"admin@test.example,Ada Admin,,,,,,Europe/London,en\n"
    return RosterUpload.objects.create(actor=world.admin, data=data, filename="r.csv").pk


# SCIM answers bearer tokens only: a browser session, even an admin's, is 401.
SCIM_ONLY = dict.fromkeys(ACTORS, 401)
SCIM_ROWS = [
    Case(f"SCIM {name}", method, (lambda p: lambda w: p)(path), SCIM_ONLY, anonymous=401,
         route=route)
    for name, method, path, route in [
        ("users", "get", "/scim/v2/Users", "identity:scim_users"),
        ("a user", "get", "/scim/v2/Users/0a21f0f2-8d2a-4f8e-8f2e-1b1c4d4e5f60",
         "identity:scim_user"),
        ("search", "post", "/scim/v2/Users/.search", "identity:scim_search"),
        ("search everything", "post", "/scim/v2/.search", "identity:scim_search_all"),
        ("groups", "get", "/scim/v2/Groups", "identity:scim_groups"),
        ("a group", "get", "/scim/v2/Groups/0a21f0f2-8d2a-4f8e-8f2e-1b1c4d4e5f60",
         "identity:scim_group"),
        ("search groups", "post", "/scim/v2/Groups/.search", "identity:scim_search_groups"),
        ("service provider config", "get", "/scim/v2/ServiceProviderConfig",
         "identity:scim_service_provider_config"),
        ("resource types", "get", "/scim/v2/ResourceTypes", "identity:scim_resource_types"),
        ("a resource type", "get", "/scim/v2/ResourceTypes/User", "identity:scim_resource_type"),
        ("schemas", "get", "/scim/v2/Schemas", "identity:scim_schemas"),
        ("a schema", "get", "/scim/v2/Schemas/x", "identity:scim_schema"),
        ("nothing", "get", "/scim/v2/Nothing", "identity:scim_nothing_here"),
    ]
] + [
    Case("SCIM provisioning", "get", lambda w: "/identity/provisioning/", ADMIN_ONLY),
    Case("make a SCIM token", "post", lambda w: "/identity/provisioning/",
         ADMIN_ONLY, body=lambda w: {"name": "Okta"}),
    Case("revoke a SCIM token", "post",
         lambda w: f"/identity/provisioning/tokens/{scim_token_id(w)}/revoke/",
         ADMIN_ONLY | {"admin": 302}, route="identity:scim_token_revoke"),
    Case("a directory group", "get",
         lambda w: f"/identity/provisioning/groups/{group_id(w)}/",
         ADMIN_ONLY, route="identity:scim_group_map"),
    Case("map a directory group", "post",
         lambda w: f"/identity/provisioning/groups/{group_id(w)}/",
         ADMIN_ONLY | {"admin": 302}, body=lambda w: {"grants": "mentee",
                                                     "programme": w.programme.pk},
         route="identity:scim_group_map"),
    Case("roster sync", "get", lambda w: "/identity/roster/", ADMIN_ONLY),
    Case("upload a roster", "post", lambda w: "/identity/roster/", ADMIN_ONLY | {"admin": 422},
         body=lambda w: {"file": ""}),
    Case("roster sync settings", "post", lambda w: "/identity/roster/settings/",
         ADMIN_ONLY | {"admin": 302}, body=lambda w: {"every_hours": 24,
                                                     "max_leavers_percent": 5}),
    Case("pull the roster now", "post", lambda w: "/identity/roster/run/",
         ADMIN_ONLY | {"admin": 302}),
    Case("a roster preview", "get", lambda w: f"/identity/roster/uploads/{upload_id(w)}/",
         ADMIN_ONLY, route="identity:roster_preview"),
]  # fmt: skip

ROWS = [Rows(the_world, WORLD_ROWS + SCIM_ROWS)]
