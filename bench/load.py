"""Benchmark: Kindred under load, served by gunicorn on loopback from
PostgreSQL, with the 10,000-relationship programme of bench/health.py.

    .venv/bin/python bench/load.py [--relationships 10000] [--duration 180]
    .venv/bin/python bench/load.py --keep FILE    # build, and keep the sessions
    .venv/bin/python bench/load.py --reuse FILE   # measure again, no rebuild

Builds the programme in a fresh PostgreSQL database (`kindred_load`, next to
`--admin-url`), computes its health, vacuums, analyses and checkpoints it
(as autovacuum and the checkpointer would have by the time a real programme
is this big), signs in a sample of participants and the manager, then
starts gunicorn and runs locust headless:

1. the mix: 50 people, each pausing 0.5-1.5 s between actions (participant
   home, relationship page, the times it suggests, message post, manager
   dashboard, API list, and a bare Django view as the reference), for
   `--duration` seconds;
2. the ceilings: the bare view, then the participant home, asked as fast as
   10 clients can for 20 s each.

Prints throughput and p50/p95/p99 per route and checks the targets: no
errors, p95 at most 250 ms on every route, and the home's ceiling at least
a quarter of the bare view's. Exits 1 when a target is missed. locust runs
on the same two cores as the server, so the ceilings are lower bounds."""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "kindred_load"
SAMPLE = 400  # signed-in participants the visitors take turns being
USERS = 50
P95_TARGET_MS = 250
CEILING_SHARE = 0.25


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--relationships", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=180, help="seconds of the mix")
    parser.add_argument("--ceiling-seconds", type=int, default=20)
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--database", default=DATABASE, help="dropped and made afresh")
    parser.add_argument("--keep", type=Path, help="write the sessions here for --reuse")
    parser.add_argument("--reuse", type=Path, help="sessions of a kept database: skip the build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        fixture = args.reuse or args.keep or Path(folder) / "fixture.json"
        url = database_for(args, fixture)
        with serving(url, Path(folder)) as base:
            mix = locust(base, fixture, Path(folder) / "mix", "Visitor", args.users, args.duration)
            ceilings = {
                name: locust(base, fixture, Path(folder) / name, name, 10, args.ceiling_seconds)
                for name in ("BareCeiling", "HomeCeiling")
            }
    sys.exit(0 if report(mix, ceilings, args) else 1)


def database_for(args: Any, fixture: Path) -> str:
    """The database to serve: the kept one, or a new one built now."""
    if args.reuse:
        os.environ["SECRET_KEY"] = json.loads(fixture.read_text())["secret_key"]
        url = args.admin_url.rsplit("/", 1)[0] + "/" + args.database
        print(f"load, the kept database {args.database}, gunicorn on loopback, PostgreSQL")
        return url
    # One key for the sessions made here and the server that reads them.
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(40)
    url = fresh_database(args.admin_url, args.database)
    built = prepare(url, args.relationships, fixture)
    print(f"load, {args.relationships:,} relationships, {built['events']:,} events "
          f"(built in {built['seconds']:.0f} s), gunicorn on loopback, PostgreSQL")  # fmt: skip
    return url


def fresh_database(admin_url: str, name: str) -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return admin_url.rsplit("/", 1)[0] + "/" + name


def prepare(url: str, count: int, fixture: Path) -> dict[str, float]:
    """Migrate, build the programme, compute its health, write the sessions."""
    os.environ.update(
        DATABASE_URL=url, KINDRED_TESTING="1", DJANGO_SETTINGS_MODULE="kindred.settings"
    )
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    import random

    from bench.health import build
    from kindred.health.services import compute_health

    started = time.perf_counter()
    programme, manager, events = build(count, random.Random(7))
    compute_health(programme)  # the daily run stores the dashboard
    # A programme this size took months to grow, and autovacuum and the
    # checkpointer kept up: settle the bulk build into that state, or the
    # run measures the first reads of a million fresh rows (hint bits) and
    # a checkpoint flushing them, not Kindred.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
    fixture.write_text(json.dumps(sessions(programme, manager)))
    return {"events": events, "seconds": time.perf_counter() - started}


def sessions(programme: Any, manager: Any) -> dict[str, Any]:
    from kindred.accounts.services import api_token_create
    from kindred.programs.models import Membership
    from kindred.relationships.models import Relationship

    pairs = Relationship.objects.filter(programme=programme).select_related("mentee")
    sample = list(pairs.order_by("?")[:SAMPLE])
    _, token = api_token_create(actor=manager, name="load")
    return {
        "secret_key": os.environ["SECRET_KEY"],
        "programme": programme.slug,
        "csrf": secrets.token_hex(16),  # a valid 32-character secret, sent as cookie and header
        "manager_session": signed_in(manager),
        "manager_token": token,
        "participant_count": Membership.objects.filter(programme=programme).count(),
        "participants": [
            {"session": signed_in(pair.mentee), "relationship": pair.pk} for pair in sample
        ],
    }


def signed_in(user: Any) -> str:
    """A session as signing in makes one, without the password hashing."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def server_env(url: str) -> dict[str, str]:
    """Production settings, except plain HTTP on loopback."""
    env = {key: value for key, value in os.environ.items() if key != "KINDRED_TESTING"}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.load_settings",
        DATABASE_URL=url,
        DEBUG="0",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    if reachable(6379):  # rate limits and kept homes shared by the workers, as in production
        env["CACHE_URL"] = "redis://127.0.0.1:6379/15"
    return env


def empty_cache(url: str) -> None:
    """Every run starts with nothing kept: homes kept while serving an
    earlier database, whose ids a rebuilt one reuses, would pass as current."""
    import redis

    with redis.Redis.from_url(url) as client:
        client.flushdb()


class serving:
    """gunicorn on a free loopback port, for the length of the with-block."""

    def __init__(self, url: str, folder: Path) -> None:
        self.env, self.log = server_env(url), folder / "gunicorn.log"
        # The run's own static folder: collecting into the checkout's would
        # rewrite files that a test process beside this one is reading.
        self.env["STATIC_ROOT"] = str(folder / "static")
        self.port = free_port()

    def __enter__(self) -> str:
        manage = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"]
        subprocess.run(manage, cwd=ROOT, env=self.env, check=True)
        if "CACHE_URL" in self.env:
            empty_cache(self.env["CACHE_URL"])
        command = [
            *(sys.executable, "-m", "gunicorn", "kindred.wsgi:application"),
            *("--bind", f"127.0.0.1:{self.port}"),  # the rest from gunicorn.conf.py
        ]
        with self.log.open("wb") as out:
            self.server = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=out)
        deadline = time.monotonic() + 60
        while not reachable(self.port):
            if time.monotonic() > deadline or self.server.poll() is not None:
                raise RuntimeError("gunicorn did not start:\n" + self.log.read_text())
            time.sleep(0.2)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.terminate()
        self.server.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def locust(
    base: str, fixture: Path, prefix: Path, visitor: str, users: int, seconds: int
) -> dict[str, dict[str, float]]:
    """Run locust headless; per route: requests, failures, rps, p50/p95/p99 (ms)."""
    command = [
        *(sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), visitor),
        *("--headless", "--host", base, "-u", str(users), "-r", str(max(1, users // 5))),
        *("-t", f"{seconds}s", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"),
    ]
    env = {**os.environ, "KINDRED_LOAD_FIXTURE": str(fixture)}
    with Path(f"{prefix}.log").open("wb") as log:  # locust's own tables; the CSV has the figures
        subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=log, stderr=log)
    with Path(f"{prefix}_stats.csv").open() as stats:
        return {
            row["Name"]: {
                "requests": float(row["Request Count"]),
                "failures": float(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
            }
            for row in csv.DictReader(stats)
            if row["Name"] != "Aggregated"
        }


def report(
    mix: dict[str, dict[str, float]], ceilings: dict[str, dict[str, dict[str, float]]], args: Any
) -> bool:
    print(f"  the mix: {args.users} people for {args.duration} s")
    columns = ["requests", "errors", "req/s", "p50", "p95", "p99"]
    print(f"    {'route':<22} " + " ".join(f"{c:>8}" for c in columns) + "  (ms)")
    for name, row in sorted(mix.items(), key=lambda item: -item[1]["requests"]):
        figures = [row["requests"], row["failures"], row["rps"], row["p50"], row["p95"], row["p99"]]
        print(f"    {name:<22} " + " ".join(f"{figure:>8.0f}" for figure in figures))
    bare = ceilings["BareCeiling"]["bare Django view"]
    home = ceilings["HomeCeiling"]["participant home"]
    print(f"  ceilings, 10 clients without pause for {args.ceiling_seconds} s:")
    for name, row in [("bare Django view", bare), ("participant home", home)]:
        print(f"    {name:<22} {row['rps']:>6.0f} req/s, p50 {row['p50']:.0f} ms, "
              f"{row['failures']:.0f} errors")  # fmt: skip
    checks = {
        "no errors": sum(r["failures"] for r in [*mix.values(), bare, home]) == 0,
        f"p95 <= {P95_TARGET_MS} ms on every route": all(
            r["p95"] <= P95_TARGET_MS for r in mix.values()
        ),
        f"home ceiling >= {CEILING_SHARE:.0%} of bare ({home['rps'] / bare['rps']:.0%})": (
            home["rps"] >= CEILING_SHARE * bare["rps"]
        ),
    }
    for check, held in checks.items():
        print(f"  {'met' if held else 'MISSED'}: {check}")
    return all(checks.values())


if __name__ == "__main__":
    main()
