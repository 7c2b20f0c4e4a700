from typing import Any

from django.conf import settings

from kindred.demo.builder import DEMO_PASSWORD, MENTEE_INVITE_TOKEN, SIGN_INS, build_demo
from kindred.lib.commands import KindredCommand


class Command(KindredCommand):
    help = "Load (or refresh) the Northwind demo organisation. Safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--people", type=int, default=340)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = build_demo(people_count=options["people"], seed=options["seed"])
        base = settings.KINDRED_BASE_URL
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: Remote Leaders 2026 has {counts['mentors']} mentors and "
                f"{counts['mentees']} mentees; Engineering Growth Circle has "
                f"{counts['second']} people."
            )
        )
        self.stdout.write(f"\n  Kindred is at {base}/\n")
        self.stdout.write(f"  Every demo sign-in uses the password: {DEMO_PASSWORD}")
        for role, email in SIGN_INS.items():
            self.stdout.write(f"    {role:<20} {email}")
        self.stdout.write(f"  Try joining as a new mentee: {base}/invite/{MENTEE_INVITE_TOKEN}/\n")
