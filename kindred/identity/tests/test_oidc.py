"""Signing in through a real OpenID provider (the `oidc-provider` npm
package on loopback): the code flow with PKCE, state and nonce, accounts
made or linked just in time, groups mapped, SSO-only domains refusing
passwords, and what must be refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from kindred.accounts.models import User
from kindred.conftest import World, client_for
from kindred.identity import secrets
from kindred.identity.models import ExternalIdentity, IdentityProvider
from kindred.identity.tests.servers import (
    CLIENT_ID,
    CLIENT_SECRET,
    OpenIDProvider,
    openid_provider,
    sign_in_at_provider,
)
from kindred.programs.models import Membership, Programme, ProgrammeStatus

TESTSERVER = "http://testserver"


@pytest.fixture(scope="module")
def op() -> Iterator[OpenIDProvider]:
    with openid_provider(TESTSERVER, slugs=("corp", "other")) as running:
        yield running


def configure(op: OpenIDProvider, **extra: object) -> IdentityProvider:
    fields = {
        "name": "Corp SSO",
        "slug": "corp",
        "kind": IdentityProvider.Kind.OIDC,
        "discovery_url": op.discovery_url,
        "client_id": CLIENT_ID,
        "client_secret_encrypted": secrets.seal(CLIENT_SECRET),
        "scopes": "openid email profile groups",
        "allowed_domains": ["corp.example", "test.example"],
    } | extra
    return IdentityProvider.objects.create(**fields)


def sso(client: Client, login: str, slug: str = "corp", next_page: str = "") -> Any:
    """The whole round trip: Kindred sends the person to the provider, they
    sign in there, and the provider sends them back to Kindred."""
    start = client.get(f"/sso/{slug}/start/" + (f"?next={next_page}" if next_page else ""))
    assert start.status_code == 302, start.content
    back = sign_in_at_provider(start["Location"], login)
    parts = urlsplit(back)
    assert f"{parts.scheme}://{parts.netloc}" == TESTSERVER
    return client.get(parts.path, parse_qs(parts.query))


def signed_in_as(client: Client) -> User | None:
    response = client.get("/")
    user = response.wsgi_request.user
    return user if user.is_authenticated else None


def test_the_redirect_carries_pkce_state_and_nonce(world: World, op: OpenIDProvider) -> None:
    configure(op)
    location = Client().get("/sso/corp/start/")["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"] and query["nonce"]
    assert query["client_id"] == [CLIENT_ID]


def test_a_new_person_gets_an_account_just_in_time(world: World, op: OpenIDProvider) -> None:
    configure(op)
    client = Client()
    response = sso(client, "ada")
    assert response.status_code == 302 and response["Location"] == "/"
    person = signed_in_as(client)
    assert person is not None and person.email == "ada@corp.example"
    assert person.full_name == "Ada Lovelace" and person.email_verified
    assert not person.has_usable_password()
    assert ExternalIdentity.objects.get(user=person).subject == "ada"


def test_a_name_from_the_provider_is_made_one_plain_line(world: World, op: OpenIDProvider) -> None:
    configure(op)
    sso(Client(), "eve")
    assert User.objects.get(email="eve@corp.example").full_name == "Eve Bcc: x@y"


def test_a_verified_address_links_the_existing_account(world: World, op: OpenIDProvider) -> None:
    configure(op)
    client = Client()
    sso(client, "olu")
    assert signed_in_as(client) == world.owner
    world.owner.refresh_from_db()
    assert world.owner.full_name == "Olu Owner"  # HR's name is kept
    # Next time the subject decides, not the address.
    again = Client()
    sso(again, "olu")
    assert signed_in_as(again) == world.owner


def test_an_unverified_address_never_takes_over_an_account(
    world: World, op: OpenIDProvider
) -> None:
    """The provider does not speak for test.example here, and says Pat's
    address is unverified: linking it would hand Pat's account to whoever
    typed Pat's address at the provider."""
    configure(op, allowed_domains=[])
    client = Client()
    response = sso(client, "pat")
    assert response["Location"] == "/accounts/sign-in/"
    assert signed_in_as(client) is None
    assert not ExternalIdentity.objects.exists()
    page = client.get("/accounts/sign-in/").content.decode()
    assert "has not verified the address partner@test.example" in page


def test_an_unverified_address_of_a_domain_the_provider_speaks_for_is_taken(
    world: World, op: OpenIDProvider
) -> None:
    configure(op)
    client = Client()
    sso(client, "dee")  # no email_verified claim at all, as Entra ID
    assert signed_in_as(client).email == "dee@corp.example"  # type: ignore[union-attr]


