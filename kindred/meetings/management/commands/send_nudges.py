from typing import Any

from kindred.lib.commands import KindredCommand
from kindred.meetings.services import send_nudges


class Command(KindredCommand):
    help = "Queue nudges for lapsed cadences and unconfirmed meetings (safe to run often)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_nudges()
        self.stdout.write(
            f"cadence nudges {counts['cadence']}, unconfirmed {counts['unconfirmed']}"
        )
