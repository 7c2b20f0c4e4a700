from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from kindred.accounts.models import User
from kindred.lib.commands import KindredCommand
from kindred.lib.errors import DomainError
from kindred.programs.models import Programme
from kindred.programs.services import people_import


class Command(KindredCommand):
    help = (
        "Import people from an HR export (CSV) into a programme. Every row is "
        "validated first; nothing is written unless all rows are valid."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--programme", required=True, help="The programme's slug.")
        parser.add_argument(
            "--actor", default="", help="E-mail of the person recorded as running the import."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme with the slug {options['programme']!r}.")
        actor = (
            User.objects.filter(email=options["actor"].lower()).first()
            if options["actor"]
            else None
        )
        path: Path = options["file"]
        data = self.read_file(path)
        try:
            summary = people_import(
                actor=actor,
                programme=programme,
                data=data,
                filename=path.name,
            )
        except DomainError as exc:
            lines = [exc.message]
            lines += [
                f"  line {e['line']}, {e['column'] or 'file'}: {e['message']}" for e in exc.errors
            ]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {summary.rows} rows: {summary.created} new, {summary.updated} updated, "
                f"{summary.enrolled} newly enrolled, {summary.role_changes} role changes."
            )
        )