def test_an_address_outside_the_allowed_domains_is_refused(
    world: World, op: OpenIDProvider
) -> None:
    configure(op)
    client = Client()
    sso(client, "cy")
    assert signed_in_as(client) is None
    assert not User.objects.filter(email="cy@elsewhere.example").exists()
    assert (
        "does not sign in addresses at elsewhere.example"
        in client.get("/accounts/sign-in/").content.decode()
    )


def test_groups_make_admins_and_enrol_in_programmes(world: World, op: OpenIDProvider) -> None:
    configure(
        op,
        admin_groups=["kindred-admins"],
        programme_groups=[{"group": "eng-mentors", "programme": "alpha", "role": "mentor"}],
    )
    client = Client()
    sso(client, "ada")
    ada = User.objects.get(email="ada@corp.example")
    assert ada.is_org_admin
    membership = Membership.objects.get(user=ada, programme=world.programme)
    assert membership.role == "mentor" and membership.source == Membership.Source.DIRECTORY
    # Out of the admin group at the provider: no longer an admin here.
    IdentityProvider.objects.update(admin_groups=["someone-else"])
    sso(Client(), "ada")
    ada.refresh_from_db()
    assert not ada.is_org_admin
    assert Membership.objects.filter(user=ada).count() == 1  # never unenrolled


def test_a_closed_programme_takes_nobody_from_a_group(world: World, op: OpenIDProvider) -> None:
    Programme.objects.filter(pk=world.programme.pk).update(status=ProgrammeStatus.CLOSED)
    configure(
        op, programme_groups=[{"group": "eng-mentors", "programme": "alpha", "role": "mentor"}]
    )
    sso(Client(), "ada")
    assert not Membership.objects.filter(user__email="ada@corp.example").exists()


def test_a_closed_account_cannot_come_back_through_the_provider(
    world: World, op: OpenIDProvider
) -> None:
    configure(op)
    User.objects.filter(pk=world.owner.pk).update(is_active=False)
    client = Client()
    sso(client, "olu")
    assert signed_in_as(client) is None


def test_next_is_kept_but_only_on_this_site(world: World, op: OpenIDProvider) -> None:
    configure(op)
    assert sso(Client(), "ada", next_page="/notifications/")["Location"] == "/notifications/"
    assert sso(Client(), "ada", next_page="https://evil.example/")["Location"] == "/"


def test_a_replayed_or_forged_callback_is_refused(world: World, op: OpenIDProvider) -> None:
    configure(op)
    client = Client()
    start = client.get("/sso/corp/start/")
    back = urlsplit(sign_in_at_provider(start["Location"], "ada"))
    query = parse_qs(back.query)
    # Another browser (no state in its session) cannot use the code.
    stranger = Client()
    assert stranger.get(back.path, query)["Location"] == "/accounts/sign-in/"
    assert signed_in_as(stranger) is None
    assert client.get(back.path, query)["Location"] == "/"
    # The same answer again, in the same browser: the state is spent.
    client.post("/accounts/sign-out/")
    assert client.get(back.path, query)["Location"] == "/accounts/sign-in/"
    assert signed_in_as(client) is None


def test_an_id_token_for_another_nonce_is_refused(world: World, op: OpenIDProvider) -> None:
    """What the browser session expects is what the ID token must carry: a
    token minted for another sign-in (another nonce) is not accepted."""
    configure(op)
    client = Client()
    start = client.get("/sso/corp/start/")
    back = urlsplit(sign_in_at_provider(start["Location"], "ada"))
    session = client.session
    (key,) = [k for k in session.keys() if k.startswith("_state_corp_")]  # noqa: SIM118
    remembered = session[key]
    remembered["data"]["nonce"] = "a-nonce-of-another-sign-in"
    session[key] = remembered
    session.save()
    assert client.get(back.path, parse_qs(back.query))["Location"] == "/accounts/sign-in/"
    assert signed_in_as(client) is None


def test_a_wrong_client_secret_signs_nobody_in(world: World, op: OpenIDProvider) -> None:
    configure(op, client_secret_encrypted=secrets.seal("not-the-secret"))
    client = Client()
    assert sso(client, "ada")["Location"] == "/accounts/sign-in/"
    assert signed_in_as(client) is None


def test_an_unknown_or_disabled_provider_is_not_found(world: World, op: OpenIDProvider) -> None:
    configure(op, enabled=False)
    assert Client().get("/sso/corp/start/").status_code == 404
    assert Client().get("/sso/nope/callback/").status_code == 404


def test_sso_only_domains_refuse_passwords_and_resets(world: World, op: OpenIDProvider) -> None:
    configure(op, sso_only=True)
    client = Client()
    response = client.post(
        "/accounts/sign-in/", {"username": "owner@test.example", "password": "a-long-test-password"}
    )
    assert response.status_code == 200
    assert "Your organisation signs you in through Corp SSO" in response.content.decode()
    assert signed_in_as(client) is None
    reset = client.post("/accounts/password/reset/", {"email": "owner@test.example"})
    assert "Corp SSO" in reset.content.decode()
    # The break-glass account: a superuser keeps the password.
    User.objects.filter(pk=world.admin.pk).update(is_superuser=True)
    response = client.post(
        "/accounts/sign-in/", {"username": "admin@test.example", "password": "a-long-test-password"}
    )
    assert response.status_code == 302


