from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import Client


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only"
)
def test_sqlite_runs_in_wal_mode_with_immediate_transactions(db: None, tmp_path) -> None:
    config: dict[str, Any] = {
        **settings.DATABASES["default"],
        "NAME": str(tmp_path / "wal.sqlite3"),
    }
    wrapper = DatabaseWrapper(config, alias="wal-check")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
        assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    finally:
        wrapper.close()


def test_security_headers_and_safe_defaults(db: None) -> None:
    response = Client().get("/accounts/sign-in/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.PASSWORD_HASHERS[-2].endswith("Argon2PasswordHasher")


def test_health_endpoint(db: None) -> None:
    assert Client().get("/healthz").json() == {"status": "ok"}
    assert Client().get("/readyz").json()["status"] == "ok"


def test_openapi_document_is_served(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Kindred API"
    assert "/api/v1/programmes/{slug}/import" in schema["paths"]
    assert Client().get("/api/v1/docs").status_code == 200


def test_pages_show_times_in_the_viewers_own_zone(world) -> None:
    from kindred.accounts.services import api_token_create
    from kindred.conftest import client_for

    token, _ = api_token_create(actor=world.owner, name="zone check")
    type(token).objects.filter(pk=token.pk).update(
        created_at="2026-06-01T20:00:00Z", last_used_at="2026-06-01T20:00:00Z"
    )
    page = client_for(world.owner).get("/accounts/tokens/").content.decode()  # owner: Asia/Kolkata
    assert "2 Jun 2026 01:30" in page  # 20:00 UTC is 01:30 the next day in Kolkata


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("Yes", True), ("on", True), ("0", False), ("off", False)]
)
def test_a_yes_no_setting_reads_the_words_it_knows(monkeypatch, value: str, expected: bool) -> None:
    from kindred.settings import env_bool

    monkeypatch.setenv("KINDRED_CHECK", value)
    assert env_bool("KINDRED_CHECK", not expected) is expected


@pytest.mark.parametrize("typo", ["flase", "ture", "2", "enabled"])
def test_a_yes_no_setting_refuses_a_word_it_does_not_know(monkeypatch, typo: str) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from kindred.settings import env_bool

    monkeypatch.setenv("SECURE_COOKIES", typo)
    with pytest.raises(ImproperlyConfigured, match="SECURE_COOKIES"):
        env_bool("SECURE_COOKIES", True)


def test_a_deployment_has_no_demo_builder_unless_asked(tmp_path) -> None:
    """The demo app is installed for `make demo` and the tests only."""
    import subprocess
    import sys

    check = "import django; django.setup(); from django.apps import apps; "
    check += "print(apps.is_installed('kindred.demo'))"
    env = {"DJANGO_SETTINGS_MODULE": "kindred.settings", "SECRET_KEY": "x" * 50, "PATH": "/usr/bin"}
    for extra, expected in (({}, "False"), ({"KINDRED_DEMO": "1"}, "True")):
        found = subprocess.run(
            [sys.executable, "-c", check], env=env | extra, capture_output=True, text=True,
            cwd=settings.BASE_DIR, check=True,
        )  # fmt: skip
        assert found.stdout.strip() == expected
