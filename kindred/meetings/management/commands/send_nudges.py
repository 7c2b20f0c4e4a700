from typing import Any

from kindred.lib.commands import KindredCommand
from kindred.meetings.services import send_nudges


class Command(KindredCommand):
    help = (
        "Queue nudges for lapsed cadences and unconfirmed meetings, and reminders with the "
        "join link for meetings starting within two hours (run every 15 minutes; repeats "
        "are no-ops)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_nudges()
        self.stdout.write(
            f"cadence nudges {counts['cadence']}, unconfirmed {counts['unconfirmed']}, "
            f"starting soon {counts['soon']}"
        )
