import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from kindred.engines import matching as engine
from kindred.engines.matching.fairness import audit
from kindred.lib.commands import KindredCommand
from kindred.matching import inputs, services
from kindred.matching.optimality import run_statement, unproven_statement
from kindred.programs.models import Programme


class Command(KindredCommand):
    help = (
        "Run optimal matching for a programme. Without --dry-run the run is stored "
        "as a draft for the managers to review and publish."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--programme", required=True, help="The programme's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Compute and report; store nothing."
        )
        parser.add_argument("--json", type=Path, help="Also write the full result to this file.")
        parser.add_argument(
            "--accept-gap",
            action="store_true",
            help="Exit 0 even when the search reached a budget before proving the result optimal.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme with the slug {options['programme']!r}.")
        data = inputs.engine_inputs(programme, today=timezone.localdate())
        if options["dry_run"]:
            result = engine.match(
                data.mentees, data.mentors, data.settings, timer=time.perf_counter
            )
            summary = self._summary(programme, result, data)
        else:
            run = services.run_start(actor=None, programme=programme)  # the operator
            run = services.run_execute(run.pk)
            summary = {
                "run": run.pk,
                "pairs": run.proposals.count(),
                "unmatched": len(run.unmatched),
                "objective": run.objective,
                "bound": run.bound,
                "gap": run.gap,
                "unproven": run_statement(run),
                "text_method": run.text_method,
                "input_hash": run.input_hash,
                "audit": run.audit,
            }
        self.stdout.write(
            f"{summary['pairs']} pairs, {summary['unmatched']} unmatched; total compatibility "
            f"{summary['objective']:.3f}, bound {summary['bound']:.3f}, gap {summary['gap']}"
        )
        if options["json"]:
            options["json"].write_text(json.dumps(summary, indent=2, default=str))
            self.stdout.write(f"Wrote {options['json']}")
        if summary["unproven"]:
            self.stderr.write(summary["unproven"])
            if not options["accept_gap"]:
                raise CommandError(
                    "The result is not proven optimal; pass --accept-gap to accept it."
                )

    def _summary(
        self, programme: Programme, result: engine.MatchResult, data: inputs.EngineInputs
    ) -> dict[str, Any]:
        pool = [p.id for p in data.mentees]
        groups = inputs.audit_groups(programme, pool + [p.id for p in data.mentors])
        return {
            "pairs": len(result.pairs),
            "unmatched": len(result.unmatched) + len(data.incomplete),
            "objective": result.objective,
            "bound": result.bound,
            "gap": result.gap,
            "unproven": unproven_statement(
                result.stopped, result.more_matchable, result.possible_improvement
            ),
            "text_method": result.text_method,
            "input_hash": data.fingerprint(),
            "proposals": [asdict(p) for p in result.pairs],
            "audit": [asdict(a) for a in audit(result.pairs, pool, data.capacities, groups)],
        }
