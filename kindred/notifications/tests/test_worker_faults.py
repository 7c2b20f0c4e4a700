"""Real worker processes against a real SMTP server that goes down, comes
back, and holds one delivery open while its worker is killed: every
notification still arrives exactly once."""

from __future__ import annotations

import asyncio
import email
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from kindred.conftest import free_port, make_user, process_env, wait_until
from kindred.notifications import services
from kindred.notifications.models import Notification
from kindred.notifications.tests.plain import plain

ROOT = Path(__file__).resolve().parents[3]
PEOPLE = 24
HELD = "person07@faults.example"  # the delivery the server holds open while its worker dies

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="workers need PostgreSQL"),
]


class HoldingSink:
    """An SMTP server that records what it accepts and, the first time it is
    given the HELD recipient, keeps that transaction waiting until released."""

    def __init__(self) -> None:
        self.received: list[email.message.Message] = []
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == HELD and not self.holding.is_set():
            self.holding.set()
            while not self.release.is_set():  # without blocking the other worker's session
                await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def start_worker(port: int, log: Path) -> subprocess.Popen[bytes]:
    env = process_env(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        NOTIFICATION_LEASE_SECONDS="3",
        NOTIFICATION_RETRY_SECONDS="0.25",
    )
    command = ["manage.py", "send_notifications", "--loop", "--interval", "0.2", "--limit", "4"]
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, *command], cwd=ROOT, env=env, stdout=out, stderr=out
        )


def worker_pid(notification: Notification) -> int:
    return int(notification.claimed_by.rsplit("-", 1)[1])  # the command names itself host-pid


def test_every_message_arrives_once_through_an_outage_and_a_killed_worker(
    settings: Any, tmp_path: Path
) -> None:
    from aiosmtpd.controller import Controller

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for n in range(PEOPLE):
        person = make_user(f"person{n:02}@faults.example", f"Person {n}")
        services.notify(
            recipient=person, message=plain("k", f"Update {n}", "b"), key=f"u{n}", urgent=True
        )
    port = free_port()  # nothing listens there yet: the mail server is down
    workers = {p.pid: p for p in (start_worker(port, tmp_path / f"w{i}.log") for i in range(2))}
    sink = HoldingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    try:
        wait_until(
            lambda: not Notification.objects.filter(attempts=0).exists(),
            "every notification has failed once against the missing server",
        )
        assert not Notification.objects.filter(state="sent").exists()
        controller.start()  # the server is back
        wait_until(sink.holding.is_set, "the server holds the delivery to " + HELD)
        held = Notification.objects.get(recipient__email=HELD)
        victim = workers.pop(worker_pid(held))
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        sink.release.set()
        wait_until(
            lambda: Notification.objects.filter(state="sent").count() == PEOPLE,
            "the surviving worker has sent everything",
        )
    finally:
        for worker in workers.values():
            worker.terminate()
            worker.wait(timeout=10)
        controller.stop()

    arrived = Counter(message["Subject"] for message in sink.received)
    assert arrived == Counter(f"Update {n}" for n in range(PEOPLE))
    attempts_before_the_kill = held.attempts
    held.refresh_from_db()
    assert worker_pid(held) == next(iter(workers)), "the survivor sent it"
    assert held.attempts == attempts_before_the_kill + 1
    assert "stopped while sending" in held.last_error
