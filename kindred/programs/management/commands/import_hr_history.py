from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from kindred.accounts.models import User
from kindred.lib.commands import KindredCommand
from kindred.lib.errors import DomainError
from kindred.programs.services import hr_history_import


class Command(KindredCommand):
    help = (
        "Import HR history (CSV or .xlsx with the columns email, date, event, value): "
        "who joined, who left and why, level, department and location changes, for "
        "everyone in the directory. Every row is validated first; nothing is kept "
        "unless all rows are valid. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--actor", required=True, help="E-mail of the organisation admin running the import."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(email=options["actor"].lower()).first()
        if actor is None:
            raise CommandError(f"No one with the e-mail address {options['actor']!r}.")
        path: Path = options["file"]
        data = self.read_file(path)
        try:
            summary = hr_history_import(actor=actor, data=data, filename=path.name)
        except DomainError as exc:
            raise CommandError(exc.with_first_lines(20)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Kept {summary.changes} changes for {summary.people} people.")
        )
