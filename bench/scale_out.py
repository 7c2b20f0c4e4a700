"""Benchmark: Kindred scaled out, and losing part of itself under load.

    .venv/bin/python bench/scale_out.py [--relationships 2000] [--duration 180] [--kill-at 75]

Two web server groups (gunicorn, two processes each) behind Debian's nginx
as the balancer, three task workers and the scheduler, against one
PostgreSQL and one Redis on loopback, with the programme of bench/load.py.
locust runs bench/load.py's mix (participant homes, relationship pages,
suggested times, message posts that e-mail the partner, the manager's
dashboard, the API) against nginx; at `--kill-at` seconds one web group
and one worker are killed (SIGKILL: no chance to finish anything). After
the run the e-mails still waiting are made due and the survivors send
them to a local SMTP server.

Prints p95 in the 20 s before the kill, the 10 s after it and the last 30 s,
the requests that failed and when, and the e-mails: queued, received,
lost (queued, never received) and duplicated (received twice). Checks:
the survivors serve (no failure after the first ten seconds from the
kill), no e-mail lost or duplicated, and p95 at the end within 1.5 times
p95 before the kill (or within the 250 ms target). Exits 1 if one fails."""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import nginx  # noqa: E402
from bench.load import (  # noqa: E402
    empty_cache,
    free_port,
    fresh_database,
    prepare,
    reachable,
    server_env,
)

DATABASE = "kindred_scale"
P95_TARGET_MS = 250
RECOVERED_WITHIN = 1.5  # p95 at the end against p95 before the kill


@dataclass
class Mailbox:
    """A local SMTP server's record of every idempotency key it received."""

    keys: Counter[str] = field(default_factory=Counter)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        from email import message_from_bytes

        message = message_from_bytes(envelope.content)
        for key in str(message.get("X-Kindred-Keys", "")).split(","):
            if key.strip():
                self.keys[key.strip()] += 1
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--relationships", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=180, help="seconds of the mix")
    parser.add_argument("--kill-at", type=int, default=75, help="seconds into the mix")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default=DATABASE, help="dropped and made afresh")
    args = parser.parse_args()
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(40)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = fresh_database(args.admin_url, args.database)
        prepare(url, args.relationships, folder / "fixture.json")
        people = f"{args.users} people for {args.duration} s"
        print(f"scale-out, {args.relationships:,} relationships, {people}, "
              f"a web group and a worker killed at {args.kill_at} s")  # fmt: skip
        sys.exit(0 if run(args, url, folder) else 1)


def run(args: Any, url: str, folder: Path) -> bool:
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    cluster = Cluster(url, folder, smtp.port)
    try:
        cluster.start()
        started = time.time()
        killer = threading.Timer(args.kill_at, cluster.kill_one_of_each)
        killer.start()
        history = mix(cluster.base, folder, args)
        killer.join()
        queued = drain(started)
    finally:
        cluster.stop()
        smtp.stop()
    return report(history, started + args.kill_at, queued, mailbox, args)


