"""An upgrade as an operator makes it: the previous release (its git tag)
migrates a database and loads the demo organisation; this code migrates
that database forward, and each demo role signs in and opens its home and
every page the home links to. On the SQLite leg with SQLite, on the
PostgreSQL leg with a database of its own."""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import subprocess
import sys
import tarfile
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from kindred.conftest import fetch, free_port, start_gunicorn, wait_until
from kindred.demo.builder import DEMO_PASSWORD, SIGN_INS
from kindred.lib.tests.test_backup import empty_database  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[3]
PREVIOUS_RELEASE = "v0.1.0"  # CHANGELOG.md
# The commit the tag names: a clone made without tags still holds it.
PREVIOUS_COMMIT = "e1ec12782f59e90a33e7ddcc676facf8e2c556ea"


def git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=False)


def previous_release(into: Path) -> Path:
    """The previous release's files, as its tag has them."""
    if git("rev-parse", "--is-shallow-repository").stdout.strip() == b"true":
        pytest.skip("a shallow clone holds no earlier release")
    tagged = git("rev-parse", "--verify", "--quiet", f"{PREVIOUS_RELEASE}^{{commit}}")
    if tagged.returncode == 0:
        assert tagged.stdout.decode().strip() == PREVIOUS_COMMIT, "the tag moved"
    archive = git("archive", "--format=tar", PREVIOUS_COMMIT)
    assert archive.returncode == 0, archive.stderr.decode()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as files:
        files.extractall(into, filter="data")
    return into


def manage(tree: Path, env: dict[str, str], *command: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=tree, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, (
        f"{tree.name}: manage.py {' '.join(command)}\n{done.stderr[-3000:]}"
    )


class Person:
    """A browser's cookies and forms, in urllib."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as answer:
                return answer.status, answer.read().decode(errors="replace")
        except urllib.error.HTTPError as refused:
            return refused.code, ""

    def sign_in(self, email: str) -> str:
        _, form = self.get("/accounts/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token, form[:500]
        data = {"csrfmiddlewaretoken": token.group(1), "username": email, "password": DEMO_PASSWORD}
        asked = urllib.request.Request(
            self.base + "/accounts/sign-in/",
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base + "/accounts/sign-in/"},
        )
        with self.opener.open(asked, timeout=60) as answer:
            assert urllib.parse.urlparse(answer.url).path == "/", answer.url
            return answer.read().decode(errors="replace")


def links(page: str) -> set[str]:
    """The site's own pages a page links to (no downloads, no sign-out)."""
    found = set(re.findall(r'href="(/[^"#?]*)"', page))
    return {p for p in found if not p.startswith(("/static/", "/accounts/sign-out", "/admin/"))}


def test_the_previous_release_s_database_migrates_and_serves(
    tmp_path: Path,
    empty_database: Any,  # noqa: F811 - the fixture
) -> None:
    url, _ = empty_database
    old = previous_release(tmp_path / "previous")
    env = {key: value for key, value in os.environ.items() if key != "KINDRED_TESTING"}
    env |= {"DATABASE_URL": url, "DEBUG": "1", "KINDRED_DEMO": "1", "SECURE_COOKIES": "0"}
    env |= {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    env |= {"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    manage(old, env, "migrate", "--no-input", "-v0")
    manage(old, env, "load_demo")
    manage(ROOT, env, "migrate", "--no-input", "-v0")
    manage(ROOT, env, "check")

    port = free_port()
    server = start_gunicorn(port, env, tmp_path / "gunicorn.log", "--workers", "1")
    try:
        healthz = f"http://127.0.0.1:{port}/healthz"
        wait_until(lambda: fetch(healthz)[0] == 200, "the upgraded Kindred serves")
        broken = []
        for role, email in SIGN_INS.items():
            person = Person(port)
            home = person.sign_in(email)
            for path in sorted(links(home)):
                status, _ = person.get(path)
                if status != 200:
                    broken.append(f"{role} {path}: {status}")
        assert not broken, "\n".join(broken)
    finally:
        server.terminate()
        server.wait(timeout=10)