def test_the_sign_in_page_offers_each_enabled_provider(world: World, op: OpenIDProvider) -> None:
    configure(op)
    configure(op, name="Partner IdP", slug="other", enabled=False)
    page = Client().get("/accounts/sign-in/?next=/notifications/").content.decode()
    assert "Sign in with Corp SSO" in page
    assert 'href="/sso/corp/start/?next=/notifications/"' in page
    assert "Partner IdP" not in page


def test_signing_out_offers_the_providers_sign_out(world: World, op: OpenIDProvider) -> None:
    configure(op)
    client = Client()
    sso(client, "ada")
    page = client.post("/accounts/sign-out/")
    assert page.status_code == 200
    assert signed_in_as(client) is None
    link = page.context["logout_url"]
    assert link.startswith(f"{op.issuer}/session/end?")
    assert "id_token_hint=" in link
    # Signed in with a password: straight back to the sign-in page.
    assert client_for(world.owner).post("/accounts/sign-out/")["Location"] == "/accounts/sign-in/"


# --- configuring a provider in the app ----------------------------------------


def provider_form(op: OpenIDProvider, **changes: str) -> dict[str, str]:
    return {
        "name": "Corp SSO",
        "slug": "corp",
        "enabled": "on",
        "discovery_url": op.discovery_url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "client_secret_env": "",
        "scopes": "openid email profile groups",
        "domains": "corp.example\n@Test.example",
        "admins": "kindred-admins",
        "programmes": "eng-mentors alpha mentor",
        "groups_claim": "groups",
    } | changes


def test_an_admin_configures_a_provider_and_its_secret_is_sealed(
    world: World, op: OpenIDProvider
) -> None:
    admin = client_for(world.admin)
    response = admin.post("/identity/providers/new/?kind=oidc", provider_form(op))
    provider = IdentityProvider.objects.get()
    assert response["Location"] == f"/identity/providers/{provider.pk}/"
    assert provider.allowed_domains == ["corp.example", "test.example"]
    assert provider.programme_groups == [
        {"group": "eng-mentors", "programme": "alpha", "role": "mentor"}
    ]
    assert CLIENT_SECRET not in provider.client_secret_encrypted
    assert secrets.unseal(provider.client_secret_encrypted) == CLIENT_SECRET
    page = admin.get(f"/identity/providers/{provider.pk}/").content.decode()
    assert "http://testserver/sso/corp/callback/" in page  # what to register at the provider
    assert CLIENT_SECRET not in page
    # Saved again without a secret: the stored one stays, and sign-in works.
    admin.post(f"/identity/providers/{provider.pk}/", provider_form(op, client_secret=""))
    provider.refresh_from_db()
    assert secrets.unseal(provider.client_secret_encrypted) == CLIENT_SECRET
    client = Client()
    sso(client, "ada")
    assert signed_in_as(client).email == "ada@corp.example"  # type: ignore[union-attr]


def test_the_secret_can_live_in_the_environment(
    world: World, op: OpenIDProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KINDRED_CORP_SECRET", CLIENT_SECRET)
    client_for(world.admin).post(
        "/identity/providers/new/",
        provider_form(op, client_secret="", client_secret_env="KINDRED_CORP_SECRET"),
    )
    assert IdentityProvider.objects.get().client_secret_encrypted == ""
    client = Client()
    sso(client, "ada")
    assert signed_in_as(client) is not None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"discovery_url": "http://127.0.0.1:9/.well-known/openid-configuration"},
         "discovery_url", "could not be read"),
        ({"client_secret": ""}, "client_secret", "Give the client secret"),
        ({"domains": "not a domain"}, "domains", "is not an e-mail domain"),
        ({"programmes": "eng-mentors nowhere mentor"}, "programmes", "no programme"),
        ({"programmes": "eng-mentors alpha boss"}, "programmes", "mentor or mentee"),
        ({"domains": "", "sso_only": "on"}, "sso_only", "needs the domains"),
        ({"name": "Corp\u202eSSO"}, "name", "one line of plain text"),
    ],
)  # fmt: skip
def test_a_provider_with_a_mistake_is_refused_and_nothing_saved(
    world: World, op: OpenIDProvider, changes: dict[str, str], field: str, words: str
) -> None:
    response = client_for(world.admin).post(
        "/identity/providers/new/?kind=oidc", provider_form(op, **changes)
    )
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert not IdentityProvider.objects.exists()
