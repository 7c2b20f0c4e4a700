"""In Chromium, on a phone: a person turns on an authenticator app from
their profile, keeps the recovery codes, signs out, and signs in again with
the password and a code from the app."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyotp
import pytest

from kindred.conftest import TEST_PASSWORD, World, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_turns_on_an_authenticator_and_signs_in_with_it(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    page = signed_in(browser, base, world.owner.email, width=390)
    page.goto(f"{base}/profile/")
    page.get_by_role("link", name="Sign-in security").click()
    page.get_by_role("button", name="Set up an authenticator app").click()
    page.get_by_role("img", name="QR code for your authenticator app").wait_for()
    page.screenshot(path=str(shots / "two-factor-setup-phone.png"), full_page=True)
    key = page.locator("code.token").inner_text()
    page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert page.locator("#recovery-codes li").count() == 10

    page.locator(".menu-button").click()
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("E-mail").fill(world.owner.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="One more step").wait_for()
    page.screenshot(path=str(shots / "two-factor-code-phone.png"), full_page=True)
    totp = pyotp.TOTP(key)
    page.get_by_role("textbox", name="Code").fill(
        totp.at(time.time() + totp.interval)
    )  # not the one used
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
