"""Benchmark: outbox dispatch to a local SMTP server.

    .venv/bin/python bench/outbox.py [--messages 1000]

Queues N urgent notifications on SQLite (a real file, WAL), dispatches them
to an aiosmtpd server on loopback, and prints messages per minute and the
number of duplicates the server received (must be 0)."""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_people import setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        rate, duplicates, received = run(args.messages)
    print(f"outbox dispatch to a local SMTP server, {args.messages:,} messages")
    print(f"  {rate:,.0f} messages a minute; received {received:,}; duplicates {duplicates}")


def run(count: int) -> tuple[float, int, int]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message
    from django.test import override_settings

    from kindred.accounts.messages import PasswordChanged
    from kindred.accounts.models import User
    from kindred.notifications.services import dispatch, notify

    received: list[str] = []

    class Collect(Message):
        def handle_message(self, message: Any) -> None:
            received.append(message["X-Kindred-Keys"])  # one per queued row

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    smtp = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        # Queue only: the timed loop below does all the sending.
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    )
    smtp.enable()
    try:
        person = User.objects.create_user("bench@bench.example", None, full_name="Bench")
        for n in range(count):
            notify(
                recipient=person,
                message=PasswordChanged(user=person.pk, revoked=0),
                key=f"b{n}",
                urgent=True,
            )
        started = time.perf_counter()
        while dispatch(limit=200)["sent"]:
            pass
        elapsed = time.perf_counter() - started
    finally:
        smtp.disable()
        controller.stop()
    duplicates = sum(c - 1 for c in Counter(received).values() if c > 1)
    return count / elapsed * 60, duplicates, len(received)


if __name__ == "__main__":
    main()
