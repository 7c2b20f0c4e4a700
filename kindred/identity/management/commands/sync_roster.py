"""Pull the organisation's HR roster when its cadence says it is due (set on
the Roster sync page): people added and updated, leavers deactivated, or the
run held for a person when it would deactivate too many. The scheduler runs it hourly
(docs/operations.md); --now pulls whether due or not. Exits 1 when the pull
failed or was held, so a scheduler can alert."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from kindred.identity.models import RosterSync
from kindred.identity.services import roster_sync_run
from kindred.lib.commands import KindredCommand


class Command(KindredCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Pull even if not due.")

    def handle(self, *args: Any, **options: Any) -> None:
        ran = roster_sync_run(force=options["now"])
        if ran is None:
            self.stdout.write("Roster sync: not due, or not set up.")
            return
        outcome = f"Roster sync {ran.get_last_outcome_display().lower()}: {ran.message_words}"
        if ran.last_outcome != RosterSync.Outcome.DONE:
            raise CommandError(outcome, returncode=1)
        self.stdout.write(outcome)
