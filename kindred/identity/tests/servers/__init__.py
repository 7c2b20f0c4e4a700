"""Real identity providers the tests start on loopback."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

from kindred.conftest import free_port, wait_until

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
CLIENT_ID, CLIENT_SECRET = "kindred-tests", "a-client-secret-for-tests"

# Who the provider knows: its login name is the subject.
ACCOUNTS: dict[str, dict[str, Any]] = {
    "ada": {
        "email": "ada@corp.example",
        "email_verified": True,
        "name": "Ada Lovelace",
        "groups": ["kindred-admins", "eng-mentors"],
    },
    "ben": {"email": "ben@corp.example", "email_verified": False, "name": "Ben Unverified"},
    "cy": {"email": "cy@elsewhere.example", "email_verified": True, "name": "Cy Elsewhere"},
    # An existing Kindred account's address, verified by the provider.
    "olu": {"email": "owner@test.example", "email_verified": True, "name": "Olu at Corp"},
    # Entra ID sends no email_verified: the domain decides.
    "dee": {"email": "dee@corp.example", "name": "Dee Entra"},
    "pat": {"email": "partner@test.example", "email_verified": False, "name": "Not Pat"},
    # A name that would split an e-mail header, and hide its direction.
    "eve": {"email": "eve@corp.example", "email_verified": True, "name": "Eve\r\nBcc: x@y\u202e"},
}


@dataclass
class OpenIDProvider:
    issuer: str
    log: Path  # what the provider printed, for a failing test to show

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


@contextmanager
def openid_provider(
    *callback_bases: str, slugs: tuple[str, ...] = ("corp",)
) -> Iterator[OpenIDProvider]:
    """The `oidc-provider` npm package (a certified OpenID provider) on a
    free loopback port, with Kindred registered as a client whose callbacks
    are under each of `callback_bases`."""
    port = free_port()
    config = {
        "port": port,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"{b}/sso/{s}/callback/" for b in callback_bases for s in slugs],
        "post_logout_redirect_uris": [f"{b}/accounts/sign-in/" for b in callback_bases],
        "accounts": ACCOUNTS,
    }
    with tempfile.NamedTemporaryFile("w+", prefix="oidc-provider-", suffix=".log") as log:
        process = subprocess.Popen(
            ["node", str(HERE / "oidc_provider.mjs"), json.dumps(config)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            printed = Path(log.name)
            wait_until(
                lambda: process.poll() is not None or "listening" in printed.read_text(),
                "the OpenID provider listens",
                timeout=30,
            )
            if process.poll() is not None:
                raise RuntimeError("the OpenID provider did not start: " + printed.read_text())
            yield OpenIDProvider(f"http://127.0.0.1:{port}", printed)
        finally:
            process.terminate()
            process.wait(timeout=10)


FORM = re.compile(r'<form[^>]*action="([^"]+)"', re.I)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', re.I)


def sign_in_at_provider(authorize_url: str, login: str) -> str:
    """A person at the provider's own pages: sign in as `login`, consent,
    and come back. Returns where the provider sends them (Kindred's callback
    with the code), without following it."""
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=True, timeout=10)
    for fields in ({"login": login, "password": "any"}, {}):
        action = FORM.search(response.text)
        assert action, response.text[:500]
        hidden = dict(HIDDEN.findall(response.text))
        response = session.post(
            urljoin(response.url, action.group(1)),
            data=hidden | fields,
            allow_redirects=False,
            timeout=10,
        )
        while response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if not target.startswith(authorize_url.split("/auth")[0]):
                return target
            response = session.get(target, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the person back")
