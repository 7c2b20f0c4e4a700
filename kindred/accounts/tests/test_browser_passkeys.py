"""In Chromium with a virtual authenticator (the DevTools protocol's
WebAuthn domain, a real FIDO2 authenticator in software): a person adds a
passkey from the security page, signs out, and signs in with the password
and the passkey instead of a code."""

from __future__ import annotations

import pytest

from kindred.accounts.models import Passkey
from kindred.conftest import TEST_PASSWORD, World, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_adds_a_passkey_and_signs_in_with_it(browser, live_server, world: World) -> None:
    base = live_server.url
    page = signed_in(browser, base, world.owner.email)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto(f"{base}/accounts/security/")
    page.get_by_label("Name this passkey").fill("Laptop")
    page.get_by_role("button", name="Add a passkey").click()
    page.get_by_text("Passkey added").wait_for()
    passkey = Passkey.objects.get(user=world.owner)
    assert passkey.name == "Laptop"

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("E-mail").fill(world.owner.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(f"{base}/")
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None and passkey.sign_count >= 1


def test_without_its_passkey_the_browser_cannot_sign_in(browser, live_server, world: World) -> None:
    """A registered passkey the browser does not hold: the person is told,
    and no session is made."""
    base = live_server.url
    Passkey.objects.create(
        user=world.owner, name="Lost phone", credential_id="bm90LWhlcmU", public_key=b"x"
    )
    page = browser.new_context().new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {"options": {"protocol": "ctap2", "transport": "internal", "hasUserVerification": True,
                     "isUserVerified": True}},
    )  # fmt: skip
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("E-mail").fill(world.owner.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Use a passkey").click()
    page.get_by_role("alert").filter(has_text="passkey").wait_for()
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/accounts/sign-in/")
