"""In Chromium, as people would: an organisation admin adds the company's
OpenID provider from the app; a new colleague then signs in through the
provider's own login page, gets an account just in time, and signs out of
Kindred and, when offered, of the provider too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from kindred.accounts.models import User
from kindred.conftest import World, signed_in
from kindred.identity.tests.servers import CLIENT_ID, CLIENT_SECRET, openid_provider
from kindred.identity.tests.servers.saml_idp import saml_idp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_sets_up_sso_and_a_new_colleague_signs_in_through_it(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    with openid_provider(base) as op:
        admin = signed_in(browser, base, world.admin.email)
        admin.goto(f"{base}/identity/providers/")
        admin.get_by_role("link", name="Add an OpenID Connect provider").click()
        admin.get_by_label("Name:", exact=True).fill("Corp SSO")
        admin.get_by_label("Short name").fill("corp")
        admin.get_by_label("Discovery URL").fill(op.discovery_url)
        admin.get_by_label("Client ID").fill(CLIENT_ID)
        admin.get_by_label("Client secret").fill(CLIENT_SECRET)
        admin.get_by_label("Scopes").fill("openid email profile groups")
        admin.get_by_label("E-mail domains").fill("corp.example")
        admin.get_by_role("button", name="Save").click()
        admin.get_by_text(f"{base}/sso/corp/callback/").wait_for()
        admin.screenshot(path=str(shots / "sso-provider.png"), full_page=True)

        person = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        person.goto(f"{base}/accounts/sign-in/")
        person.screenshot(path=str(shots / "sso-sign-in-phone.png"), full_page=True)
        person.get_by_role("link", name="Sign in with Corp SSO").click()
        # The provider's own pages: its login form, then its consent.
        person.locator("input[name=login]").fill("ada")
        person.locator("input[name=password]").fill("whatever")
        person.get_by_role("button", name="Sign-in").click()
        person.get_by_role("button", name="Continue").click()
        person.wait_for_url(f"{base}/")
        assert User.objects.get(email="ada@corp.example").full_name == "Ada Lovelace"
        person.locator(".menu-button").click()  # folded on a phone
        person.get_by_role("button", name="Sign out").click()
        person.get_by_role("heading", name="You are signed out of Kindred").wait_for()
        person.get_by_role("link", name="Sign out of Corp SSO too").click()
        # The provider asks to confirm, then comes back to Kindred's sign-in.
        person.get_by_role("button", name="Yes, sign me out").click()
        person.wait_for_url(f"{base}/accounts/sign-in/?state=*")
        person.goto(f"{base}/")
        assert person.url.startswith(f"{base}/accounts/sign-in/")


def test_an_admin_adds_a_saml_provider_and_a_colleague_signs_in_through_it(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    with saml_idp(tmp_path) as idp:
        admin = signed_in(browser, base, world.admin.email)
        admin.goto(f"{base}/programmes/")
        admin.get_by_role("link", name="Single sign-on").click()
        admin.get_by_role("link", name="Add a SAML 2.0 provider").click()
        admin.get_by_label("Name:", exact=True).fill("Corp SAML")
        admin.get_by_label("Short name").fill("corp-saml")
        admin.get_by_label("Metadata URL").fill(f"{idp.base}/metadata")
        admin.get_by_label("E-mail domains").fill("test.example")
        admin.get_by_role("button", name="Save").click()
        metadata = f"{base}/sso/corp-saml/metadata/"
        admin.get_by_text(metadata).wait_for()
        admin.screenshot(path=str(shots / "sso-saml-provider.png"), full_page=True)
        # At the provider, the admin registers Kindred by its metadata.
        idp.sp_metadata = requests.get(metadata, timeout=10).text

        person = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        person.goto(f"{base}/accounts/sign-in/")
        person.get_by_role("link", name="Sign in with Corp SAML").click()
        person.get_by_label("Username").fill("olu")
        person.get_by_label("Password").fill("whatever")
        person.get_by_role("button", name="Sign in").click()
        person.get_by_role("button", name="Continue to Kindred").click()
        person.wait_for_url(f"{base}/")
        person.get_by_role("heading", name="Olu Owner", exact=False).first.wait_for()
