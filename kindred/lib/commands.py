"""The base of Kindred's management commands: each run logs under its own
id (`cmd-…`), with how long it took and how it ended, so a sweep's e-mails
can be traced back to the run that queued them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kindred.lib import logs


class KindredCommand(BaseCommand):
    def execute(self, *args: Any, **options: Any) -> Any:
        name = type(self).__module__.rsplit(".", 1)[-1]
        with logs.request_id(logs.new_request_id("cmd-")), logs.timed("command", command=name):
            return super().execute(*args, **options)

    @staticmethod
    def read_file(path: Path) -> bytes:
        """A file the command was given, or a plain refusal naming it."""
        try:
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
