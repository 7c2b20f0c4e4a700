from typing import Any

from django.core.management.base import BaseCommand

from kindred.health.services import send_surveys


class Command(BaseCommand):
    help = "Queue pulse-survey invitations and reminders that are due (safe to run often)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_surveys()
        self.stdout.write(f"invited {counts['invited']}, reminded {counts['reminded']}")
