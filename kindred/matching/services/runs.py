"""Matching runs: start one, execute it (the engine, its certificate and
the fairness audit), and store the proposals for review."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import asdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindred.accounts.models import User
from kindred.engines import matching as engine
from kindred.engines.matching.fairness import audit
from kindred.lib import logs, metrics
from kindred.lib.errors import Conflict
from kindred.lib.jobs import run_later
from kindred.lib.phrases import Phrase, kept, phrase
from kindred.matching import formation, inputs
from kindred.matching.models import MatchRun, Proposal
from kindred.matching.results import labelled, left_out, peer_row, proposal_row
from kindred.programs.models import Programme
from kindred.programs.policies import require_programme_manager


@logs.logged
@transaction.atomic
def run_start(
    *, actor: User | None, programme: Programme, pins: Sequence[tuple[int, int]] = ()
) -> MatchRun:
    require_programme_manager(actor, programme, gettext_noop("run its matching"))
    if MatchRun.objects.filter(
        programme=programme, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
    ).exists():
        raise Conflict(_("A matching run is already in progress for this programme."))
    run = MatchRun.objects.create(
        programme=programme, created_by=actor, settings={"pins": [list(p) for p in pins]}
    )
    run_id = run.pk
    run_later("kindred.matching.tasks.run_matching", run_id)
    return run


def _progress(run: MatchRun, percent: int, note: Phrase) -> None:
    # Written by the background run, read by managers in their own language.
    MatchRun.objects.filter(pk=run.pk).update(progress=percent, progress_note=kept(note))


WRITING = phrase("Writing explanations and the fairness audit")
ABANDONED_AFTER = dt.timedelta(hours=2)  # far beyond any run's time budget


def run_execute(run_id: int, *, today: dt.date | None = None) -> MatchRun:
    """The background task's body: gather the pool, solve, explain, audit."""
    run = MatchRun.objects.select_related("programme").get(pk=run_id)
    # Claimed once: a task delivered twice (queues deliver at least once)
    # finds the run taken and leaves it as it is, unless the worker that took
    # it died long ago (its results are written in one transaction, so none
    # of them are there).
    takeable = Q(status=MatchRun.Status.QUEUED) | Q(
        status=MatchRun.Status.RUNNING, started_at__lt=timezone.now() - ABANDONED_AFTER
    )
    claimed = MatchRun.objects.filter(takeable, pk=run.pk).update(
        status=MatchRun.Status.RUNNING,
        started_at=timezone.now(),
        progress=5,
        progress_note=kept(phrase("Gathering profiles")),
    )
    if not claimed:
        return run
    with metrics.timed(metrics.MATCHING_RUN_SECONDS, format=run.programme.format):
        _execute(run, today)
    run.refresh_from_db()
    return run


def _execute(run: MatchRun, today: dt.date | None) -> None:
    try:
        pins = tuple(tuple(p) for p in run.settings.get("pins", []))
        data = inputs.engine_inputs(run.programme, today=today or timezone.localdate(), pins=pins)
        _progress(
            run,
            30,
            phrase(
                "Scoring %(mentees)s mentees against %(mentors)s mentors",
                mentees=len(data.mentees),
                mentors=len(data.mentors),
            ),
        )
        if run.programme.is_peer:
            data = inputs.peer_inputs(run.programme, today=today or timezone.localdate())
            _progress(run, 30, phrase("Pairing %(peers)s peers", peers=len(data.mentees)))
            peers = engine.match_peers(data.mentees, data.settings, timer=time.perf_counter)
            _progress(run, 80, WRITING)
            with transaction.atomic():
                _store_peers(run, data, peers)
        elif run.programme.is_circles:
            formed = formation.form(run.programme, data)
            _progress(run, 80, WRITING)
            with transaction.atomic():
                _store_circles(run, data, formed)
        else:
            result = engine.match(
                data.mentees, data.mentors, data.settings, timer=time.perf_counter
            )
            _progress(run, 80, WRITING)
            with transaction.atomic():
                _store_result(run, data, result)
    except Exception as exc:  # the run records any failure for the manager to see
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise


