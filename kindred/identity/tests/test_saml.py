"""Signing in through a real SAML 2.0 identity provider (pysaml2's IdP on
loopback, signing with xmlsec1): SP- and IdP-initiated, and each answer
Kindred must refuse."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from kindred.accounts.models import User
from kindred.conftest import World, client_for
from kindred.identity.models import ExternalIdentity, IdentityProvider, SeenAssertion
from kindred.identity.tests.servers.saml_idp import SamlIdP, saml_idp

ACS = "http://testserver/sso/corp-saml/callback/"
AUDIENCE = "http://testserver/sso/corp-saml/metadata/"


@pytest.fixture
def idp(world: World, tmp_path: Path) -> Iterator[SamlIdP]:
    with saml_idp(tmp_path) as running:
        IdentityProvider.objects.create(
            name="Corp SAML",
            slug="corp-saml",
            kind=IdentityProvider.Kind.SAML,
            saml_metadata_xml=running.metadata(),
            allowed_domains=["corp.example", "test.example"],
            admin_groups=["kindred-admins"],
        )
        # The IdP learns Kindred from Kindred's own metadata, as an admin would.
        running.sp_metadata = Client().get("/sso/corp-saml/metadata/").content.decode()
        yield running


def post_answer(client: Client, answer: str) -> Any:
    return client.post("/sso/corp-saml/callback/", {"SAMLResponse": answer})


def signed_in_as(client: Client) -> User | None:
    user = client.get("/").wsgi_request.user
    return user if user.is_authenticated else None


def test_kindreds_metadata_names_its_entity_and_where_answers_go(idp: SamlIdP) -> None:
    response = Client().get("/sso/corp-saml/metadata/")
    assert response["Content-Type"] == "application/samlmetadata+xml"
    xml = response.content.decode()
    assert f'entityID="{AUDIENCE}"' in xml
    assert f'Location="{ACS}"' in xml
    assert 'WantAssertionsSigned="true"' in xml


def test_idp_initiated_sign_in_creates_the_account_just_in_time(idp: SamlIdP) -> None:
    client = Client()
    response = post_answer(client, idp.answer("ada", acs=ACS, audience=AUDIENCE))
    assert response["Location"] == "/"
    ada = signed_in_as(client)
    assert ada is not None and ada.email == "ada@corp.example"
    assert ada.full_name == "Ada Lovelace" and ada.is_org_admin
    assert ExternalIdentity.objects.get(user=ada).subject == "corp-ada"


def test_sp_initiated_sign_in_through_the_idps_pages(idp: SamlIdP, world: World) -> None:
    client = Client()
    start = client.get("/sso/corp-saml/start/")
    assert start["Location"].startswith(f"{idp.base}/sso?SAMLRequest=")
    browser = requests.Session()
    page = browser.get(start["Location"], timeout=10).text
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page))
    posted = browser.post(
        urljoin(idp.base, "/login"), data=fields | {"username": "olu", "password": "x"}, timeout=10
    ).text
    answer = re.search(r'name="SAMLResponse" value="([^"]+)"', posted)
    assert answer, posted[:2000]
    assert f'action="{ACS}"' in posted
    assert post_answer(client, answer.group(1))["Location"] == "/"
    assert signed_in_as(client) == world.owner  # linked by the domain the IdP speaks for


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param({"sign": False}, id="unsigned"),
        pytest.param({"audience": "http://another-sp.example/metadata/"}, id="wrong-audience"),
        pytest.param({"acs": "http://another-sp.example/acs/"}, id="wrong-recipient"),
    ],
)
def test_an_answer_that_fails_a_check_signs_nobody_in(idp: SamlIdP, spoil: dict[str, Any]) -> None:
    client = Client()
    answer = idp.answer("ada", **({"acs": ACS, "audience": AUDIENCE} | spoil))
    assert post_answer(client, answer)["Location"] == "/accounts/sign-in/"
    assert signed_in_as(client) is None
    assert not User.objects.filter(email="ada@corp.example").exists()


def test_an_answer_signed_with_another_key_is_refused(idp: SamlIdP) -> None:
    idp.key = "an-impostor"  # same entity ID, a key the metadata does not hold
    client = Client()
    assert (
        post_answer(client, idp.answer("ada", acs=ACS, audience=AUDIENCE))["Location"]
        == "/accounts/sign-in/"
    )
    assert signed_in_as(client) is None


def test_an_expired_answer_is_refused(idp: SamlIdP) -> None:
    idp.lifetime_minutes = -10
    client = Client()
    post_answer(client, idp.answer("ada", acs=ACS, audience=AUDIENCE))
    assert signed_in_as(client) is None


def test_a_replayed_answer_is_refused(idp: SamlIdP) -> None:
    answer = idp.answer("ada", acs=ACS, audience=AUDIENCE)
    first = Client()
    post_answer(first, answer)
    assert signed_in_as(first) is not None
    # Kept as long as the assertion could be used: its lifetime and the skew.
    kept_for = SeenAssertion.objects.get().expires_at - timezone.now()
    assert dt.timedelta(minutes=15) < kept_for <= dt.timedelta(minutes=16, seconds=5)
    second = Client()
    assert post_answer(second, answer)["Location"] == "/accounts/sign-in/"
    assert signed_in_as(second) is None


def test_an_address_outside_the_domains_is_refused(idp: SamlIdP) -> None:
    client = Client()
    post_answer(client, idp.answer("cy", acs=ACS, audience=AUDIENCE))
    assert signed_in_as(client) is None


def test_a_callback_without_an_answer_is_refused(idp: SamlIdP) -> None:
    assert Client().get("/sso/corp-saml/callback/")["Location"] == "/accounts/sign-in/"
    assert post_answer(Client(), "bm90IHhtbA==")["Location"] == "/accounts/sign-in/"


# --- configuring SAML in the app ----------------------------------------------


def saml_form(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Corp SAML",
        "slug": "corp2",
        "enabled": "on",
        "domains": "corp.example",
        "groups_claim": "groups",
        "admins": "",
        "programmes": "",
    } | changes


def test_an_admin_adds_a_saml_provider_by_uploading_its_metadata(
    idp: SamlIdP, world: World
) -> None:
    upload = SimpleUploadedFile("idp.xml", idp.metadata().encode(), "text/xml")
    response = client_for(world.admin).post(
        "/identity/providers/new/?kind=saml", saml_form(metadata_file=upload)
    )
    provider = IdentityProvider.objects.get(slug="corp2")
    assert response["Location"] == f"/identity/providers/{provider.pk}/"
    assert provider.is_saml and idp.entity_id in provider.saml_metadata_xml
    page = client_for(world.admin).get(f"/identity/providers/{provider.pk}/").content.decode()
    assert "http://testserver/sso/corp2/metadata/" in page


def test_an_admin_adds_a_saml_provider_by_its_metadata_address(idp: SamlIdP, world: World) -> None:
    client_for(world.admin).post(
        "/identity/providers/new/?kind=saml",
        saml_form(saml_metadata_url=f"{idp.base}/metadata"),
    )
    assert idp.entity_id in IdentityProvider.objects.get(slug="corp2").saml_metadata_xml


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"metadata_file": SimpleUploadedFile("x.xml", b"<not-metadata/>")},
         "metadata_file", "name no identity provider"),
        ({"metadata_file": SimpleUploadedFile("x.xml", b"\\xff\\xfe")}, "metadata_file", ""),
        ({}, "metadata_file", "Upload the provider's metadata"),
        ({"saml_metadata_url": "http://127.0.0.1:9/metadata"}, "saml_metadata_url",
         "could not be read"),
    ],
)  # fmt: skip
def test_unusable_saml_metadata_is_refused(
    world: World, changes: dict[str, Any], field: str, words: str
) -> None:
    response = client_for(world.admin).post(
        "/identity/providers/new/?kind=saml", saml_form(**changes)
    )
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert not IdentityProvider.objects.exists()


def test_saml_needs_the_domains_it_speaks_for(idp: SamlIdP, world: World) -> None:
    upload = SimpleUploadedFile("idp.xml", idp.metadata().encode(), "text/xml")
    response = client_for(world.admin).post(
        "/identity/providers/new/?kind=saml", saml_form(metadata_file=upload, domains="")
    )
    assert "SAML needs the e-mail domains" in " ".join(response.context["form"].errors["domains"])
