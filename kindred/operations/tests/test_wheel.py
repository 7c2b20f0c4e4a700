"""`python -m build` makes a wheel that installs and serves on its own: its
templates, static files, translations and migrations are in it. The wheel
is installed (without its dependencies, which this environment has) into
a folder of its own, and run from another: nothing comes from the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from kindred.conftest import fetch, free_port, start_gunicorn, wait_until

ROOT = Path(__file__).resolve().parents[3]
# The wheel runs on a database of its own: once per CI run is enough.
pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="run on the SQLite leg")


def built_wheel(out: Path) -> Path:
    # No isolation: the build backend is this environment's setuptools, so
    # nothing is fetched.
    command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    (wheel,) = out.glob("kindred-*.whl")
    return wheel


def get(port: int, path: str, **headers: str) -> tuple[int, str]:
    return fetch(f"http://127.0.0.1:{port}{path}", headers=headers)


def test_the_wheel_installs_and_serves_without_the_checkout(tmp_path: Path) -> None:
    wheel = built_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in [
        "kindred/templates/base.html",
        "kindred/locale/fr/LC_MESSAGES/django.mo",
        "kindred/operations/migrations/0001_initial.py",
        "kindred/demo/programme_texts.json",
    ]:
        assert expected in names, expected
    assert any(name.startswith("kindred/static/") for name in names)
    assert not any("/tests/" in name for name in names if name.endswith(".mjs"))

    site = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site)]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "run"
    elsewhere.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"KINDRED_TESTING", "DATABASE_URL", "PYTHONPATH"}
    } | {
        "PYTHONPATH": str(site),
        "DJANGO_SETTINGS_MODULE": "kindred.settings",
        "SECRET_KEY": "wheel-test-secret-key-that-is-long-enough-and-random-0123456789",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kindred.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
    }
    django_admin = [sys.executable, "-m", "django"]
    where = subprocess.run(
        [sys.executable, "-c", "import kindred; print(kindred.__file__)"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(site)), where.stdout  # the wheel's, not the checkout's
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([*django_admin, *command], cwd=elsewhere, env=env, check=True)

    port = free_port()
    server = start_gunicorn(
        port, env, tmp_path / "gunicorn.log", "--workers", "1", "--chdir", str(elsewhere)
    )
    try:
        wait_until(lambda: get(port, "/healthz")[0] == 200, "the wheel's Kindred serves", 60)
        status, page = get(port, "/accounts/sign-in/", **{"Accept-Language": "fr"})
        assert status == 200 and "Mot de passe" in page  # template and French catalogue
        stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert get(port, stylesheet)[0] == 200  # static files, by WhiteNoise
        # Every migration applied (no worker runs here, so not ready as a whole).
        assert readiness(port)["checks"]["migrations"] == {"status": "ok"}
    finally:
        server.terminate()
        server.wait(timeout=10)


def readiness(port: int) -> dict:
    return json.loads(get(port, "/readyz")[1])
