"""/readyz under gunicorn fails while PostgreSQL or Redis is cut away and
recovers when each comes back, in the same process: each outage is made by
a TCP proxy between gunicorn and the server (kindred.conftest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from kindred.conftest import (
    CuttableProxy,
    fetch,
    free_port,
    process_env,
    start_gunicorn,
    wait_until,
)
from kindred.operations.models import Heartbeat
from kindred.operations.readiness import QUEUED_TASKS

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def readyz(port: int) -> tuple[int, dict]:
    status, body = fetch(f"http://127.0.0.1:{port}/readyz")
    return status, json.loads(body) if status else {}


def failing(port: int) -> set[str]:
    status, body = readyz(port)
    assert status in {200, 503}, status
    return {name for name, check in body["checks"].items() if check["status"] != "ok"}


def test_readyz_fails_while_the_database_or_the_cache_is_gone_and_recovers(
    tmp_path: Path,
) -> None:
    Heartbeat.objects.create(name="worker", seen_at=timezone.now())
    database, redis = CuttableProxy.to_database(), CuttableProxy(("127.0.0.1", 6379))
    database.open()
    redis.open()
    port = free_port()
    env = process_env(
        db_port=database.port,
        CACHE_URL=f"redis://127.0.0.1:{redis.port}/13",
        TASKS_BACKEND=QUEUED_TASKS,
        DATABASE_CONN_MAX_AGE="60",
    )
    server = start_gunicorn(port, env, tmp_path / "gunicorn.log", "--workers", "1")
    try:
        wait_until(lambda: readyz(port)[0] == 200, "gunicorn is ready")
        database.cut()
        assert failing(port) == {"database", "migrations", "worker", "outbox"}
        database.open()
        assert failing(port) == set()
        redis.cut()
        assert failing(port) == {"cache"}
        redis.open()
        assert failing(port) == set()
        assert server.poll() is None  # the same process throughout
    finally:
        server.terminate()
        server.wait(timeout=10)
