"""The worker's side of the heartbeat the scheduler asks for each minute."""

from __future__ import annotations

import os
import socket

from django.utils import timezone

from kindred.lib.jobs import task
from kindred.operations.models import Heartbeat

WORKER = "worker"


@task()
def heartbeat() -> None:
    """A worker took this from the queue and ran it: it is alive and the
    queue moves."""
    Heartbeat.objects.update_or_create(
        name=WORKER,
        defaults={"seen_at": timezone.now(), "by": f"{socket.gethostname()}-{os.getpid()}"},
    )
