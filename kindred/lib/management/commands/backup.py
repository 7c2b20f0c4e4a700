from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from kindred.lib.backup import BackupError, backup
from kindred.lib.commands import KindredCommand


class Command(KindredCommand):
    help = (
        "Back up the database and the media files into one .tar.gz "
        "(SQLite: a consistent copy while Kindred runs; PostgreSQL: pg_dump)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "archive", type=Path, help="Where to write, e.g. kindred-2026-12-06.tar.gz"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["archive"])
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest['engine']} database and {manifest['media_files']} "
                f"media files to {options['archive']}."
            )
        )
