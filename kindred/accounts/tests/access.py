"""Who may reach each of accounts's pages and endpoints."""

from __future__ import annotations

from kindred.accounts.models import Passkey
from kindred.conftest import TEST_PASSWORD, World
from kindred.lib.tests.access import ACTORS, SIGNED_IN, Case, Rows, the_world
from kindred.lib.tests.shared_rows import EVERYONE, NOBODY_ELSE, owner_token_id, pair_setup


def owner_passkey_id(world: World) -> int:
    passkey, _ = Passkey.objects.get_or_create(
        user=world.owner, name="Phone", credential_id="b3duZXI", defaults={"public_key": b"k"}
    )
    return passkey.pk


WORLD_ROWS = [
    Case("tokens", "get", lambda w: "/accounts/tokens/", SIGNED_IN),
    Case("sign-in security", "get", lambda w: "/accounts/security/", SIGNED_IN),
    Case("language", "get", lambda w: "/accounts/language/", SIGNED_IN),
    Case(
        "choose a language",
        "post",
        lambda w: "/accounts/language/",
        dict.fromkeys(SIGNED_IN, 302),  # each their own
        body=lambda w: {"language": "ja"},
    ),
    Case(
        "passkey registration options",
        "post",
        lambda w: "/accounts/security/passkeys/options/",
        SIGNED_IN,
    ),
    # Not a credential: refused, whoever sends it.
    Case(
        "add a passkey",
        "post",
        lambda w: "/accounts/security/passkeys/",
        dict.fromkeys(ACTORS, 400),
        body=lambda w: {"name": "x", "credential": {"id": "x"}},
        json=True,
    ),
    Case(
        "remove a passkey",
        "post",
        lambda w: f"/accounts/security/passkeys/{owner_passkey_id(w)}/remove/",
        NOBODY_ELSE | {"owner": 302},
        body=lambda w: {"password": TEST_PASSWORD},
        route="accounts:passkey_remove",
    ),
    # Half signed in only: without a password step there is nothing to prove.
    Case(
        "passkey sign-in options",
        "post",
        lambda w: "/accounts/sign-in/passkey/options/",
        dict.fromkeys(ACTORS, 400),
        anonymous=400,
    ),
    Case(
        "passkey sign-in",
        "post",
        lambda w: "/accounts/sign-in/passkey/",
        dict.fromkeys(ACTORS, 400),
        anonymous=400,
    ),
    # Without a password step first there is no code to ask for: start again.
    Case(
        "sign-in code",
        "get",
        lambda w: "/accounts/sign-in/code/",
        dict.fromkeys(ACTORS, 302),
        anonymous=302,
    ),
    Case(
        "token revoke",
        "post",
        lambda w: f"/accounts/tokens/{owner_token_id(w)}/revoke/",
        dict.fromkeys(ACTORS, 404) | {"owner": 302},
        route="accounts:token_revoke",
    ),
]


PAIR_ROWS = [
    Case(
        "sign in", "get", lambda s: "/accounts/sign-in/", dict.fromkeys(ACTORS, 302), anonymous=200
    ),
    Case(
        "sign out",
        "post",
        lambda s: "/accounts/sign-out/",
        dict.fromkeys(ACTORS, 302),
        anonymous=302,
    ),
    Case("password reset", "get", lambda s: "/accounts/password/reset/", EVERYONE, anonymous=200),
    Case(
        "password reset sent",
        "get",
        lambda s: "/accounts/password/reset/sent/",
        EVERYONE,
        anonymous=200,
    ),
    Case(
        "password reset link",
        "get",
        lambda s: s.reset,
        # Whoever holds a valid link goes on to set a password; signing in
        # (as the owner just did) makes the owner's own link invalid.
        dict.fromkeys(ACTORS, 302) | {"owner": 200},
        anonymous=302,
        anonymous_to="/accounts/password/reset/",  # on to setting the password
        route="accounts:password_reset_confirm",
    ),
    Case(
        "password reset complete",
        "get",
        lambda s: "/accounts/password/reset/complete/",
        EVERYONE,
        anonymous=200,
    ),
    Case("your data", "get", lambda s: "/accounts/my-data/", SIGNED_IN),
    Case("download your data", "get", lambda s: "/accounts/my-data.json", SIGNED_IN),
    Case(
        "erase a person",
        "get",
        lambda s: f"/accounts/people/{s.pair.mentee_id}/erase/",
        NOBODY_ELSE | {"admin": 200},
    ),
    Case(
        "erase a person, confirmed",
        "post",
        lambda s: f"/accounts/people/{s.pair.mentee_id}/erase/",
        NOBODY_ELSE | {"admin": 302},
        body=lambda s: {"confirm_email": "owner@test.example"},
    ),
    Case("download your data", "get", lambda s: "/api/v1/me/export", SIGNED_IN, api=True),
]

ROWS = [Rows(the_world, WORLD_ROWS), Rows(pair_setup, PAIR_ROWS)]
