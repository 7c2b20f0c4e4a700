"""gunicorn's processes each count what they served; /metrics, answered by
any one of them, adds up all of them (PROMETHEUS_MULTIPROC_DIR)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from kindred.conftest import fetch, free_port, process_env, start_gunicorn, wait_until
from kindred.operations.tests.test_metrics import TOKEN, samples
from kindred.operations.tests.test_readiness_outage import readyz

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
REQUESTS = 40


def get(port: int, path: str, **headers: str) -> str:
    status, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers)
    assert status == 200, (path, status)
    return body


def test_the_processes_counts_add_up(tmp_path: Path) -> None:
    shared = tmp_path / "metrics"
    shared.mkdir()
    port = free_port()
    env = process_env(PROMETHEUS_MULTIPROC_DIR=str(shared), METRICS_TOKEN=TOKEN)
    server = start_gunicorn(port, env, tmp_path / "gunicorn.log", "--workers", "2")
    try:
        wait_until(lambda: readyz(port)[0] == 200, "gunicorn is ready")
        for _ in range(REQUESTS):  # a new connection each: the kernel spreads them
            get(port, "/healthz")
        text = get(port, "/metrics", Authorization=f"Bearer {TOKEN}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    served = (("method", "GET"), ("route", "/healthz"), ("status", "200"))
    assert samples(text)[("kindred_http_responses_total", served)] == REQUESTS
    # Files of the server (its counters without labels start at zero when
    # the app loads) and of each of its two processes.
    writers = {path.name.rsplit("_", 1)[-1] for path in shared.glob("counter_*.db")}
    assert len(writers) == 3, writers
