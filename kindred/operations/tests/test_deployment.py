"""deploy/ as an IT team would run it, on loopback: Debian's nginx with the
shipped site (TLS with a self-signed certificate, HTTP/2, static files)
in front of gunicorn, two task workers and the scheduler, production
settings, PostgreSQL and Redis; a person signs in over HTTPS in Chromium,
proposes a meeting, and their partner's e-mail reaches a local SMTP
server."""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.contrib.auth.hashers import make_password
from django.db import connection

from bench import nginx
from kindred.conftest import (
    SmtpSink,
    World,
    fetch,
    free_port,
    process_env,
    sign_in,
    start_gunicorn,
    wait_until,
)
from kindred.meetings.models import Meeting
from kindred.relationships.models import Relationship

ROOT = Path(__file__).resolve().parents[3]
SITE = ROOT / "deploy" / "nginx" / "kindred.conf"
PASSWORD = "a-deployment-test-password"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.skipif(shutil.which("nginx") is None, reason="needs Debian's nginx"),
]


@dataclass
class Machine:
    """The folders and ports of one deployment on loopback."""

    root: Path
    http: int = field(default_factory=free_port)
    https: int = field(default_factory=free_port)
    web: int = field(default_factory=free_port)

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.https}"

    def folder(self, name: str) -> Path:
        found = self.root / name
        found.mkdir(exist_ok=True)
        return found


def self_signed(machine: Machine) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = machine.folder("tls")
    (folder / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return folder / "fullchain.pem", folder / "privkey.pem"


def nginx_conf(machine: Machine) -> Path:
    """The shipped site, with this machine's ports and folders."""
    certificate, key = self_signed(machine)
    site = SITE.read_text()
    for shipped, here in {
        "listen 80;": f"listen 127.0.0.1:{machine.http};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{machine.https} ssl http2;",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{machine.web};",
        "/etc/ssl/kindred/fullchain.pem": str(certificate),
        "/etc/ssl/kindred/privkey.pem": str(key),
        "/var/lib/kindred/static/": f"{machine.folder('static')}/",
        "/var/log/nginx/kindred.access.log": str(machine.root / "access.log"),
    }.items():
        assert shipped in site, shipped
        site = site.replace(shipped, here)
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)
    return nginx.conf(machine.root, site)


def kindred_env(machine: Machine, smtp: SmtpSink) -> dict[str, str]:
    """deploy/kindred.env's settings, for this machine: production, not tests."""
    env = process_env(
        SECRET_KEY="deployment-test-secret-key-that-is-long-and-random-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        KINDRED_BASE_URL=machine.base,
        CACHE_URL="redis://127.0.0.1:6379/12",
        TRUSTED_PROXIES="127.0.0.1",
        STATIC_ROOT=str(machine.folder("static")),
        MEDIA_ROOT=str(machine.folder("media")),
        EMAIL_HOST=smtp.host,
        EMAIL_PORT=str(smtp.port),
        LOG_FORMAT="json",
        PROMETHEUS_MULTIPROC_DIR=str(machine.folder("metrics")),
        METRICS_TOKEN="deployment-metrics-token",
    )
    for testing_only in ("KINDRED_TESTING", "TASKS_BACKEND", "EMAIL_BACKEND", "DEBUG"):
        env.pop(testing_only, None)
    return env


def started(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)


@pytest.fixture
def deployment(tmp_path: Path, smtp_server: SmtpSink) -> Iterator[Machine]:
    machine = Machine(tmp_path)
    env = kindred_env(machine, smtp_server)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    processes = [
        start_gunicorn(machine.web, env, tmp_path / "web.log", "--workers", "2"),
        started([*manage, "db_worker", "--interval", "0.5"], env, tmp_path / "worker1.log"),
        started([*manage, "db_worker", "--interval", "0.5"], env, tmp_path / "worker2.log"),
        started([*manage, "run_scheduler", "--interval", "1"], env, tmp_path / "scheduler.log"),
        started(nginx.command(nginx_conf(machine), tmp_path), env, tmp_path / "nginx.log"),
    ]
    try:
        wait_until(lambda: status_of(f"{machine.base}/healthz") == 200, "nginx serves Kindred")
        yield machine
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def status_of(address: str) -> int:
    return fetch(address, insecure=True)[0]


def test_deploy_serves_kindred_over_https_with_its_workers_and_scheduler(
    world: World, pair: Relationship, deployment: Machine, smtp_server: SmtpSink, browser: Any
) -> None:
    world.owner.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    world.owner.save(update_fields=["password"])
    base = deployment.base
    # Ready: every check, the worker's heartbeat (via the scheduler) included.
    wait_until(lambda: status_of(f"{base}/readyz") == 200, "Kindred is ready", 60)
    plain = urllib.request.Request(f"http://127.0.0.1:{deployment.http}/")
    with pytest.raises(urllib.error.HTTPError) as redirected:
        urllib.request.build_opener(NoRedirects).open(plain, timeout=10)
    assert redirected.value.code == 301
    assert redirected.value.headers["Location"].startswith("https://127.0.0.1")

    context = browser.new_context(ignore_https_errors=True)
    page = sign_in(context.new_page(), base, world.owner.email, PASSWORD)
    assert page.evaluate("performance.getEntriesByType('navigation')[0].nextHopProtocol") == "h2"
    page.goto(f"{base}/relationships/{pair.pk}/sections/meetings/?q=private-words")
    winter = dt.date(dt.date.today().year + 1, 1, 8)
    winter += dt.timedelta(days=(1 - winter.weekday()) % 7)  # a Tuesday next January
    page.get_by_label("Start (your local time)").fill(f"{winter}T10:00")
    page.get_by_role("button", name="Propose this time").click()
    page.wait_for_url(f"{base}/relationships/{pair.pk}/**")
    assert Meeting.objects.filter(relationship=pair).count() == 1

    # The partner's invitation to it, queued by the web process, sent by a worker.
    invitation = f"meeting:{Meeting.objects.get(relationship=pair).uid}:"

    def invited() -> bool:
        return any(
            m["To"] == world.partner.email and invitation in str(m["X-Kindred-Keys"])
            for m in smtp_server.messages
        )

    wait_until(invited, "the partner's invitation arrives", 60)
    stylesheet = page.evaluate("document.querySelector('link[rel=stylesheet]').href")
    served = context.request.get(stylesheet)
    assert served.status == 200 and "immutable" in served.headers["cache-control"]
    context.close()

    access = (deployment.root / "access.log").read_text()
    assert "/meetings/propose/" in access and "private-words" not in access


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
