"""Matching runs: start one, execute it (the engine, its certificate and
the fairness audit), and store the proposals for review."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from kindred.accounts.models import User
from kindred.engines import matching as engine
from kindred.engines.matching.fairness import audit
from kindred.lib.errors import Conflict
from kindred.lib.jobs import run_later
from kindred.matching import inputs
from kindred.matching.models import MatchRun, Proposal
from kindred.profiles.models import Demographics
from kindred.programs.models import Programme
from kindred.programs.policies import require_programme_manager


def reasons_json(reasons: Sequence[engine.Reason]) -> list[dict[str, object]]:
    return [{"component": r.component, "text": r.text, "weight": r.contribution} for r in reasons]


@transaction.atomic
def run_start(
    *, actor: User | None, programme: Programme, pins: Sequence[tuple[int, int]] = ()
) -> MatchRun:
    require_programme_manager(actor, programme, "run its matching")
    if MatchRun.objects.filter(
        programme=programme, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
    ).exists():
        raise Conflict("A matching run is already in progress for this programme.")
    run = MatchRun.objects.create(
        programme=programme, created_by=actor, settings={"pins": [list(p) for p in pins]}
    )
    run_id = run.pk
    run_later("kindred.matching.tasks.run_matching", run_id)
    return run


def _progress(run: MatchRun, percent: int, note: str) -> None:
    MatchRun.objects.filter(pk=run.pk).update(progress=percent, progress_note=note)


def run_execute(run_id: int, *, today: dt.date | None = None) -> MatchRun:
    """The background task's body: gather the pool, solve, explain, audit."""
    run = MatchRun.objects.select_related("programme").get(pk=run_id)
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.RUNNING,
        started_at=timezone.now(),
        progress=5,
        progress_note="Gathering profiles",
    )
    try:
        pins = tuple(tuple(p) for p in run.settings.get("pins", []))
        data = inputs.engine_inputs(run.programme, today=today or timezone.localdate(), pins=pins)
        _progress(
            run, 30, f"Scoring {len(data.mentees)} mentees against {len(data.mentors)} mentors"
        )
        result = engine.match(data.mentees, data.mentors, data.settings, timer=time.perf_counter)
        _progress(run, 80, "Writing explanations and the fairness audit")
        with transaction.atomic():
            _store_result(run, data, result)
    except Exception as exc:  # the run records any failure for the manager to see
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    run.refresh_from_db()
    return run


def _store_result(run: MatchRun, data: inputs.EngineInputs, result: engine.MatchResult) -> None:
    people = {p.id: p for p in [*data.mentees, *data.mentors]}
    Proposal.objects.bulk_create(
        [proposal_row(run, pair, people, data.settings) for pair in result.pairs], batch_size=500
    )
    unmatched = (
        [
            {"mentee": u.mentee_id, "reason": u.reason, "feasible_mentors": u.feasible_mentors}
            for u in result.unmatched
        ]
        + _left_out(data.incomplete, "intake_incomplete")
        + _left_out(data.modules_missing, "modules_required")
    )
    pool = [p.id for p in data.mentees] + data.incomplete + data.modules_missing
    groups = inputs.audit_groups(run.programme, pool + [p.id for p in data.mentors])
    run.settings = {
        **run.settings,
        **inputs.settings_snapshot(data.settings),
        "mentors_waiting_on_modules": len(data.mentors_waiting),
    }
    run.engine_version = result.engine_version
    run.input_hash = data.fingerprint()
    run.text_method = result.text_method
    run.objective, run.bound, run.gap = result.objective, result.bound, result.gap
    run.mentees_considered, run.mentors_considered = len(data.mentees), len(data.mentors)
    run.feasible_pairs = result.feasible_pairs
    run.certificate_rounds = result.certificate_rounds
    run.stopped, run.more_matchable = result.stopped, result.more_matchable
    run.timings = {k: round(v, 3) for k, v in result.timings.items()}
    run.unmatched = unmatched
    run.audit = [_labelled(asdict(a)) for a in audit(result.pairs, pool, data.capacities, groups)]
    run.status, run.progress, run.progress_note = MatchRun.Status.DONE, 100, "Done"
    run.finished_at = timezone.now()
    run.save()


def _left_out(mentees: list[int], reason: str) -> list[dict[str, object]]:
    """Mentees kept out of the pool, as unmatched rows with the reason."""
    return [{"mentee": m, "reason": reason, "feasible_mentors": 0} for m in mentees]


ATTRIBUTE_LABELS = {
    "gender": "Gender",
    "age_band": "Age band",
    "ethnicity": "Ethnicity",
    "disability": "Disability",
    "caregiver": "Caring responsibilities",
    "first_generation_professional": "First-generation professional",
}


def _labelled(attribute: dict[str, Any]) -> dict[str, Any]:
    """Readable names for an audited attribute and its groups."""
    names = dict(Demographics.CHOICES.get(attribute["attribute"], []))
    attribute["label"] = ATTRIBUTE_LABELS.get(attribute["attribute"], attribute["attribute"])
    for group in attribute["groups"]:
        group["label"] = names.get(group["group"], group["group"].capitalize())
    return attribute


def proposal_row(
    run: MatchRun, pair: engine.Pair, people: dict[int, engine.Person], settings: engine.Settings
) -> Proposal:
    mentee, mentor = people[pair.mentee_id], people[pair.mentor_id]
    return Proposal(
        run=run,
        mentee_id=pair.mentee_id,
        mentor_id=pair.mentor_id,
        score=pair.score,
        components=pair.components,
        contributions=pair.contributions,
        overlap_hours=pair.overlap_hours,
        pinned=pair.pinned,
        mentee_reasons=reasons_json(engine.explain(pair, mentee, mentor, settings)),
        mentor_reasons=reasons_json(engine.explain(pair, mentee, mentor, settings, to="mentor")),
    )


def draft_again(actor: User, run: MatchRun) -> MatchRun:
    """The run, fresh and locked, if the actor manages its programme and it
    can still be changed."""
    run = MatchRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    require_programme_manager(actor, run.programme, "review its matching")
    if run.status != MatchRun.Status.DONE:
        raise Conflict("This run has not finished.")
    if run.published_at is not None:
        raise Conflict("This run is published; start a new run to change it.")
    return run


@transaction.atomic
def run_rerun(*, actor: User, run: MatchRun) -> MatchRun:
    """A new run that keeps the pairs pinned in this one."""
    run = draft_again(actor, run)
    pins = list(run.proposals.filter(pinned=True).values_list("mentee_id", "mentor_id"))
    return run_start(actor=actor, programme=run.programme, pins=pins)
