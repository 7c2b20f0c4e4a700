"""The built-in scheduler: one process at a time runs every periodic job on
its cadence (`manage.py run_scheduler`), so a deployment needs no cron.

Two guards make it safe to start one on every machine. The lease (a row
renewed while its holder lives) lets one scheduler act and the others wait
to take over when it lapses. Taking a job's slot is a conditional UPDATE,
so even two schedulers that both believe they hold the lease (a clock
jump, a stalled process) never run the same slot twice. A scheduler that
was down runs each missed job once when it comes back, not once per slot
it missed."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import (
    DatabaseError,
    IntegrityError,
    close_old_connections,
    connections,
    transaction,
)
from django.db.models import Q
from django.utils import timezone

from kindred.lib import logs
from kindred.operations.jobs import JOBS, Job, JobFailed
from kindred.operations.models import JobRun, Lease, ScheduledJob

LEASE = "scheduler"
RUNS_KEPT_PER_JOB = 50
log = logging.getLogger(__name__)


def holder_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def lease_seconds() -> float:
    return float(settings.SCHEDULER_LEASE_SECONDS)


def hold_lease(holder: str, now: dt.datetime) -> bool:
    """Take or renew the scheduler's lease: true when `holder` has it."""
    until = now + dt.timedelta(seconds=lease_seconds())
    with transaction.atomic():
        free_or_mine = Q(holder=holder) | Q(expires_at__lt=now)
        taken = Lease.objects.filter(free_or_mine, name=LEASE).update(
            holder=holder, expires_at=until
        )
        if taken:
            return True
        try:
            with transaction.atomic():
                Lease.objects.create(name=LEASE, holder=holder, expires_at=until)
        except IntegrityError:
            return False  # someone else holds it
        return True


def renew_lease(holder: str, now: dt.datetime) -> bool:
    """Extend the lease `holder` has; never take one it has not."""
    until = now + dt.timedelta(seconds=lease_seconds())
    return bool(Lease.objects.filter(name=LEASE, holder=holder).update(expires_at=until))


def release_lease(holder: str) -> None:
    Lease.objects.filter(name=LEASE, holder=holder).delete()


def take_slot(job: Job, now: dt.datetime) -> dt.datetime | None:
    """The job's current slot, when this call is the one that takes it."""
    slot = job.slot(now)
    # A job never run before is due at once.
    ScheduledJob.objects.get_or_create(name=job.name, defaults={"last_slot": slot - job.every})
    taken = ScheduledJob.objects.filter(name=job.name, last_slot__lt=slot).update(last_slot=slot)
    return slot if taken else None


def run_job(job: Job, slot: dt.datetime, holder: str, now: dt.datetime) -> JobRun:
    """Run one job, record how it ended and log it; a failure is recorded,
    never raised, so one job never stops the others."""
    run = JobRun.objects.create(
        job_id=job.name,
        slot=slot,
        holder=holder,
        request_id=logs.current_request_id(),
        started_at=timezone.now(),
    )
    outcome, summary = JobRun.Outcome.DONE, ""
    try:
        summary = job.run(now)
    except JobFailed as failed:
        outcome, summary = JobRun.Outcome.FAILED, str(failed)
    except Exception as error:  # recorded and logged: the next job still runs
        log.exception("scheduled job %s failed", job.name)
        outcome, summary = JobRun.Outcome.FAILED, f"{type(error).__name__} (see the logs)"
    run.outcome, run.summary, run.finished_at = outcome, summary[:300], timezone.now()
    run.save(update_fields=["outcome", "summary", "finished_at"])
    _forget_old_runs(job)
    return run


def _forget_old_runs(job: Job) -> None:
    kept = JobRun.objects.filter(job_id=job.name).values_list("pk", flat=True)[:RUNS_KEPT_PER_JOB]
    JobRun.objects.filter(job_id=job.name).exclude(pk__in=list(kept)).delete()


def tick(holder: str, now: dt.datetime | None = None, jobs: tuple[Job, ...] = JOBS) -> list[JobRun]:
    """One pass: when `holder` holds the lease, run every job whose slot has
    come and not yet been taken. Returns the runs."""
    now = now or timezone.now()
    if not hold_lease(holder, now):
        return []
    runs = []
    for job in jobs:
        slot = take_slot(job, now)
        if slot is None:
            continue
        with (
            logs.request_id(logs.new_request_id("job-")),
            logs.timed("job", job=job.name) as fields,
        ):
            run = run_job(job, slot, holder, now)
            fields["result"] = run.outcome
        runs.append(run)
    return runs


@contextmanager
def lease_kept(holder: str) -> Iterator[None]:
    """Renew the lease from a thread while a long job runs, so another
    scheduler does not take over from one that is only busy."""
    stop = threading.Event()

    def renew() -> None:
        try:
            while not stop.wait(lease_seconds() / 3):
                with contextlib.suppress(DatabaseError):  # the next pass says so
                    renew_lease(holder, timezone.now())
        finally:
            connections.close_all()

    thread = threading.Thread(target=renew, name="scheduler-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_forever(holder: str, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        close_old_connections()
        try:
            with lease_kept(holder):
                tick(holder)
        except DatabaseError:
            # The database is away (a restart, a failover): try again at the
            # next pass; the slots not taken are still there to take.
            log.warning("scheduler: the database does not answer", exc_info=True)
        stop.wait(interval)
    with contextlib.suppress(DatabaseError):
        release_lease(holder)
