from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from kindred.lib.backup import BackupError, restore
from kindred.lib.commands import KindredCommand


class Command(KindredCommand):
    help = (
        "Restore a backup made by `backup` into this installation's database and media "
        "folder. A database that already holds people is refused unless --replace."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Replace a database that holds people."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["archive"], replace=options["replace"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']} "
                f"(Kindred {manifest['kindred']}, {manifest['media_files']} media files)."
            )
        )
