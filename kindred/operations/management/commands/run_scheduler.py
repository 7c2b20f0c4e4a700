"""Run every periodic job on its cadence (docs/operations.md): start one on
each machine that runs Kindred; one acts at a time, and another takes over
within a minute and a half of it stopping. --once runs one pass and exits."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import CommandError, CommandParser

from kindred.lib.commands import KindredCommand
from kindred.operations.scheduler import holder_name, run_forever, tick


class Command(KindredCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")
        parser.add_argument(
            "--interval", type=float, default=15.0, help="Seconds between passes (default 15)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["interval"] > 0:
            raise CommandError("--interval must be a number of seconds above 0.")
        holder = holder_name()
        if options["once"]:
            for run in tick(holder):
                self.stdout.write(f"{run.job_id}: {run.outcome} ({run.summary})")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Scheduler {holder} running; jobs run when it holds the lease.")
        run_forever(holder, options["interval"], stop)
