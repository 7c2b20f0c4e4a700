"""Whether this Kindred can serve: what /readyz reports to a load balancer
or an orchestrator. Each check says ok or what is wrong in a word and a
number; none says an address, a name or a secret."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from kindred.operations.selectors import emails_waiting, seconds_since, worker_last_seen

OK = "ok"
LOCAL_CACHE = "django.core.cache.backends.locmem.LocMemCache"
QUEUED_TASKS = "django_tasks_db.DatabaseBackend"
log = logging.getLogger(__name__)


@dataclass
class Check:
    status: str = OK
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in {OK, "not used"}

    def as_dict(self) -> dict[str, object]:
        return {"status": self.status, **self.facts}


def database(now: dt.datetime) -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Check()


@functools.cache
def migrations_on_disk() -> frozenset[tuple[str, str]]:
    # Read once per process: the files do not change under a running server.
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def migrations(now: dt.datetime) -> Check:
    # A set difference, not the executor's plan (which reads the graph from
    # disk each time): right while no app squashes its migrations.
    applied = set(MigrationRecorder(connection).applied_migrations())
    missing = len(migrations_on_disk() - applied)
    return Check("not applied", {"missing": missing}) if missing else Check()


def shared_cache(now: dt.datetime) -> Check:
    if settings.CACHES["default"]["BACKEND"] == LOCAL_CACHE:
        return Check("not used")
    key, token = "kindred:readyz", uuid.uuid4().hex
    cache.set(key, token, timeout=30)
    return Check() if cache.get(key) == token else Check("unreachable")


def worker(now: dt.datetime) -> Check:
    if settings.TASKS["default"]["BACKEND"] != QUEUED_TASKS:
        return Check("not used")  # tasks run in the web process itself
    beat = worker_last_seen()
    if beat is None:
        return Check("never seen")
    age = seconds_since(now, beat)
    late = age > settings.READY_WORKER_HEARTBEAT_SECONDS
    return Check("late" if late else OK, {"seconds_since_heartbeat": round(age)})


def outbox(now: dt.datetime) -> Check:
    age = emails_waiting(now).oldest_seconds(now)
    late = age > settings.READY_OUTBOX_MAX_AGE_SECONDS
    return Check("late" if late else OK, {"oldest_due_seconds": round(age)})


CHECKS: dict[str, Callable[[dt.datetime], Check]] = {
    "database": database,
    "migrations": migrations,
    "cache": shared_cache,
    "worker": worker,
    "outbox": outbox,
}
NEEDS_DATABASE = {"migrations", "worker", "outbox"}


def readiness(now: dt.datetime | None = None) -> dict[str, Check]:
    """Every check, each on its own: one failing never hides another's
    answer (but without the database, what lives in it is not known)."""
    now = now or timezone.now()
    found: dict[str, Check] = {}
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and not found["database"].ok:
            found[name] = Check("unknown")
            continue
        try:
            found[name] = check(now)
        except Exception:  # a database's, or a cache client's (each library its own)
            log.warning("readiness: %s did not answer", name, exc_info=True)
            found[name] = Check("unreachable")
    return found
