from typing import Any

from kindred.health.services import compute_health
from kindred.lib.commands import KindredCommand
from kindred.programs.models import Programme


class Command(KindredCommand):
    help = (
        "Recompute every relationship's and circle's health for today and alert managers "
        "(run daily)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--programme", help="one programme's slug (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        programmes = Programme.objects.all()
        if options["programme"]:
            programmes = programmes.filter(slug=options["programme"])
        for programme in programmes:
            counts = compute_health(programme)
            said = (
                f"{counts['circles']} circles scored"
                if programme.is_circles
                else f"{counts['relationships']} scored, {counts['at_risk']} at risk "
                f"({counts['newly_at_risk']} new)"
            )
            self.stdout.write(f"{programme.slug}: {said}")
