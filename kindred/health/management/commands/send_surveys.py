from typing import Any

from kindred.health.services import send_surveys
from kindred.lib.commands import KindredCommand


class Command(KindredCommand):
    help = "Queue pulse-survey invitations and reminders that are due (safe to run often)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_surveys()
        self.stdout.write(f"invited {counts['invited']}, reminded {counts['reminded']}")
