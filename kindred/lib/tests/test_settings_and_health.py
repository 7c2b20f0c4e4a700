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


def test_openapi_document_is_served(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Kindred API"
    assert "/api/v1/programmes/{slug}/import" in schema["paths"]
    assert Client().get("/api/v1/docs").status_code == 200
