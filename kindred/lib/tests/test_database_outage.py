"""Kindred under gunicorn loses its database and gets it back: while it is
gone every request gets a clear 503 (nothing half-written), and once it is
back the same server process answers normally again, without a restart.

The outage is made by a TCP proxy between gunicorn and PostgreSQL: cutting
it severs every open session and refuses new ones, which is what a server
sees of a database restart, without stopping the PostgreSQL the rest of
the suite is using."""

from __future__ import annotations

import http.client
import socket
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from kindred.accounts.services import api_token_create
from kindred.conftest import (
    CuttableProxy,
    World,
    free_port,
    process_env,
    start_gunicorn,
    wait_until,
)
from kindred.messaging.models import Message
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


class Visitor:
    """One signed-in person talking HTTP to the server."""

    def __init__(self, port: int, session: str, csrf: str) -> None:
        self.port = port
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={csrf}"
        self.csrf = csrf

    def get(self, path: str, **headers: str) -> http.client.HTTPResponse:
        return self._send("GET", path, None, headers)

    def post(self, path: str, form: str) -> http.client.HTTPResponse:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.csrf}
        return self._send("POST", path, form, headers)

    def _send(
        self, method: str, path: str, body: str | None, headers: dict[str, str]
    ) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body, {"Cookie": self.cookie, **headers})
        response = conn.getresponse()
        response.text = response.read().decode()  # type: ignore[attr-defined]
        conn.close()
        return response


def signed_in_visitor(world: World, port: int) -> Visitor:
    client = Client()
    client.force_login(world.owner)
    csrf = get_token(RequestFactory().get("/"))
    return Visitor(port, client.cookies[settings.SESSION_COOKIE_NAME].value, csrf)


def serve(proxy_port: int, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = process_env(db_port=proxy_port, DATABASE_CONN_MAX_AGE="60", SECURE_COOKIES="0")
    options = ("--workers", "1", "--threads", "2", "--worker-class", "gthread", "--timeout", "30")
    return start_gunicorn(port, env, log, *options)


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def test_requests_fail_cleanly_while_the_database_is_gone_and_recover_after(
    world: World, tmp_path: Path
) -> None:
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    _, token = api_token_create(actor=world.owner, name="outage")
    proxy, port, log = CuttableProxy.to_database(), free_port(), tmp_path / "gunicorn.log"
    proxy.open()
    server = serve(proxy.port, port, log)
    try:
        wait_until(lambda: answers(port), "gunicorn listens")
        visitor = signed_in_visitor(world, port)
        exercise_outage(visitor, proxy, pair, token)
        assert server.poll() is None, "the server process lived through it"
    finally:
        server.terminate()
        server.wait(timeout=10)
    output = log.read_text()
    assert output.count("Booting worker") == 1, output  # never restarted
    assert Message.objects.filter(relationship=pair).count() == 1  # the one sent after


def exercise_outage(visitor: Visitor, proxy: CuttableProxy, pair: Relationship, token: str) -> None:
    api = {"Authorization": f"Bearer {token}"}
    thread = f"/relationships/{pair.pk}/messages/"
    for path, headers in [("/", {}), ("/api/v1/me", api), (thread, {})]:
        assert visitor.get(path, **headers).status == 200, path  # connections now open

    proxy.cut()
    home = visitor.get("/")
    assert home.status == 503 and home.getheader("Retry-After") == "30"
    assert "cannot reach its database" in home.text  # type: ignore[attr-defined]
    listing = visitor.get("/api/v1/me", **api)
    assert listing.status == 503 and '"code": "unavailable"' in listing.text  # type: ignore[attr-defined]
    assert visitor.post(thread, "body=Are+you+there%3F").status == 503
    assert visitor.get("/readyz").status == 503
    probe = Visitor(visitor.port, session="", csrf="")  # a supervisor's, without a session
    assert probe.get("/healthz").status == 200  # alive: no reason to restart it

    proxy.open()
    assert visitor.get("/readyz").status == 200
    for path, headers in [("/", {}), ("/api/v1/me", api), (thread, {})]:
        assert visitor.get(path, **headers).status == 200, path
    assert visitor.post(thread, "body=Back+again").status == 302