class Cluster:
    """nginx in front of two gunicorn groups; three workers; the scheduler."""

    def __init__(self, url: str, folder: Path, smtp_port: int) -> None:
        self.folder = folder
        self.env = server_env(url) | {
            "STATIC_ROOT": str(folder / "static"),
            # A Redis database of its own: the load benchmark's (15) may be
            # serving another database's people with the same ids meanwhile.
            **({"CACHE_URL": "redis://127.0.0.1:6379/11"} if reachable(6379) else {}),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "LOG_LEVEL": "WARNING",
            # A killed worker's claim on the e-mail it was sending lapses
            # within the run, not after the production ten minutes.
            "NOTIFICATION_LEASE_SECONDS": "20",
            "WEB_CONCURRENCY": "2",
        }
        self.webs = [free_port(), free_port()]
        self.port = free_port()
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        manage = [sys.executable, "manage.py"]
        subprocess.run(
            [*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=self.env, check=True
        )
        if "CACHE_URL" in self.env:  # nothing kept from a run on an earlier database
            empty_cache(self.env["CACHE_URL"])
        for number, port in enumerate(self.webs, 1):
            gunicorn = [sys.executable, "-m", "gunicorn", "kindred.wsgi:application"]
            self.launch(f"web{number}", [*gunicorn, "--bind", f"127.0.0.1:{port}"])
        for number in (1, 2, 3):
            self.launch(f"worker{number}", [*manage, "db_worker", "--interval", "0.5"])
        self.launch("scheduler", [*manage, "run_scheduler", "--interval", "2"])
        self.launch("nginx", nginx.command(self.balancer(), self.folder))
        deadline = time.monotonic() + 60
        while not all(reachable(port) for port in [*self.webs, self.port]):
            if time.monotonic() > deadline:
                raise RuntimeError("the cluster did not start: see " + str(self.folder))
            time.sleep(0.2)

    def launch(self, name: str, command: list[str]) -> None:
        with (self.folder / f"{name}.log").open("wb") as log:
            # Each in a session of its own, so a group dies with its processes.
            self.processes[name] = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )

    def balancer(self) -> Path:
        servers = "".join(
            f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in self.webs
        )
        return nginx.conf(
            self.folder,
            "access_log off;\n"
            f"upstream kindred {{\n{servers}keepalive 32;\n}}\n"
            f"server {{\nlisten 127.0.0.1:{self.port};\nlocation / {{\n"
            "proxy_pass http://kindred;\nproxy_http_version 1.1;\n"
            'proxy_set_header Connection "";\nproxy_set_header Host $http_host;\n'
            "proxy_next_upstream error timeout http_502;\n}\n}\n",
        )

    def kill_one_of_each(self) -> None:
        for name in ("web1", "worker1"):
            os.killpg(self.processes[name].pid, signal.SIGKILL)
        print(f"  killed web1 and worker1 at {time.strftime('%H:%M:%S')}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            process.wait(timeout=60)


def mix(base: str, folder: Path, args: Any) -> list[dict[str, str]]:
    """locust's bench/load.py mix; its rows of the whole mix, second by second."""
    prefix = folder / "mix"
    command = [
        *(sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "Visitor"),
        *("--headless", "--host", base, "-u", str(args.users), "-r", str(max(1, args.users // 5))),
        *("-t", f"{args.duration}s", "--csv", str(prefix), "--csv-full-history"),
        *("--only-summary", "--loglevel", "WARNING"),
    ]
    env = {**os.environ, "KINDRED_LOAD_FIXTURE": str(folder / "fixture.json")}
    with Path(f"{prefix}.log").open("wb") as log:
        subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=log, stderr=log)
    with Path(f"{prefix}_failures.csv").open() as rows:
        for row in sorted(csv.DictReader(rows), key=lambda r: -int(r["Occurrences"]))[:5]:
            print(f"  failed: {row['Name']}: {row['Error'][:120]} ({row['Occurrences']} times)")
    with Path(f"{prefix}_stats_history.csv").open() as rows:
        return [row for row in csv.DictReader(rows) if row["Name"] == "Aggregated"]


def drain(since: float, timeout: float = 240) -> list[str]:
    """Make every e-mail queued since `since` due now, and wait until the
    survivors have sent them all. Returns their idempotency keys."""
    import datetime as dt

    from django.utils import timezone

    from kindred.notifications.models import Notification

    queued = Notification.objects.filter(
        created_at__gte=dt.datetime.fromtimestamp(since, tz=dt.UTC)
    )
    queued.filter(state=Notification.State.PENDING).update(
        earliest_send_at=timezone.now(), next_attempt_at=timezone.now()
    )
    deadline = time.monotonic() + timeout
    waiting = {Notification.State.PENDING, Notification.State.SENDING}
    while queued.filter(state__in=waiting).exists() and time.monotonic() < deadline:
        time.sleep(1)
    return list(queued.values_list("idempotency_key", flat=True))


def window_p95(history: list[dict[str, str]], start: float, end: float) -> float:
    """The worst of locust's rolling p95 (ms) over the seconds in [start, end)."""
    found = [
        float(row["95%"])
        for row in history
        if start <= float(row["Timestamp"]) < end and row["95%"] not in ("", "N/A")
    ]
    return max(found, default=0.0)


def failures_after(history: list[dict[str, str]], moment: float) -> float:
    rows = [row for row in history if float(row["Timestamp"]) >= moment]
    if not rows:
        return 0.0
    return float(rows[-1]["Total Failure Count"]) - float(rows[0]["Total Failure Count"])


def report(
    history: list[dict[str, str]], killed_at: float, queued: list[str], mailbox: Mailbox, args: Any
) -> bool:
    from kindred.notifications.models import Notification

    first, last = float(history[0]["Timestamp"]), float(history[-1]["Timestamp"])
    before = window_p95(history, killed_at - 20, killed_at)
    after = window_p95(history, killed_at, killed_at + 10)
    end = window_p95(history, last - 30, last + 1)
    total, failed = history[-1]["Total Request Count"], float(history[-1]["Total Failure Count"])
    late_failures = failures_after(history, killed_at + 10)
    lost = set(queued) - set(mailbox.keys)
    duplicated = {key for key, times in mailbox.keys.items() if times > 1}
    unsent = Notification.objects.filter(idempotency_key__in=queued).exclude(
        state=Notification.State.SENT
    )
    print(f"  requests {total}, failed {failed:.0f} (after the first 10 s from the kill: "
          f"{late_failures:.0f}), over {last - first:.0f} s")  # fmt: skip
    print(f"  p95: before the kill {before:.0f} ms, in the 10 s after {after:.0f} ms, "
          f"in the last 30 s {end:.0f} ms")  # fmt: skip
    print(f"  e-mails: queued {len(queued)}, received {len(mailbox.keys)}, lost {len(lost)}, "
          f"duplicated {len(duplicated)}, not sent {unsent.count()}")  # fmt: skip
    checks = {
        "the survivors serve (no failure from 10 s after the kill)": late_failures == 0,
        "no e-mail lost or left unsent": not lost and not unsent.exists(),
        "no e-mail duplicated": not duplicated,
        f"p95 recovers (end <= {RECOVERED_WITHIN} x before, or <= {P95_TARGET_MS} ms)": (
            end <= max(RECOVERED_WITHIN * before, P95_TARGET_MS)
        ),
    }
    for check, held in checks.items():
        print(f"  {'met' if held else 'MISSED'}: {check}")
    return all(checks.values())


if __name__ == "__main__":
    main()