def _store_result(run: MatchRun, data: inputs.EngineInputs, result: engine.MatchResult) -> None:
    _store_pairs(run, data, result.pairs, result.unmatched)
    run.engine_version = result.engine_version
    run.text_method = result.text_method
    run.objective, run.bound, run.gap = result.objective, result.bound, result.gap
    run.feasible_pairs = result.feasible_pairs
    run.certificate_rounds = result.certificate_rounds
    run.stopped, run.more_matchable = result.stopped, result.more_matchable
    run.timings = {k: round(v, 3) for k, v in result.timings.items()}
    run.save()


def _store_circles(run: MatchRun, data: inputs.EngineInputs, formed: formation.Formed) -> None:
    """Each member's place with their facilitator is a proposal (explained
    both ways, as a pair's is); circles set aside for being too small make
    the run not certified, and say so."""
    result = formed.result
    _store_pairs(run, data, result.pairs, result.unplaced)
    run.engine_version = engine.ENGINE_VERSION
    run.objective, run.bound, run.gap = result.objective, result.bound, result.gap
    run.stopped = result.stopped or (formation.SET_ASIDE if result.not_formed else "")
    run.timings = {"total": round(formed.seconds, 3)}
    run.settings = {
        **run.settings,
        "circles": formed.rules_snapshot
        | {
            "backgrounds": result.backgrounds,
            "not_formed": result.not_formed,
        },
    }
    run.save()


def _store_peers(run: MatchRun, data: inputs.EngineInputs, result: engine.PeerResult) -> None:
    """Each peer pair as a proposal, explained to each side as it sees the
    other; the audit reads every pair from both sides (no mentor side)."""
    people = {p.id: p for p in data.mentees}
    Proposal.objects.bulk_create(
        [peer_row(run, pair, people, data.settings) for pair in result.pairs], batch_size=500
    )
    both_ways = [side for pair in result.pairs for side in (pair.as_first, pair.as_second)]
    _store_pairs(
        run,
        data,
        both_ways,
        [engine.Unmatched(p, "no_peer", 0) for p in result.unmatched],
        proposals=False,
    )
    run.engine_version = engine.ENGINE_VERSION
    run.objective, run.bound, run.gap = result.objective, result.bound, result.gap
    run.feasible_pairs = result.candidate_pairs
    run.certificate_rounds = min(result.pricing_rounds, 32767)
    run.stopped = "" if result.certified else "rounds"
    run.more_matchable = result.more_matchable
    run.timings = {k: round(v, 3) for k, v in result.timings.items()}
    run.mentors_considered = 0
    run.save()


def _store_pairs(
    run: MatchRun,
    data: inputs.EngineInputs,
    pairs: list[engine.Pair],
    unplaced: list[engine.Unmatched],
    *,
    proposals: bool = True,
) -> None:
    """The proposals, who was left out and why, and the fairness audit."""
    people = {p.id: p for p in [*data.mentees, *data.mentors]}
    if proposals:
        Proposal.objects.bulk_create(
            [proposal_row(run, pair, people, data.settings) for pair in pairs], batch_size=500
        )
    unmatched = (
        [
            {"mentee": u.mentee_id, "reason": u.reason, "feasible_mentors": u.feasible_mentors}
            for u in unplaced
        ]
        + left_out(data.incomplete, "intake_incomplete")
        + left_out(data.modules_missing, "modules_required")
    )
    pool = [p.id for p in data.mentees] + data.incomplete + data.modules_missing
    groups = inputs.audit_groups(run.programme, pool + [p.id for p in data.mentors])
    run.settings = {
        **run.settings,
        **inputs.settings_snapshot(data.settings),
        "mentors_waiting_on_modules": len(data.mentors_waiting),
    }
    run.input_hash = data.fingerprint()
    run.mentees_considered, run.mentors_considered = len(data.mentees), len(data.mentors)
    run.unmatched = unmatched
    run.audit = [labelled(asdict(a)) for a in audit(pairs, pool, data.capacities, groups)]
    run.status, run.progress, run.progress_note = MatchRun.Status.DONE, 100, kept(phrase("Done"))
    run.finished_at = timezone.now()
