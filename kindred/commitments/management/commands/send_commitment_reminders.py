from typing import Any

from kindred.commitments.services import send_commitment_reminders
from kindred.lib.commands import KindredCommand


class Command(KindredCommand):
    help = (
        "Queue commitment reminders: the day before one is due and once it is overdue, "
        "each once (safe to run often)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_commitment_reminders()
        self.stdout.write(f"due soon {counts['due']}, overdue {counts['overdue']}")
