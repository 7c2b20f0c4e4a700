"""Remind, once, everyone invited by e-mail a week ago who has not joined.
The scheduler runs it daily, like the other sweeps (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from kindred.lib.commands import KindredCommand
from kindred.programs.services import email_invitations_remind


class Command(KindredCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = email_invitations_remind()
        self.stdout.write(f"Reminded {reminded} invited {'person' if reminded == 1 else 'people'}.")
