"""Two real schedulers on one database: one acts, the other waits, and takes
over when the first is killed without a chance to let go."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from kindred.conftest import process_env, wait_until
from kindred.operations.models import JobRun, Lease

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def start_scheduler(log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "manage.py", "run_scheduler", "--interval", "0.3"]
    env = process_env(SCHEDULER_LEASE_SECONDS="3")
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)


def holder_of(process: subprocess.Popen[bytes]) -> str:
    return f"{socket.gethostname()}-{process.pid}"


def test_one_scheduler_acts_and_the_other_takes_over_when_it_dies(tmp_path: Path) -> None:
    first = start_scheduler(tmp_path / "first.log")
    second = None
    try:
        wait_until(lambda: JobRun.objects.filter(job_id="health").exists(), "the first acts")
        second = start_scheduler(tmp_path / "second.log")
        time.sleep(2)  # several of the second's passes
        assert Lease.objects.get().holder == holder_of(first)
        assert set(JobRun.objects.values_list("holder", flat=True)) == {holder_of(first)}
        first.send_signal(signal.SIGKILL)  # no chance to let go of the lease
        first.wait(timeout=10)
        wait_until(
            lambda: Lease.objects.get().holder == holder_of(second), "the second takes over", 15
        )
        # Every job ran once, by the first: the second found each slot taken.
        assert JobRun.objects.filter(job_id="health").count() == 1
    finally:
        for process in (first, second):
            if process and process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
    assert not Lease.objects.exists()  # stopped with SIGTERM, the second let go
