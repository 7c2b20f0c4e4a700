"""Read again every connected calendar not read in the last hour (busy
times only), and bring up to date the calendars people asked Kindred to
write their meetings into. The scheduler runs it every 15 minutes
(docs/operations.md); a calendar that fails is noted on its owner's page
and never stops the rest."""

from __future__ import annotations

from typing import Any

from kindred.calendars.services import refresh_calendars, write_calendars
from kindred.lib.commands import KindredCommand


class Command(KindredCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        read = refresh_calendars()
        written = write_calendars()
        self.stdout.write(
            f"Read {read} calendar{'s' if read != 1 else ''}; wrote meetings into {written}."
        )
